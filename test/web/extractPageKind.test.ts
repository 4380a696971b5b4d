import assert from "node:assert/strict";
import { extractArticle } from "../../functions/src/tools/extract/article/article";
import { createWebExtractTool } from "../../functions/src/tools/webExtract";
import type { RunningServer } from "../../scripts/demo/listen";
import { startServer } from "../fixtures/fixtureSite";
import { runTool, TEST_NET } from "../fixtures/toolHarness";

/**
 * The page kind decided without being told, and each kind of page that new sites showed:
 * an article with boilerplate around it, a short article beside a list of links, a references
 * list beside the main table, a product grid, a blog paginated over three pages.
 */
const prose = (topic: string, i: number) =>
  `Paragraph ${i} on ${topic}: the survey team walked the old canal towpath at dawn, counting herons, ` +
  `measuring the silt at every lock and noting where the brick lining had given way to roots.`;

const BOILERPLATE_ARTICLE = `<!doctype html><html><head><title>Canal survey</title>
  <meta property="og:type" content="article"></head><body>
  <nav><a href="/">Home</a> <a href="/news">News</a> <a href="/sport">Sport</a></nav>
  <div class="share-bar"><a href="/s/fb">Share on Facebook</a> <a href="/s/tw">Share on Twitter</a></div>
  <article><h1>What the canal survey found</h1>
  ${[1, 2, 3].map((i) => `<p>${prose("the canal", i)}</p>`).join("")}
  <blockquote><p>We found kingfishers nesting under the third lock, said the survey's leader.</p></blockquote>
  <ul><li>Twelve locks surveyed end to end</li><li>Four culverts blocked by silt</li></ul>
  <table><tr><th>Lock</th><th>Silt (cm)</th></tr><tr><td>Lock 3</td><td>41</td></tr><tr><td>Lock 7</td><td>18</td></tr></table>
  <pre><code>silt_depth(lock=3) == 41</code></pre>
  ${[4, 5].map((i) => `<p>${prose("the locks", i)}</p>`).join("")}</article>
  <div class="newsletter"><p>Sign up for our newsletter to get the week's stories in your inbox every Friday.</p></div>
  <section class="related-posts"><h3>Related posts</h3>${[1, 2, 3, 4]
    .map((i) => `<div class="teaser"><a href="/p/${i}">A related story about waterways number ${i}</a></div>`)
    .join("")}</section>
  <section id="comments"><h3>Comments</h3>${[1, 2, 3]
    .map((i) => `<div class="comment"><p>Commenter ${i} thinks the towpath needs new gravel before winter.</p></div>`)
    .join("")}</section>
  <footer>Copyright The Canal Times</footer></body></html>`;

/** A short declared article beside a strip of video links that carry titles. */
const SHORT_ARTICLE = `<html><head><title>Lock reopens</title>
  <script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":"Lock reopens"}</script>
  </head><body><div class="story"><h1>Lock 7 reopens after repairs</h1>
  <p>${prose("lock 7", 1)}</p><p>${prose("lock 7", 2)}</p></div>
  <ul class="videos">${[1, 2, 3, 4, 5, 6]
    .map((i) => `<li><a href="/v/${i}"><img src="/v${i}.jpg"> Watch: boats queue at lock number ${i} today</a></li>`)
    .join("")}</ul></body></html>`;

/** No repeated structure at all: the list reading finds nothing, the article reading does. */
const NO_LIST = `<html><head><title>A note</title></head><body><div id="main"><h1>A note on dredging</h1>
  <p>${prose("dredging", 1)}</p><div>${prose("dredging", 2)}</div></div></body></html>`;

/** The main table of 12 rows, and a references list of 20 short citations under it. */
const TABLE_WITH_REFERENCES = `<html><head><title>Canal locks</title></head><body><h1>Locks of the canal</h1>
  <table class="locks"><tr><th>Lock</th><th>Rise</th><th>Built</th></tr>${Array.from(
    { length: 12 },
    (_, i) =>
      `<tr><td><a href="/lock/${i}">Lock ${i} at Milepost ${i * 3}</a></td><td>${2 + (i % 3)} m</td><td>18${10 + i}</td></tr>`,
  ).join("")}</table>
  <h2>References</h2><ol class="references">${Array.from(
    { length: 20 },
    (_, i) =>
      `<li><a href="#cite-${i}">^</a> <a href="https://archive.example/${i}">Canal records, vol. ${i}</a>, p. ${i + 3}.</li>`,
  ).join("")}</ol></body></html>`;

/** A product grid of 15 cards in rows of 5 (a row per <div class="row">). */
const PRODUCT_GRID = `<html><head><title>Rope</title></head><body><h1>Mooring rope</h1><div class="grid">${[0, 1, 2]
  .map(
    (row) =>
      `<div class="row">${[0, 1, 2, 3, 4]
        .map((col) => {
          const n = row * 5 + col;
          return `<div class="card"><a href="/p/${n}"><img src="/p${n}.jpg"><h3>Braided mooring rope ${n} mm</h3></a><span class="price">$${n + 10}.00</span></div>`;
        })
        .join("")}</div>`,
  )
  .join("")}</div></body></html>`;

