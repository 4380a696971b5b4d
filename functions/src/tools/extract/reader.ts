import type { Element } from "domhandler";
import { extractArticle, type Article } from "./article/article";
import { readableText } from "./dom";
import { extractItems, selectorFromSpec, type ExtractedItem, type ItemSpec } from "./lists/items";
import { detectList } from "./lists/lists";
import type { HtmlPage } from "./page";
import { decidePageKind, pageKindSignals, TOO_LITTLE_PROSE, type PageKindDecision } from "./pageKind";
import { analysePage } from "./lists/shape";

/**
 * Reads the items of each page of one extraction, in one of two modes:
 *   list     the records of a list or table: the planned selector, or the detected list's;
 *   article  the page's main text (Readability), one item per page of the article.
 * `item_kind: "article"` asks for article mode, a selector or another item kind for list mode;
 * without either, the first page decides (see pageKind.ts) and later pages keep its mode.
 */
export type ExtractMode = "list" | "article";

/** How sure article mode is when the page, not the mission, chose it. */
const DETECTED_ARTICLE_CONFIDENCE = { declared: 0.9, undeclared: 0.75, fallback: 0.6 };
const ITEM_TEXT_CHARS = 500;
/** A short article beside a list: its main text has at least this many characters... */
const MIN_ARTICLE_CHARS = 300;
/** Mean characters per block of a story's main text, at least. */
const MIN_MEAN_BLOCK_CHARS = 120;
/** ...and at least this share of the list's text. */
const ARTICLE_SHARE = 0.3;

export class PageReader {
  private mode: ExtractMode | undefined;
  private selectorInUse: string | undefined;
  private listConfidence = 1;
  private articleConfidence = 1;
  private articleSoFar: Article | undefined;
  private ended = false;
  private decision: PageKindDecision | undefined;
  /** The last page's article reading, so deciding and then reading a page runs Readability once. */
  private lastArticle: { page: HtmlPage; article: Article | null } | undefined;

  /** Validates the spec before anything is fetched (a bad selector fails the mission at once). */
  constructor(private readonly spec: ItemSpec) {
    this.selectorInUse = selectorFromSpec(spec);
    if (spec.itemKind?.toLowerCase() === "article") this.mode = "article";
    else if (this.selectorInUse !== undefined || spec.itemKind !== undefined) this.mode = "list";
  }

  get selector(): string | undefined {
    return this.selectorInUse;
  }

  get article(): Article | undefined {
    return this.articleSoFar;
  }

  get extractMode(): ExtractMode | undefined {
    return this.mode;
  }

  /** How the page kind was decided, when the page (not the mission) decided it. */
  get pageKind(): PageKindDecision | undefined {
    return this.decision;
  }

  /** False once a page showed that following next links no longer continues this extraction. */
  get continues(): boolean {
    return !this.ended;
  }

  read(page: HtmlPage): ExtractedItem[] {
    if (this.mode !== undefined) return this.mode === "article" ? this.readArticle(page) : this.readList(page);
    this.decide(page);
    if (this.mode === "article") return this.readArticle(page);
    const items = this.readList(page);
    if (items.length > 0) return items;
    // The list reading found nothing: the page may still hold an article.
    const article = this.readArticle(page);
    if (article.length > 0) {
      this.mode = "article";
      this.selectorInUse = undefined;
      this.articleConfidence = DETECTED_ARTICLE_CONFIDENCE.fallback;
      if (this.decision) {
        this.decision = {
          kind: "article",
          evidence: {
            ...this.decision.evidence,
            reason: `the list reading found no items; ${this.decision.evidence.reason}`,
          },
        };
      }
    }
    return article;
  }

  private decide(page: HtmlPage): void {
    const analysis = analysePage(page.$);
    const list = detectList(page.$, this.spec.itemKind, analysis);
    this.decision = decidePageKind(pageKindSignals(page.$, list, analysis));
    if (this.decision.kind === "article") {
      this.mode = "article";
      this.articleConfidence = this.decision.evidence.declaredArticle
        ? DETECTED_ARTICLE_CONFIDENCE.declared
        : DETECTED_ARTICLE_CONFIDENCE.undeclared;
      return;
    }
    const oneItem = this.decision.evidence.declaredArticle || urlNamesOneItem(page.url);
    // Only when the page had too little prose to weigh: a list that outweighed real prose stays.
    const tooLittleProse = this.decision.evidence.reason.startsWith(TOO_LITTLE_PROSE);
    if (list && oneItem && tooLittleProse && this.articleOutweighs(page, list.items)) {
      this.mode = "article";
      this.articleConfidence = DETECTED_ARTICLE_CONFIDENCE.fallback;
      const why = this.decision.evidence.declaredArticle ? "a declared article" : "a page whose URL names one story";
      const reason = `${why}, whose main text is not the list and weighs against it; ${this.decision.evidence.reason}`;
      this.decision = { kind: "article", evidence: { ...this.decision.evidence, reason } };
      return;
    }
    this.mode = "list";
    this.selectorInUse = list?.selector;
    this.listConfidence = list?.confidence ?? 1;
  }

