import assert from "node:assert/strict";
import { ToolFailedError, ToolInputError } from "../../functions/src/errors";
import { FetchFailedError, FetchRefusedError } from "../../functions/src/net/fetchErrors";
import type { ExtractConfig } from "../../functions/src/tools/webConfig";
import { createWebExtractTool } from "../../functions/src/tools/webExtract";
import type { ProgressEvent } from "../../functions/src/progress/tracker";
import {
  CATALOG_PAGES,
  CATALOG_PRODUCTS,
  productName,
  SLOW_PAGE_MS,
  STALE_UNIQUE_PAGES,
} from "../../scripts/demo/catalogSite";
import type { RunningServer } from "../../scripts/demo/listen";
import { DEEP_NESTING, startFixtureSite, startServer } from "../fixtures/fixtureSite";
import { rejection, runTool, TEST_NET } from "../fixtures/toolHarness";

interface Item {
  text: string;
  url?: string;
  cells?: string[];
}
interface Content {
  url: string;
  selector: string | null;
  stopped_because: string;
  pages: string[];
  items: Item[];
}

function tool(config: Partial<ExtractConfig> = {}) {
  return createWebExtractTool({
    config: { net: TEST_NET, maxPages: 20, emptyPagesStop: 2, defaultTarget: 100, ...config },
  });
}

function assertProgressInStep(events: ProgressEvent[]): void {
  assert.ok(events.length > 0, "the tool reported progress");
  let previous = 55;
  for (const event of events) {
    assert.ok(event.percent >= 55 && event.percent <= 80, `percent ${event.percent} is within tool_execution's 55–80`);
    assert.ok(event.percent >= previous, `percent went from ${previous} down to ${event.percent}`);
    previous = event.percent;
  }
}

