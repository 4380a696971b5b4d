import assert from "node:assert/strict";
import { load } from "cheerio";
import { extractItems, type ExtractedItem } from "../../functions/src/tools/extract/lists/items";
import { detectList } from "../../functions/src/tools/extract/lists/lists";

/**
 * List detection and item fields on small pages written for these tests, one per failure kind
 * seen on real pages: per-item and alternating classes, indented markup, a page inside one
 * <form>, several tables, menus outside <nav>, vote links, <noscript> images.
 */
const BASE = new URL("http://shop.test/list/");

function detect(html: string): { selector: string; items: ExtractedItem[] } {
  const $ = load(html);
  const list = detectList($);
  assert.ok(list, "a list was found");
  return { selector: list.selector, items: extractItems($, list.selector, BASE, list.confidence) };
}

const words = (i: number) =>
  `Story number ${i} tells about ${["rivers", "bridges", "towers", "forests", "harbours", "valleys"][i % 6]} at length`;

/** A blog index whose theme adds each post's id as a class, with a menu outside <nav> beside it. */
function blogPage(posts: number): string {
  const menu = Array.from(
    { length: 12 },
    (_, i) => `<li class="menu-entry"><a href="/c/${i}">Category ${i} with a longer label for the menu</a></li>`,
  ).join("");
  const items = Array.from(
    { length: posts },
    (_, i) =>
      `<article class="post-${400 + i} post type-post status-publish${i % 3 === 0 ? " sticky" : ""}">
         <h2 class="entry-title"><a href="/p/${400 + i}">Post ${i}: ${words(i)}</a></h2>
         <p>${words(i)}. ${words(i + 1)}.</p></article>`,
  ).join("");
  return `<html><body><div class="subNav"><ul>${menu}</ul></div><main id="posts">${items}</main></body></html>`;
}

describe("web_extract list detection (structure, not class strings)", () => {
  it("finds a list whose items carry per-item classes, and not the menu beside it", () => {
    const { selector, items } = detect(blogPage(8));
    assert.equal(items.length, 8);
    assert.equal(selector, "#posts > article.post.type-post");
    assert.equal(items[0]?.title, `Post 0: ${words(0)}`);
    assert.equal(items[0]?.url, "http://shop.test/p/400");
  });

  it("keeps both halves of a list with alternating row classes", () => {
    const rows = Array.from(
      { length: 10 },
      (_, i) =>
        `<li class="Item ${i % 2 ? "Alt" : ""} Thread"><a class="Title" href="/t/${i}">Thread ${i} about ${words(i)}</a>
         <span class="Meta">${i} comments</span></li>`,
    ).join("");
    const { selector, items } = detect(`<ul class="Threads">${rows}</ul>`);
    assert.equal(items.length, 10);
    assert.equal(selector, "ul.Threads > li.Item.Thread");
  });

  it("counts normalised text, so indented items keep their own text and stay distinct", () => {
    const indent = " ".repeat(400);
    const review = (i: number) =>
      `<li class="review">${indent}<div class="author">${indent}<b>Reviewer</b>${indent}</div>${indent}
       <p class="body">${indent}Review ${i}: ${words(i)}, and the service was ${i % 2 ? "slow" : "quick"}.${indent}</p></li>`;
    const { items } = detect(`<ul class="reviews">${[0, 1, 2, 3].map(review).join("")}</ul>`);
    assert.equal(items.length, 4);
    assert.equal(items[1]?.text, `Reviewer Review 1: ${words(1)}, and the service was slow.`);
    assert.equal(new Set(items.map((item) => item.text)).size, 4, "no two reviews collapse into one");
  });

  it("reads a page whose whole body sits inside one <form> (ASP.NET)", () => {
    const rows = Array.from(
      { length: 30 },
      (_, i) =>
        `<tr class="${i % 2 ? "even" : "odd"}"><td><a href="/n/${i}">Notice ${i}</a></td><td>Agency ${i}</td></tr>`,
    ).join("");
    const page = `<body><form id="aspnetForm" action="/list" method="post"><input type="hidden" name="__VIEWSTATE" value="x">
      <table class="results"><tr><th>Notice</th><th>Agency</th></tr>${rows}</table></form></body>`;
    const { selector, items } = detect(page);
    assert.equal(items.length, 30, "every row, the header row aside");
    assert.equal(selector, "table.results tr");
    assert.deepEqual(items[3]?.cells, ["Notice 3", "Agency 3"]);
  });

  it("anchors the selector on the list's own table, not on an unclassed tbody", () => {
    const table = (cls: string, n: number, label: string) =>
      `<table class="${cls}"><tbody>${Array.from(
        { length: n },
        (_, i) => `<tr><td><a href="/${label}/${i}">${label} ${i}</a></td><td>${words(i)}</td><td>${i * 7}</td></tr>`,
      ).join("")}</tbody></table>`;
    const page = `<body>${table("side", 4, "Top")}${table("ranking", 20, "Clan")}${table("side", 3, "New")}</body>`;
    const $ = load(page);
    const list = detectList($);
    assert.equal(list?.selector, "table.ranking tr");
    assert.equal($(list.selector).length, 20, "no rows of the other tables");
  });

  it("prefers the records to a filter sidebar or mega-menu outside <nav>, and to their byline rows", () => {
    const filters = Array.from(
      { length: 15 },
      (_, i) => `<li><label><input type="checkbox"> Brand number ${i} with long label text (${i * 3})</label></li>`,
    ).join("");
    const rows = Array.from(
      { length: 12 },
      (_, i) =>
        `<tr class="story"><td>${i + 1}.</td><td><a href="vote?id=${i}&how=up"><div class="arrow" title="upvote"></div></a></td>
         <td class="title"><a href="https://news.test/${i}">${words(i)}</a></td></tr>
         <tr><td colspan="2"></td><td class="sub">${i * 10} points by someone ${i} hours ago | <a href="item?id=${i}">${i} comments</a></td></tr>`,
    ).join("");
    const page = `<body><div id="filters" class="facet-sidebar"><ul>${filters}</ul></div>
      <table id="stories">${rows}</table></body>`;
    const { selector, items } = detect(page);
    assert.equal(selector, "#stories tr.story");
    assert.equal(items.length, 12);
    assert.equal(items[0]?.url, "https://news.test/0", "the story link, not the upvote link");
    assert.equal(items[0]?.title, words(0));
  });
});