  /**
   * A page that declares itself an article, or whose URL names one story, but holds little
   * prose in paragraphs (a short news item beside a strip of headlines): Readability's main text
   * settles it when it is not that list read as text and weighs against the list's text.
   */
  private articleOutweighs(page: HtmlPage, items: readonly Element[]): boolean {
    const article = this.articleOf(page);
    // A story is a few paragraphs; a listing read as text is many short blocks (titles, prices, dates).
    if (!article || article.text.length / article.blocks < MIN_MEAN_BLOCK_CHARS) return false;
    const itemTexts = items.map((item) => readableText(item, 2_000));
    const listChars = itemTexts.reduce((sum, text) => sum + text.length, 0);
    const text = article.text.replace(/\s+/g, " ");
    const inArticle = itemTexts.filter((item) => item.length > 20 && text.includes(item.slice(0, 40))).length;
    // Readability may take one record (a post's teaser, one review) for the main text.
    const opening = text.slice(0, 60);
    if (itemTexts.some((item) => item.includes(opening))) return false;
    return text.length >= Math.max(MIN_ARTICLE_CHARS, ARTICLE_SHARE * listChars) && inArticle < items.length / 2;
  }

  private readList(page: HtmlPage): ExtractedItem[] {
    if (this.selectorInUse === undefined) {
      const list = detectList(page.$, this.spec.itemKind);
      this.selectorInUse = list?.selector;
      this.listConfidence = list?.confidence ?? 1;
    }
    return this.selectorInUse ? extractItems(page.$, this.selectorInUse, page.url, this.listConfidence) : [];
  }

  private articleOf(page: HtmlPage): Article | null {
    if (this.lastArticle?.page !== page) this.lastArticle = { page, article: extractArticle(page.$.html(), page.url) };
    return this.lastArticle.article;
  }

  /**
   * One item per page of the article. A next page whose article has another title is another
   * article (a blog's "next post"), not a continuation: it ends the extraction, adding nothing.
   */
  private readArticle(page: HtmlPage): ExtractedItem[] {
    const article = this.articleOf(page);
    if (!article) {
      if (this.articleSoFar) this.ended = true;
      return [];
    }
    const first = this.articleSoFar;
    if (first && !sameArticle(first.title, article.title)) {
      this.ended = true;
      return [];
    }
    this.articleSoFar = first
      ? {
          ...first,
          blocks: first.blocks + article.blocks,
          markdown: `${first.markdown}\n\n${article.markdown}`,
          text: `${first.text}\n\n${article.text}`,
        }
      : article;
    const text = article.text.replace(/\s+/g, " ");
    const item: ExtractedItem = {
      text: text.length > ITEM_TEXT_CHARS ? `${text.slice(0, ITEM_TEXT_CHARS - 1)}…` : text,
      url: page.url.href,
      confidence: this.articleConfidence,
    };
    if (article.title) item.title = article.title;
    if (article.published_time) item.date = article.published_time;
    return [item];
  }
}

/** Titles of two pages of one article: equal once page numbers and "page N" are taken out. */
function sameArticle(a: string | null, b: string | null): boolean {
  const core = (title: string | null) =>
    (title ?? "")
      .toLowerCase()
      .replace(/\b(?:page|part|seite|pagina|página|strona)\s*\d+\b/g, "")
      .replace(/\d+/g, "")
      .replace(/[^\p{L}]+/gu, " ")
      .trim();
  return core(a) === core(b);
}

/** Words (two letters or more) the last path segment of a story's URL has at least, as a slug. */
const SLUG_WORDS = 4;

/**
 * Whether a URL's last path segment is a slug of words ("son-of-former-president-stabbed"), as
 * a single story's URL is; a listing's is a section or a page number ("/news/", "/page/2").
 */
export function urlNamesOneItem(url: URL): boolean {
  const last = url.pathname.split("/").filter(Boolean).pop() ?? "";
  const words = last
    .replace(/\.[a-z]+$/i, "")
    .split(/[-_+]+/)
    .filter((word) => /^\p{L}{2,}$/u.test(word));
  return words.length >= SLUG_WORDS;
}
