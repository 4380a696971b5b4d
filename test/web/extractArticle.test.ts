import assert from "node:assert/strict";
import { extractArticle } from "../../functions/src/tools/extract/article/article";
import { createWebExtractTool } from "../../functions/src/tools/webExtract";
import type { RunningServer } from "../../scripts/demo/listen";
import { startServer } from "../fixtures/fixtureSite";
import { runTool, TEST_NET } from "../fixtures/toolHarness";

/** Article mode, and the whole tool on small pages of each kind served on loopback. */
const sentence = (i: number) =>
  `Paragraph ${i} explains how the harbour crane lifts containers of grain, timber and machinery onto the ships that wait in the roads.`;
const LONG = Array.from({ length: 6 }, (_, i) => sentence(i)).join(" ");

const ARTICLE = `<!doctype html><html lang="en"><head><title>Harbour cranes | Port News</title>
  <meta property="og:type" content="article"></head><body>
  <nav><ul>${["Home", "World", "Ports", "Ships", "About"].map((s) => `<li><a href="/${s}">${s}</a></li>`).join("")}</ul></nav>
  <article><h1>How harbour cranes work</h1><p class="byline">By Ada Quay</p>
  ${[1, 2, 3].map((i) => `<p>${sentence(i)} ${sentence(i + 10)}</p>`).join("")}
  <h2>Parts of a crane</h2><ul><li>The boom, which reaches over the ship</li><li>The spreader, which grips a container</li></ul>
  <p>${LONG}</p><pre><code>lift(container, 40)</code></pre>
  <blockquote><p>Cranes never sleep, a harbour master said of the night shift at the terminal.</p></blockquote>
  ${[4, 5, 6].map((i) => `<p>${sentence(i)} ${sentence(i + 20)}</p>`).join("")}</article>
  <aside><h3>Related</h3><ul>${[1, 2, 3, 4].map((i) => `<li><a href="/r/${i}">Related story ${i}</a></li>`).join("")}</ul></aside>
  <footer>Copyright Port News</footer></body></html>`;

/** A listing inside one ASP.NET form, with a next link in words and a second page. */
function formPage(page: number): string {
  const rows = Array.from(
    { length: 10 },
    (_, i) =>
      `<tr class="${i % 2 ? "rowAlt" : "row"}"><td><a href="/notice/${page}-${i}">Notice ${page}-${i}: dredging of berth ${i}</a></td><td>$${i},000</td></tr>`,
  ).join("");
  const next = page === 1 ? `<a href="/notices?page=2">Next &gt;</a>` : `<a href="/notices?page=1">&lt; Prev</a>`;
  return `<html><body><form id="aspnetForm" method="post"><div class="header"><a href="/">Home</a></div>
    <table class="grid"><tr><th>Notice</th><th>Value</th></tr>${rows}</table><div>${next}</div></form></body></html>`;
}

describe("web_extract article mode", function () {
  this.timeout(15_000);
  let server: RunningServer;
  before(async () => {
    server = await startServer((request, response) => {
      const path = request.url ?? "/";
      const body = path.startsWith("/story")
        ? ARTICLE
        : path.startsWith("/notices")
          ? formPage(path.includes("page=2") ? 2 : 1)
          : "";
      response.writeHead(body ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
      response.end(body || "not here");
    });
  });
  after(async () => {
    await server.close();
  });
  const tool = () => createWebExtractTool({ config: { net: TEST_NET, maxPages: 5, emptyPagesStop: 2 } });

  it("extracts the main text with headings, lists, code and quotes, and no menus or footers", () => {
    const article = extractArticle(ARTICLE, new URL("https://port.test/story"));
    assert.ok(article);
    assert.equal(article.title, "Harbour cranes | Port News");
    assert.match(article.markdown, /^## Parts of a crane$/m);
    assert.match(article.markdown, /^- The boom, which reaches over the ship$/m);
    assert.match(article.markdown, /^```\nlift\(container, 40\)\n```$/m);
    assert.match(article.markdown, /^> Cranes never sleep/m);
    assert.ok(article.text.includes(LONG), "a long paragraph is kept whole, not cut at 500 characters");
    assert.doesNotMatch(article.text, /Copyright|Related story|About/);
  });

  it("is chosen by item_kind: article, and by the page itself when the mission does not say", async () => {
    for (const input of [{ url: `${server.url}/story`, item_kind: "article" }, { url: `${server.url}/story` }]) {
      const run = await runTool(tool(), input);
      const content = run.result.content as { mode: string; article?: { text: string }; items: { title?: string }[] };
      assert.equal(content.mode, "article", JSON.stringify(input));
      assert.ok(content.article?.text.includes(sentence(25)), "the last paragraph is there");
      assert.equal(content.items.length, 1, "one item per page of the article");
      assert.equal(content.items[0]?.title, "Harbour cranes | Port News");
      assert.match(run.result.summary, /^extracted the article "Harbour cranes \| Port News" \(\d+ blocks\)/);
    }
  });

  it("reads a listing inside one <form> over its next page, with fields", async () => {
    const run = await runTool(tool(), { url: `${server.url}/notices` });
    const content = run.result.content as {
      mode: string;
      selector: string;
      pages: string[];
      items: { title?: string; url?: string; price?: string }[];
    };
    assert.equal(content.mode, "list");
    assert.equal(content.selector, "table.grid tr");
    assert.equal(content.pages.length, 2);
    assert.equal(content.items.length, 20);
    assert.deepEqual(
      { title: content.items[11]?.title, url: content.items[11]?.url, price: content.items[11]?.price },
      { title: "Notice 2-1: dredging of berth 1", url: `${server.url}/notice/2-1`, price: "$1,000" },
    );
    assert.equal(run.result.stoppedBecause, "no_more_pages");
  });
});