describe("web_extract item fields", () => {
  const card = (i: number) => `<div class="card">
      <a href="/b/${i}"><img src="/img/${i}-thumb.jpg" alt="Book ${i}: The Long Title of It"></a>
      <h3><a href="/b/${i}" title="Book ${i}: The Long Title of It">Book ${i}: The Long…</a></h3>
      <p class="price"><del>£30.00</del> <span class="price-now">£${20 + i}.50</span></p>
      <time datetime="2024-03-0${i + 1}">March ${i + 1}</time>
      <noscript><img src="/img/${i}-full.jpg"></noscript>
      <script>track(${i})</script><style>.card{}</style></div>`;

  it("reads title (completed from the title attribute), url, price (not the struck one), date, image", () => {
    const { items } = detect(`<section class="grid">${[0, 1, 2, 3].map(card).join("")}</section>`);
    const item = items[2];
    assert.equal(item?.title, "Book 2: The Long Title of It");
    assert.equal(item?.url, "http://shop.test/b/2");
    assert.equal(item?.price, "£22.50");
    assert.equal(item?.date, "2024-03-03");
    assert.equal(item?.image, "http://shop.test/img/2-thumb.jpg");
    assert.ok(item && item.confidence > 0 && item.confidence <= 1, `confidence ${item?.confidence}`);
  });

  it("keeps script, style and <noscript> markup out of the text, and finds a <noscript>-only image", () => {
    const teaser = (i: number) =>
      `<li class="teaser"><a href="/a/${i}">Teaser ${i} ${words(i)}</a><noscript><img src="/lazy/${i}.jpg" alt=""></noscript></li>`;
    const { items } = detect(`<ul class="teasers">${[0, 1, 2].map(teaser).join("")}</ul>${card(9)}`);
    for (const item of items) assert.doesNotMatch(item.text, /<img|src=|track\(|\.card/);
    assert.equal(items[1]?.image, "http://shop.test/lazy/1.jpg");
    const cards = detect(`<section class="grid">${[0, 1, 2].map(card).join("")}</section>`).items;
    assert.doesNotMatch(cards[0]?.text ?? "", /track|\.card|<img/);
  });

  it("stays exact with an explicit selector: only what it matches, confidence 1", () => {
    const $ = load(blogPage(5));
    const items = extractItems($, "#posts h2 a", BASE);
    assert.equal(items.length, 5);
    assert.deepEqual(items[0], { text: `Post 0: ${words(0)}`, url: "http://shop.test/p/400", confidence: 1 });
  });
});
