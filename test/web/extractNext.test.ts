import assert from "node:assert/strict";
import { load } from "cheerio";
import { findNextPage } from "../../functions/src/tools/extract/pagination/pagination";
import { labelMeaning } from "../../functions/src/tools/extract/pagination/nextLabels";

/** Next-page detection on small pages written for these tests. */
const HERE = new URL("https://forum.test/board/?page=3");

function next(body: string, current = HERE, head = ""): string | null {
  return findNextPage(load(`<html><head>${head}</head><body>${body}</body></html>`), current, new Set())?.href ?? null;
}

/** A pager: a previous link, numbered pages around the current one (3), and `forward` as the last link. */
function pager(forward: string): string {
  return `<div class="pages"><a href="?page=2">‹ Prev</a> <a href="?page=1">1</a> <a href="?page=2">2</a>
    <b>3</b> <a href="?page=4">4</a> <a href="?page=5">5</a> ${forward}</div>`;
}

describe("web_extract next-page detection", () => {
  it("reads next labels in many languages, with or without arrows and spaces", () => {
    for (const label of [
      "Next",
      "Next >",
      "Next→",
      "next ›",
      "Next Page »",
      "NEXT",
      "Siguiente",
      "Suivant »",
      "Weiter",
      "Nächste Seite",
      "Pagina successiva",
      "Następna",
      "Вперёд",
      "Далее",
      "След.",
      "下一页",
      "次のページ",
      "다음",
      "Older posts",
    ]) {
      assert.equal(next(`<p>text</p><a href="/board/?page=4">${label}</a>`), "https://forum.test/board/?page=4", label);
    }
  });

  it("follows a bare arrow in a pager, and an icon link labelled only by title, aria-label or icon class", () => {
    assert.equal(next(pager(`<a href="?page=4">›</a>`)), "https://forum.test/board/?page=4");
    assert.equal(next(pager(`<a href="?page=4">&gt;</a>`)), "https://forum.test/board/?page=4");
    assert.equal(
      next(`<a href="?page=4" title="Next Page"><img src="/i/r.gif"></a>`),
      "https://forum.test/board/?page=4",
    );
    assert.equal(
      next(`<a href="?page=4" aria-label="Go to next page"><svg></svg></a>`),
      null,
      "a sentence is not a label",
    );
    assert.equal(next(`<a href="?page=4" aria-label="Next page"><svg></svg></a>`), "https://forum.test/board/?page=4");
    assert.equal(
      next(pager(`<a class="btn" href="?page=4"><i class="icon-chevron-right"></i></a>`)),
      "https://forum.test/board/?page=4",
    );
    assert.equal(
      next(`<a href="/board/?page=4"><img alt="Next" src="/n.png"></a>`),
      "https://forum.test/board/?page=4",
    );
  });

  it("follows rel=next (link or a), and an http:// next link from an https:// page of the same site", () => {
    assert.equal(next("<p>x</p>", HERE, `<link rel="next" href="/board/?page=4">`), "https://forum.test/board/?page=4");
    assert.equal(next(`<a rel="next" href="http://forum.test/board/?page=4">4</a>`), "http://forum.test/board/?page=4");
    assert.equal(next(`<a rel="next" href="https://elsewhere.test/board/?page=4">Next</a>`), null, "another site");
  });

  it("never follows previous, first/last or rel=prev links, nor a calendar's month arrows", () => {
    assert.equal(next(`<a rel="prev" href="?page=2">Next</a>`), null, "rel=prev wins over a misleading label");
    assert.equal(
      next(`<a href="?page=2">« Previous</a> <a href="?page=9">Last »</a> <a href="?page=1">First</a>`),
      null,
    );
    assert.equal(next(`<a href="?page=2">Назад</a> <a href="?page=2">上一页</a> <a href="?page=2">‹</a>`), null);
    const calendar = `<table class="calendar"><caption>April</caption><tr><td><a href="/events?mini=2016-05">»</a></td></tr></table>`;
    assert.equal(next(calendar), null);
    assert.equal(
      next(`${calendar}${pager(`<a href="?page=4">»</a>`)}`),
      "https://forum.test/board/?page=4",
      "the pager's arrow, not the calendar's",
    );
  });

  it("does not follow a number alone, a 'read more' link, or a link already visited", () => {
    assert.equal(next(pager("")), null, "numbered pages without a next link");
    assert.equal(next(`<a href="/post/9">Read more</a> <a href="/post/9">Continue reading →</a>`), null);
    const $ = load(`<a href="/board/?page=4">Next</a>`);
    assert.equal(findNextPage($, HERE, new Set(["https://forum.test/board/?page=4"])), null);
  });

  it("follows 'more …' links only when their URL pages the list", () => {
    assert.equal(next(`<a href="/events?page=1">More upcoming events</a>`), "https://forum.test/events?page=1");
    assert.equal(next(`<a href="/events">More upcoming events</a>`), null);
  });

  it("names what a label means", () => {
    assert.equal(labelMeaning("Next Page - Results 21 to 40 of 201"), "next");
    assert.equal(labelMeaning("»"), "forward_arrow");
    assert.equal(labelMeaning("»»"), "not_next");
    assert.equal(labelMeaning("12"), "number");
    assert.equal(labelMeaning("Next week's specials at our store"), "none");
  });
});
