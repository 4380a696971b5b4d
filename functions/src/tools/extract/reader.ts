import { extractArticle, type Article } from "./article";
import { extractItems, selectorFromSpec, type ExtractedItem, type ItemSpec } from "./items";
import { detectList } from "./lists";
import type { HtmlPage } from "./page";
import { looksLikeArticle, pageKindSignals } from "./pageKind";
import { analysePage } from "./shape";

/**
 * Reads the items of each page of one extraction, in one of two modes:
 *   list     the records of a list or table: the planned selector, or the detected list's;
 *   article  the page's main text (Readability), one item per page of the article.
 * `item_kind: "article"` asks for article mode, a selector or another item kind for list mode;
 * without either, the first page decides (see pageKind.ts) and later pages keep its mode.
 */
export type ExtractMode = "list" | "article";

/** How sure article mode is when the page, not the mission, chose it. */
const DETECTED_ARTICLE_CONFIDENCE = { declared: 0.9, undeclared: 0.75 };
const ITEM_TEXT_CHARS = 500;

export class PageReader {
  private mode: ExtractMode | undefined;
  private selectorInUse: string | undefined;
  private listConfidence = 1;
  private articleConfidence = 1;
  private articleSoFar: Article | undefined;
  private ended = false;

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

  /** False once a page showed that following next links no longer continues this extraction. */
  get continues(): boolean {
    return !this.ended;
  }

  read(page: HtmlPage): ExtractedItem[] {
    if (this.mode === undefined) this.decide(page);
    return this.mode === "article" ? this.readArticle(page) : this.readList(page);
  }

  private decide(page: HtmlPage): void {
    const analysis = analysePage(page.$);
    const list = detectList(page.$, this.spec.itemKind, analysis);
    const signals = pageKindSignals(page.$, list, analysis);
    if (looksLikeArticle(signals)) {
      this.mode = "article";
      this.articleConfidence = signals.declaredArticle
        ? DETECTED_ARTICLE_CONFIDENCE.declared
        : DETECTED_ARTICLE_CONFIDENCE.undeclared;
      return;
    }
    this.mode = "list";
    this.selectorInUse = list?.selector;
    this.listConfidence = list?.confidence ?? 1;
  }

  private readList(page: HtmlPage): ExtractedItem[] {
    if (this.selectorInUse === undefined) {
      const list = detectList(page.$, this.spec.itemKind);
      this.selectorInUse = list?.selector;
      this.listConfidence = list?.confidence ?? 1;
    }
    return this.selectorInUse ? extractItems(page.$, this.selectorInUse, page.url, this.listConfidence) : [];
  }

  /**
   * One item per page of the article. A next page whose article has another title is another
   * article (a blog's "next post"), not a continuation: it ends the extraction, adding nothing.
   */
  private readArticle(page: HtmlPage): ExtractedItem[] {
    const article = extractArticle(page.$.html(), page.url);
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
