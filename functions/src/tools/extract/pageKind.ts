import type { CheerioAPI } from "cheerio";
import type { Element } from "domhandler";
import { isElement } from "./dom";
import type { DetectedList } from "./lists";
import type { PageAnalysis } from "./shape";

/**
 * Whether a page is an article (one main text) or a listing (many records), when the mission
 * did not say. An article says so in its metadata (og:type, JSON-LD, a single <article>) and,
 * above all, holds a run of long paragraphs side by side; in a listing each paragraph sits in
 * its own record, so no parent holds many of them.
 */
export interface PageKindSignals {
  /** og:type "article" or a JSON-LD Article / NewsArticle / BlogPosting. */
  declaredArticle: boolean;
  /** Characters of long paragraphs under the parent that holds the most of them. */
  paragraphRun: number;
  /** Characters of the detected list's items (each counted up to a cap), 0 when there is none. */
  listText: number;
}

/** A paragraph this long is prose, not a label or a teaser line. */
const PROSE_CHARS = 80;
/** Prose an article has at least, side by side. */
const MIN_ARTICLE_RUN = 1_200;
const LIST_ITEM_CAP = 300;
const ARTICLE_TYPES =
  /"@type"\s*:\s*\[?\s*"(?:News|Blog|Scholarly|Tech)?Article"|"@type"\s*:\s*\[?\s*"(?:BlogPosting|Report)"/;

export function pageKindSignals(
  $: CheerioAPI,
  list: DetectedList | null,
  analysis: PageAnalysis | null,
): PageKindSignals {
  const ogType = ($('meta[property="og:type"]').attr("content") ?? "").toLowerCase();
  const jsonLd = $('script[type="application/ld+json"]')
    .toArray()
    .slice(0, 10)
    .map((script) => $(script).text().slice(0, 20_000))
    .join("\n");
  const declaredArticle = ogType === "article" || ARTICLE_TYPES.test(jsonLd);
  const byParent = new Map<Element, number>();
  for (const { node: paragraph } of analysis?.order ?? []) {
    if (!isElement(paragraph) || paragraph.tagName !== "p") continue;
    const length = analysis?.measures.text.get(paragraph) ?? 0;
    const parent = paragraph.parent;
    if (length < PROSE_CHARS || !parent || !isElement(parent)) continue;
    byParent.set(parent, (byParent.get(parent) ?? 0) + length);
  }
  const paragraphRun = Math.max(0, ...byParent.values());
  const listText = list
    ? list.items.reduce((sum, item) => sum + Math.min(LIST_ITEM_CAP, analysis?.measures.text.get(item) ?? 0), 0)
    : 0;
  return { declaredArticle, paragraphRun, listText };
}

/**
 * An article: a long run of prose that outweighs the best list (declared articles need less
 * margin). Comment threads under a post are a list, but the post's run of prose still wins.
 */
export function looksLikeArticle(signals: PageKindSignals): boolean {
  if (signals.paragraphRun < MIN_ARTICLE_RUN) return false;
  const margin = signals.declaredArticle ? 0.5 : 1;
  return signals.paragraphRun >= margin * signals.listText;
}