/** One page of a blog of three: five post summaries each, "Older posts" to the next. */
function blogPage(page: number): string {
  const posts = [0, 1, 2, 3, 4]
    .map(
      (i) =>
        `<article class="post post-${page * 10 + i}"><h2><a href="/post/${page}-${i}">Post ${page}-${i}: a walk along the towpath</a></h2><p>${prose("walks", i).slice(0, 90)}</p></article>`,
    )
    .join("");
  const older = page < 3 ? `<a class="next" href="/blog/page/${page + 1}">Older posts</a>` : "";
  return `<html><head><title>Towpath blog - page ${page}</title></head><body><div id="posts">${posts}</div>
    <div class="nav-links">${older}</div></body></html>`;
}

const PAGES: Record<string, string> = {
  "/boilerplate": BOILERPLATE_ARTICLE,
  "/short": SHORT_ARTICLE,
  "/nolist": NO_LIST,
  "/locks": TABLE_WITH_REFERENCES,
  "/rope": PRODUCT_GRID,
  "/blog": blogPage(1),
  "/blog/page/2": blogPage(2),
  "/blog/page/3": blogPage(3),
};

interface Content {
  mode: string;
  selector: string | null;
  pages: string[];
  page_kind: { kind: string; evidence: { reason: string } } | null;
  article?: { text: string };
  items: { title?: string; url?: string; price?: string; text: string }[];
}

describe("web_extract page kind and new kinds of pages", function () {
  this.timeout(20_000);
  let server: RunningServer;
  before(async () => {
    server = await startServer((request, response) => {
      const body = PAGES[request.url ?? "/"];
      response.writeHead(body ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
      response.end(body ?? "not here");
    });
  });
  after(async () => {
    await server.close();
  });
  const tool = () => createWebExtractTool({ config: { net: TEST_NET, maxPages: 5, emptyPagesStop: 2 } });
  const read = async (path: string) =>
    (await runTool(tool(), { url: `${server.url}${path}` })).result.content as Content;

  it("keeps an article's paragraphs, quote, list, table and code and leaves its boilerplate out", () => {
    const article = extractArticle(BOILERPLATE_ARTICLE, new URL("https://canal.test/boilerplate"));
    assert.ok(article);
    for (const kept of [
      prose("the canal", 1),
      "We found kingfishers",
      "Four culverts blocked",
      "Lock 3 | 41",
      "silt_depth",
    ])
      assert.ok(article.text.includes(kept), `kept: ${kept}`);
    for (const dropped of ["Sport", "Share on Facebook", "newsletter", "related story", "Commenter 2", "Copyright"])
      assert.ok(!article.text.includes(dropped), `dropped: ${dropped}`);
  });

  it("reads an article page as an article without being told, and records why", async () => {
    const content = await read("/boilerplate");
    assert.equal(content.mode, "article");
    assert.equal(content.page_kind?.kind, "article");
    assert.match(content.page_kind?.evidence.reason ?? "", /./);
    assert.ok(content.article?.text.includes(prose("the locks", 5)));
  });

  it("reads a short declared article beside a strip of titled links as the article", async () => {
    const content = await read("/short");
    assert.equal(content.mode, "article", JSON.stringify(content.page_kind));
    assert.ok(content.article?.text.includes(prose("lock 7", 2)));
    assert.ok(!content.article?.text.includes("Watch: boats queue"));
  });

  it("falls back to the article when the list reading finds nothing", async () => {
    const content = await read("/nolist");
    assert.equal(content.mode, "article", JSON.stringify(content.page_kind));
    assert.ok(content.article?.text.includes(prose("dredging", 2)));
  });

  it("takes the main table, not the references list under it", async () => {
    const content = await read("/locks");
    assert.equal(content.mode, "list");
    assert.equal(content.items.length, 12, content.selector ?? "no selector");
    assert.equal(content.items[3]?.url, `${server.url}/lock/3`);
  });

  it("reads a product grid of 15 cards in rows of 5 as 15 items with title, url and price", async () => {
    const content = await read("/rope");
    assert.equal(content.items.length, 15, content.selector ?? "no selector");
    assert.deepEqual(
      { title: content.items[14]?.title, url: content.items[14]?.url, price: content.items[14]?.price },
      { title: "Braided mooring rope 14 mm", url: `${server.url}/p/14`, price: "$24.00" },
    );
  });

  it("follows a paginated blog over all three of its pages", async () => {
    const content = await read("/blog");
    assert.equal(content.mode, "list");
    assert.equal(content.pages.length, 3);
    assert.equal(content.items.length, 15);
    assert.equal(content.items[14]?.url, `${server.url}/post/3-4`);
  });
});
