import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * A small paginated shop that web_extract can crawl: the demo (`npm start`) and the tests
 * serve it on loopback. Routes:
 *   /                      home with a link to the catalog
 *   /catalog?page=N        CATALOG_PAGES pages of products, <a rel=next> pagination, nav/footer chrome
 *   /stale?page=N          2 pages of new products, then pages that repeat page 2 (adaptive stop)
 *   /slow?page=N           like /catalog but each page takes SLOW_PAGE_MS (deadline tests)
 *   /table                 products in a table, with a header row
 *   /private/catalog       a catalog page robots.txt disallows
 *   /robots.txt            disallows /private/ for every agent
 */
export const CATALOG_PAGES = 5;
export const PRODUCTS_PER_PAGE = 10;
export const CATALOG_PRODUCTS = 45;
export const STALE_UNIQUE_PAGES = 2;
export const STALE_MAX_PAGES = 50;
export const SLOW_PAGE_MS = 150;

const ADJECTIVES = ["Amber", "Brisk", "Cobalt", "Dusky", "Ember", "Frosted", "Gilded", "Hazel", "Ivory"];
const NOUNS = ["Kettle", "Lantern", "Mug", "Notebook", "Pencil"];

export function productName(index: number): string {
  return `${ADJECTIVES[index % ADJECTIVES.length]} ${NOUNS[Math.floor(index / ADJECTIVES.length) % NOUNS.length]} #${index + 1}`;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);
}

function layout(title: string, body: string, headExtra = ""): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>${headExtra}</head>
<body>
<header><nav class="menu"><ul><li><a href="/">Home</a></li><li><a href="/catalog">Catalog</a></li><li><a href="/table">Table</a></li><li><a href="/about">About</a></li></ul></nav></header>
<main><h1>${escapeHtml(title)}</h1>
${body}
</main>
<footer><ul><li>Terms</li><li>Privacy</li><li>Contact</li></ul></footer>
</body></html>`;
}

function productList(first: number, count: number): string {
  const items = [];
  for (let i = first; i < first + count && i < CATALOG_PRODUCTS; i += 1) {
    items.push(
      `<li class="product"><a href="/products/${i + 1}">${escapeHtml(productName(i))}</a> <span class="price">$${(5 + i * 1.25).toFixed(2)}</span></li>`,
    );
  }
  return `<ul class="products">\n${items.join("\n")}\n</ul>`;
}

function pager(path: string, page: number, last: number): { links: string; head: string } {
  const next = page < last ? `${path}?page=${page + 1}` : null;
  const prev = page > 1 ? `${path}?page=${page - 1}` : null;
  return {
    head: next ? `<link rel="next" href="${next}">` : "",
    links: `<div class="pagination">${prev ? `<a href="${prev}" rel="prev">Previous</a>` : ""} <span>Page ${page} of ${last}</span> ${
      next ? `<a href="${next}" rel="next">Next</a>` : ""
    }</div>`,
  };
}

function catalogPage(path: string, page: number, last: number, firstProduct: number): string {
  const { links, head } = pager(path, page, last);
  return layout(`Catalog — page ${page}`, `${productList(firstProduct, PRODUCTS_PER_PAGE)}\n${links}`, head);
}

function tablePage(): string {
  const rows = Array.from(
    { length: 12 },
    (_, i) => `<tr><td>${escapeHtml(productName(i))}</td><td>$${(5 + i * 1.25).toFixed(2)}</td></tr>`,
  );
  return layout(
    "Price table",
    `<table><thead><tr><th>Product</th><th>Price</th></tr></thead><tbody>${rows.join("")}</tbody></table>`,
  );
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { "content-type": type, "content-length": Buffer.byteLength(body) });
  response.end(body);
}

function pageNumber(url: URL): number {
  const page = Number(url.searchParams.get("page") ?? "1");
  return Number.isInteger(page) && page >= 1 ? page : 1;
}

/** Handles the catalog routes; returns false for any other path so a caller can add routes. */
export function handleCatalog(request: IncomingMessage, response: ServerResponse): boolean {
  const url = new URL(request.url ?? "/", "http://catalog.local");
  const page = pageNumber(url);
  const html = "text/html; charset=utf-8";
  switch (url.pathname) {
    case "/":
      send(response, 200, html, layout("Demo shop", `<p>Browse the <a href="/catalog">catalog</a>.</p>`));
      return true;
    case "/robots.txt":
      send(response, 200, "text/plain", "User-agent: *\nDisallow: /private/\n");
      return true;
    case "/catalog":
    case "/private/catalog":
      if (page > CATALOG_PAGES) return false;
      send(response, 200, html, catalogPage(url.pathname, page, CATALOG_PAGES, (page - 1) * PRODUCTS_PER_PAGE));
      return true;
    case "/stale": {
      if (page > STALE_MAX_PAGES) return false;
      const first = (Math.min(page, STALE_UNIQUE_PAGES) - 1) * PRODUCTS_PER_PAGE;
      send(response, 200, html, catalogPage("/stale", page, STALE_MAX_PAGES, first));
      return true;
    }
    case "/slow":
      if (page > CATALOG_PAGES) return false;
      setTimeout(
        () => send(response, 200, html, catalogPage("/slow", page, CATALOG_PAGES, (page - 1) * PRODUCTS_PER_PAGE)),
        SLOW_PAGE_MS,
      );
      return true;
    case "/table":
      send(response, 200, html, tablePage());
      return true;
    default:
      return false;
  }
}
