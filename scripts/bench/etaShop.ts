import type { IncomingMessage, ServerResponse } from "node:http";
import { listen, type RunningServer } from "../demo/listen";

/**
 * The ETA bench's shop: SHOP_PAGES pages of SHOP_ITEMS_PER_PAGE products with rel=next
 * pagination, each page held back by the current timing (even, uneven, slower, faster). One mission
 * crawls it at a time, so the timing can be switched between runs.
 */
export const SHOP_PAGES = 10;
export const SHOP_ITEMS_PER_PAGE = 10;

export type PageTiming = (page: number) => number;

export const TIMINGS = {
  even: () => 800,
  uneven: (page: number) => (page <= 5 ? 100 : 1500),
  slower: () => 1280,
  faster: () => 480,
} satisfies Record<string, PageTiming>;

function page(index: number): string {
  const first = (index - 1) * SHOP_ITEMS_PER_PAGE;
  const items = Array.from(
    { length: SHOP_ITEMS_PER_PAGE },
    (_, offset) =>
      `<li class="product"><a href="/p/${first + offset + 1}">Product ${first + offset + 1}</a> <span class="price">$${(first + offset + 5).toFixed(2)}</span></li>`,
  ).join("\n");
  const next = index < SHOP_PAGES ? `<a rel="next" href="/shop?page=${index + 1}">Next</a>` : "";
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Shop, page ${index}</title></head>
<body><main><h1>Shop</h1><ul class="products">\n${items}\n</ul><div class="pagination">${next}</div></main></body></html>`;
}

export interface BenchShop {
  url: string;
  setTiming(timing: PageTiming): void;
  close(): Promise<void>;
}

export async function startBenchShop(): Promise<BenchShop> {
  let timing: PageTiming = TIMINGS.even;
  const server: RunningServer = await listen((request: IncomingMessage, response: ServerResponse) => {
    const url = new URL(request.url ?? "/", "http://shop.local");
    if (url.pathname === "/robots.txt") {
      response.writeHead(200, { "content-type": "text/plain" });
      response.end("User-agent: *\nAllow: /\n");
      return;
    }
    const index = Number(url.searchParams.get("page") ?? "1");
    if (url.pathname !== "/shop" || !Number.isInteger(index) || index < 1 || index > SHOP_PAGES) {
      response.writeHead(404, { "content-type": "text/plain" });
      response.end("not found");
      return;
    }
    setTimeout(() => {
      response.writeHead(200, { "content-type": "text/html; charset=utf-8" });
      response.end(page(index));
    }, timing(index));
  });
  return { url: `${server.url}/shop?page=1`, setTiming: (next) => (timing = next), close: () => server.close() };
}