describe("web_extract", function () {
  this.timeout(15_000);
  let site: RunningServer;

  before(async () => {
    site = await startFixtureSite();
  });
  after(async () => {
    await site.close();
  });

  it("crawls the multi-page fixture: every item, every page, progress from 55 toward 80", async () => {
    const run = await runTool(tool(), { url: `${site.url}/catalog` });
    const content = run.result.content as Content;
    assert.equal(content.items.length, CATALOG_PRODUCTS);
    assert.equal(content.pages.length, CATALOG_PAGES);
    assert.equal(content.selector, "ul.products > li.product", "the product list, not the nav menu or footer");
    assert.equal(content.items[0]?.text, `${productName(0)} $5.00`);
    assert.equal(content.items[0]?.url, `${site.url}/products/1`);
    assert.equal(run.result.stoppedBecause, "no_more_pages");
    assert.equal(run.result.result.pages_visited, CATALOG_PAGES);
    assert.match(run.result.summary, /^extracted 45\/100 items from 5 pages of 127\.0\.0\.1:\d+/);

    assertProgressInStep(run.events);
    assert.equal(run.events.at(-1)?.percent, 66.3, "55 + 25 × 45/100, rounded to a tenth");
    const snapshot = run.tracker.snapshot();
    assert.equal(snapshot.current_step?.message, "items found: 45/100 (page 5)");
    assert.equal(snapshot.total_items_collected, 45);
    assert.equal(snapshot.pages_visited, 5);
    assert.equal(snapshot.items_target, 100);
    assert.equal(snapshot.pages_since_last_increase, 0);
    assert.ok(snapshot.last_progress_timestamp !== null);
  });

  it("stops at the target, with progress reaching 80", async () => {
    const run = await runTool(tool(), { url: `${site.url}/catalog`, target: 25 });
    const content = run.result.content as Content;
    assert.equal(content.items.length, 25);
    assert.equal(content.pages.length, 3);
    assert.equal(run.result.stoppedBecause, "target_reached");
    assertProgressInStep(run.events);
    assert.equal(run.events.at(-1)?.percent, 80);
  });

  it("stops adaptively after N consecutive pages with no new items, and de-duplicates", async () => {
    const run = await runTool(tool({ emptyPagesStop: 2 }), { url: `${site.url}/stale` });
    const content = run.result.content as Content;
    assert.equal(content.items.length, STALE_UNIQUE_PAGES * 10);
    assert.equal(new Set(content.items.map((item) => item.text)).size, content.items.length);
    assert.equal(content.pages.length, STALE_UNIQUE_PAGES + 2);
    assert.equal(run.result.stoppedBecause, "no_new_items");
    assert.equal(run.tracker.snapshot().pages_since_last_increase, 2);
    assertProgressInStep(run.events);

    const patient = await runTool(tool({ emptyPagesStop: 4 }), { url: `${site.url}/stale` });
    assert.equal((patient.result.content as Content).pages.length, STALE_UNIQUE_PAGES + 4);
  });

  it("stops at the page cap", async () => {
    const run = await runTool(tool({ maxPages: 2 }), { url: `${site.url}/catalog` });
    assert.equal((run.result.content as Content).pages.length, 2);
    assert.equal(run.result.stoppedBecause, "page_cap");
  });

  it("stops early with what it has when the deadline arrives, and says so", async () => {
    const deadlineMs = SLOW_PAGE_MS * 2 + 100;
    const started = Date.now();
    const run = await runTool(tool({ deadlineReserveMs: 0 }), { url: `${site.url}/slow` }, { deadlineMs });
    const elapsed = Date.now() - started;
    const content = run.result.content as Content;
    assert.equal(run.result.stoppedBecause, "deadline");
    assert.ok(content.items.length >= 10 && content.items.length < CATALOG_PRODUCTS, `${content.items.length} items`);
    assert.ok(elapsed < deadlineMs + 500, `stopped ${elapsed} ms after starting, deadline was ${deadlineMs} ms`);
    assertProgressInStep(run.events);
  });

  it("does not start a page it has no time for (deadline reserve)", async () => {
    const run = await runTool(
      tool({ deadlineReserveMs: 60_000 }),
      { url: `${site.url}/catalog` },
      { deadlineMs: 30_000 },
    );
    assert.equal(run.result.stoppedBecause, "deadline");
    assert.equal((run.result.content as Content).pages.length, 0);
    assert.equal(run.result.summary, `stopped before fetching ${site.url}/catalog: deadline`);
  });

  it("fails clearly on a page larger than 2 MB", async () => {
    const error = await rejection(runTool(tool(), { url: `${site.url}/big-chunked` }));
    assert.ok(error instanceof FetchFailedError && error instanceof ToolFailedError);
    assert.match(error.message, /^response from .*\/big-chunked exceeds the 2097152-byte limit/);
  });

  it("fails clearly on a server that never answers", async () => {
    const error = await rejection(
      runTool(tool({ net: { ...TEST_NET, totalTimeoutMs: 500 } }), { url: `${site.url}/hang` }),
    );
    assert.ok(error instanceof FetchFailedError);
    assert.match(error.message, /^timed out after 500 ms fetching .*\/hang/);
  });

  it("refuses a redirect to 169.254.169.254", async () => {
    const error = await rejection(runTool(tool(), { url: `${site.url}/redirect-metadata` }));
    assert.ok(error instanceof FetchRefusedError && error instanceof ToolInputError);
    assert.match(
      error.message,
      /^refused to fetch http:\/\/169\.254\.169\.254\/latest\/meta-data\/ \(redirected from .*\): address 169\.254\.169\.254 is link-local \(not public\)$/,
    );
  });

  it("fails clearly on a redirect loop", async () => {
    const error = await rejection(runTool(tool(), { url: `${site.url}/loop-a` }));
    assert.ok(error instanceof ToolFailedError);
    assert.match(error.message, /^redirect loop fetching .*\/loop-a: .*\/loop-a → .*\/loop-b → .*\/loop-a$/);
  });

  it("refuses a non-HTML response", async () => {
    const error = await rejection(runTool(tool(), { url: `${site.url}/data.json` }));
    assert.ok(error instanceof ToolInputError);
    assert.match(error.message, /^web_extract only reads HTML pages: .*\/data\.json is application\/json$/);
  });

  it("obeys a robots.txt disallow", async () => {
    const error = await rejection(runTool(tool(), { url: `${site.url}/private/catalog` }));
    assert.ok(error instanceof ToolInputError);
    assert.match(
      error.message,
      /may not fetch .*\/private\/catalog: .*\/robots\.txt disallows \/private\/catalog for missioncontrolbot/,
    );
  });

  it("treats a robots.txt that answers 5xx as disallow-all (RFC 9309)", async () => {
    const broken = await startServer((request, response) => {
      response.writeHead(request.url === "/robots.txt" ? 503 : 200, { "content-type": "text/html" });
      response.end("<ul><li>a</li><li>b</li><li>c</li></ul>");
    });
    try {
      const error = await rejection(runTool(tool(), { url: `${broken.url}/list` }));
      assert.ok(error instanceof ToolInputError);
      assert.match(error.message, /robots\.txt could not be read \(HTTP 503\)/);
    } finally {
      await broken.close();
    }
  });

  it("refuses a page nested too deep to parse in bounded time, before parsing it", async () => {
    const started = Date.now();
    const error = await rejection(runTool(tool(), { url: `${site.url}/deep` }));
    assert.ok(error instanceof ToolFailedError);
    assert.match(
      error.message,
      new RegExp(`/deep nests tags about ${DEEP_NESTING} deep; web_extract parses at most 2000$`),
    );
    // The message says the pre-parse scan refused it; the bound, loose for a loaded machine, that no parse ran.
    assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);
  });

  it("refuses a page whose open formatting tags the parser would re-create a million times", async () => {
    const ids = Array.from({ length: 1_000 }, (_, i) => `<b id=${i}>`).join("");
    const hostile = `<p>${ids}</p>${"<p>x</p>".repeat(1_000)}`;
    const nested = (n: number) =>
      `<div class=row><b>bold <i>and <a href=/${n}>link ${n}</a></i></b> <p>para <em>em</p></div>`;
    const server = await startServer((request, response) => {
      response.writeHead(200, { "content-type": "text/html" });
      response.end(request.url === "/hostile" ? hostile : [1, 2, 3, 4, 5].map(nested).join(""));
    });
    try {
      const started = Date.now();
      const error = await rejection(runTool(tool(), { url: `${server.url}/hostile` }));
      assert.ok(error instanceof FetchFailedError, String(error));
      assert.match(
        error.message,
        /\/hostile leaves 1000 formatting tags \(<b>, <a>, <font>…\) open at once; web_extract parses at most 50/,
      );
      assert.ok(Date.now() - started < 5_000, `took ${Date.now() - started} ms`);

      const run = await runTool(tool(), { url: `${server.url}/ok`, selector: "div.row" });
      const content = run.result.content as Content;
      assert.equal(content.items.length, 5);
      assert.match(content.items[0]?.text ?? "", /^bold and link 1 para em/);
    } finally {
      await server.close();
    }
  });

  it("extracts what it can from malformed HTML", async () => {
    const run = await runTool(tool(), { url: `${site.url}/malformed`, selector: "div.row" });
    const content = run.result.content as Content;
    assert.ok(content.items.length >= 3, `${content.items.length} items`);
    assert.match(content.items[0]?.text ?? "", /^First bold/);
    assert.equal(run.result.stoppedBecause, "no_more_pages");
  });

  it("uses a planned CSS selector or item kind", async () => {
    const links = await runTool(tool(), { url: `${site.url}/catalog`, selector: "li.product > a", target: "12" });
    const linkItems = (links.result.content as Content).items;
    assert.equal(linkItems.length, 12);
    assert.deepEqual(linkItems[0], { text: productName(0), url: `${site.url}/products/1`, confidence: 1 });

    const rows = await runTool(tool(), { url: `${site.url}/table`, item_kind: "table_rows" });
    const rowItems = (rows.result.content as Content).items;
    assert.equal(rowItems.length, 12, "the header row is not an item");
    assert.deepEqual(rowItems[0]?.cells, [productName(0), "$5.00"]);

    const guessed = await runTool(tool(), { url: `${site.url}/table` });
    assert.equal((guessed.result.content as Content).items.length, 12);
  });

  it("refuses bad input before fetching anything", async () => {
    for (const [input, message] of [
      [{}, /needs input\.url/],
      [{ url: `${site.url}/catalog`, target: 0 }, /target must be a positive whole number/],
      [{ url: `${site.url}/catalog`, selector: "li[" }, /invalid CSS selector "li\["/],
      [{ url: "ftp://example.com/" }, /scheme ftp: is not allowed/],
    ] as const) {
      const error = await rejection(runTool(tool(), input));
      assert.ok(error instanceof ToolInputError, String(error));
      assert.match(error.message, message);
    }
  });

  it("refuses planned selectors with :has() or over 200 characters, before fetching anything", async () => {
    let requests = 0;
    const server = await startServer((_request, response) => {
      requests += 1;
      response.writeHead(200, { "content-type": "text/html" });
      response.end(`<ul>${"<li>a</li>".repeat(10)}</ul><b>x</b>`);
    });
    try {
      for (const [selector, message] of [
        ["li:has(~ li ~ b)", /^selector "li:has\(~ li ~ b\)" uses :has\(\), which is not allowed/],
        ["ul > LI:HAS( ~ b)", /uses :has\(\), which is not allowed/],
        ["li:\\68 as(~ b)", /uses :has\(\), which is not allowed/],
        ["li:is(:has(~b))", /uses :has\(\), which is not allowed/],
        [`li${".x".repeat(100)}`, /^selector is 202 characters; at most 200 are allowed$/],
      ] as const) {
        const error = await rejection(runTool(tool(), { url: `${server.url}/list`, selector }));
        assert.ok(error instanceof ToolInputError, `${selector}: ${String(error)}`);
        assert.match(error.message, message, selector);
      }
      assert.equal(requests, 0, "nothing was fetched");
      const run = await runTool(tool(), { url: `${server.url}/list`, selector: "ul > li:not(.hidden)" });
      assert.equal((run.result.content as Content).items.length, 1, "ten identical items, de-duplicated");
    } finally {
      await server.close();
    }
  });

  it("refuses loopback when loopback is not allowed (the production default)", async () => {
    const error = await rejection(
      runTool(tool({ net: { ...TEST_NET, allowLoopback: false } }), { url: `${site.url}/catalog` }),
    );
    assert.ok(error instanceof FetchRefusedError);
    assert.match(error.message, /address 127\.0\.0\.1 is loopback \(not public\)/);
  });
});
