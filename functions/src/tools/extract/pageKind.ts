import type { CheerioAPI } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import { classList, isElement, nameWords } from "./dom";
import type { DetectedList } from "./lists/lists";
import { hasTitle, shapeOf, type PageAnalysis } from "./lists/shape";

/**
 * Whether a page is an article (one main text) or a listing (many records), when the mission
 * did not say. Several kinds of evidence, none of them about a site:
 *   - metadata: og:type "article", a JSON-LD Article / NewsArticle / BlogPosting (one of them:
 *     a page that declares many is a list of articles);
 *   - prose: the text of blocks that are mostly words, not links, under one container (a
 *     paragraph's parent gets all of it, its grandparent half, as Readability credits them);
 *   - the best list's records: how many carry a title (a heading or a link of a few words),
 *     which is what a listing's records have and an article's paragraphs do not. A "list" of
 *     untitled prose blocks is the article itself, split into blocks; a comment thread under a
 *     declared article is the article's appendix, not the page's content.
 */
export interface PageKindSignals {
  /** og:type "article" or exactly one JSON-LD article. */
  declaredArticle: boolean;
  /** Characters of prose under the container that holds the most of it. */
  paragraphRun: number;
  /** Where that prose is (tag#id.class). */
  proseContainer: string | null;
  /** Characters of the detected list's records that weigh as a listing (titled records count more). */
  listText: number;
  /** How many items the detected list has. */
  listItems: number;
  /** Share of the list's items that carry a title (0 without a list). */
  titledShare: number;
  /** The list's items are prose blocks (paragraphs without titles), not records. */
  listIsProse: boolean;
  /** The list is a comment thread (by its class or id words). */
  listIsComments: boolean;
}

export type PageKind = "article" | "list";

/** The reason's opening when the page had too little prose to weigh against its list. */
export const TOO_LITTLE_PROSE = "too little prose";

/** The decision, with the evidence it rests on (recorded in the tool's result). */
export interface PageKindDecision {
  kind: PageKind;
  evidence: PageKindSignals & { reason: string };
}

/** Prose blocks at least this long count; shorter ones are labels, bylines, teasers. */
const PROSE_CHARS = 60;
/** Most of a prose block's text is not link text. */
const MAX_PROSE_LINK_SHARE = 0.4;
/** Prose an article has at least, side by side: less when it declares itself an article. */
const MIN_RUN = { declared: 300, undeclared: 1_000, commented: 150 };
const LIST_ITEM_CAP = 300;
/** A list item's text counts this much when it has no title (a record without one is rarer). */
const UNTITLED_WEIGHT = 0.3;
/** A declared article's prose weighs this much more against a list. */
const DECLARED_WEIGHT = 2;
/** A comment thread's weight against the post it is under. */
const COMMENTS_WEIGHT = 0.15;
const BLOCKS = new Set(
  "address article aside blockquote body dd details div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td th thead tfoot tr ul".split(
    " ",
  ),
);
const ARTICLE_TYPE =
  /"@type"\s*:\s*\[?\s*"(?:(?:News|Blog|Scholarly|Tech|Opinion|Report|Analysis)?Article|BlogPosting|Report)"/g;
const CHROME_TAGS = new Set(["nav", "aside", "footer", "select", "menu", "dialog", "noscript"]);
const CHROME_ROLES = new Set(["navigation", "complementary", "contentinfo", "menu", "menubar", "dialog"]);
/** Most structure (tag paths) an item of an article's body split into blocks has. */
const PROSE_ITEM_SHAPE = 4;
/** Prose blocks an article's run has at least; fewer count at SINGLE_BLOCK_WEIGHT. */
const MIN_BLOCKS = 3;
const SINGLE_BLOCK_WEIGHT = 0.5;
/** Titled records beyond this many make a listing's evidence grow (log2 of the ratio). */
const RECORDS_FOR_BOOST = 5;
const MAX_BOOST = 2;
const ASIDE_WORDS = new Set(["footer", "copyright", "comments", "related", "newsletter", "disclaimer"]);
/** Tags an article's blocks come in; table rows and list items are records or bullets, not paragraphs. */
const PROSE_TAGS = new Set(["p", "div", "span", "section", "blockquote"]);
const COMMENT_WORDS = new Set(["comment", "comments", "commentlist", "replies", "reply", "discussion", "disqus"]);

function declaresArticle($: CheerioAPI): boolean {
  const ogType = ($('meta[property="og:type"]').attr("content") ?? "").toLowerCase();
  const jsonLd = $('script[type="application/ld+json"]')
    .toArray()
    .slice(0, 10)
    .map((script) => $(script).text().slice(0, 20_000))
    .join("\n");
  const declared = jsonLd.match(ARTICLE_TYPE)?.length ?? 0;
  return declared === 1 || (declared === 0 && ogType === "article");
}

/**
 * Parts that are chrome by their tag or ARIA role, or by a few words that never name content
 * (footer, comments, related, newsletter). Other class words are not trusted here: a content
 * column is often named after the sidebar beside it ("main with-sidebar").
 */
function structuralChrome({ order }: PageAnalysis): Set<AnyNode> {
  const chrome = new Set<AnyNode>();
  for (const { node } of order) {
    if (!isElement(node)) continue;
    const role = node.attribs.role?.toLowerCase() ?? "";
    const named = [...classList(node), node.attribs.id ?? ""].flatMap(nameWords).some((word) => ASIDE_WORDS.has(word));
    if (
      (node.parent && chrome.has(node.parent)) ||
      CHROME_TAGS.has(node.tagName) ||
      CHROME_ROLES.has(role) ||
      (named && node.tagName !== "body")
    )
      chrome.add(node);
  }
  return chrome;
}

/**
 * The most prose under one container: its own inline text, its children's, half its
 * grandchildren's. Prose inside the records of `list` is left out (reviews under a listing are
 * each a record's text, not one run), unless `list` is itself the prose.
 */
function proseRun(
  { order, measures }: PageAnalysis,
  chrome: Set<AnyNode>,
  records: Set<AnyNode>,
): { chars: number; container: string | null } {
  const credit = new Map<Element, number>();
  const blocks = new Map<Element, number>();
  const add = (element: Element | null, amount: number, count: number) => {
    if (!element) return;
    credit.set(element, (credit.get(element) ?? 0) + amount);
    blocks.set(element, (blocks.get(element) ?? 0) + count);
  };
  for (const { node } of order) {
    if (!isElement(node) || chrome.has(node) || !BLOCKS.has(node.tagName)) continue;
    let text = measures.text.get(node) ?? 0;
    let links = measures.linkText.get(node) ?? 0;
    if (text < PROSE_CHARS) continue;
    for (const child of node.children) {
      if (!isElement(child) || !BLOCKS.has(child.tagName)) continue;
      text -= measures.text.get(child) ?? 0;
      links -= measures.linkText.get(child) ?? 0;
    }
    if (text < PROSE_CHARS || links > MAX_PROSE_LINK_SHARE * text) continue;
    const parent = node.parent && isElement(node.parent) ? node.parent : null;
    const grandparent = parent?.parent && isElement(parent.parent) ? parent.parent : null;
    add(node, text, 1);
    if (records.has(node)) continue;
    add(parent, text, 1);
    if (parent && records.has(parent)) continue;
    add(grandparent, text / 2, 1);
  }
  // One long block (a review, a product's description, an SEO text) is not yet an article's run of paragraphs.
  for (const [element, amount] of credit) {
    if ((blocks.get(element) ?? 0) < MIN_BLOCKS) credit.set(element, amount * SINGLE_BLOCK_WEIGHT);
  }
  let best: Element | null = null;
  let chars = 0;
  for (const [element, amount] of credit) {
    if (amount > chars) [best, chars] = [element, amount];
  }
  return { chars: Math.round(chars), container: best ? describe(best) : null };
}

/** tag#id.class, for the evidence. */
function describe(element: Element): string {
  const id = element.attribs.id ? `#${element.attribs.id}` : "";
  const classes = classList(element)
    .slice(0, 2)
    .map((name) => `.${name}`)
    .join("");
  return `${element.tagName}${id}${classes}`;
}

function namedComments(element: Element | null | undefined): boolean {
  if (!element) return false;
  const names = [...classList(element), element.attribs.id ?? ""].flatMap(nameWords);
  return names.some((word) => COMMENT_WORDS.has(word));
}

export function pageKindSignals(
  $: CheerioAPI,
  list: DetectedList | null,
  analysis: PageAnalysis | null,
): PageKindSignals {
  const declaredArticle = declaresArticle($);
  if (!analysis) {
    return {
      declaredArticle,
      paragraphRun: 0,
      proseContainer: null,
      listText: 0,
      listItems: 0,
      titledShare: 0,
      listIsProse: false,
      listIsComments: false,
    };
  }
  const { measures } = analysis;
  const items = list?.items ?? [];
  let titled = 0;
  let listText = 0;
  let links = 0;
  let text = 0;
  let shapes = 0;
  for (const item of items) {
    const length = measures.text.get(item) ?? 0;
    const hasOne = hasTitle(item, measures);
    if (hasOne) titled += 1;
    text += length;
    links += measures.linkText.get(item) ?? 0;
    shapes += shapeOf(item).size;
    listText += Math.min(LIST_ITEM_CAP, length) * (hasOne ? 1 : UNTITLED_WEIGHT);
  }
  const titledShare = items.length ? titled / items.length : 0;
  const first = items[0];
  // An article's body split into blocks: plain items (little structure), untitled, few links.
  // (A paragraph is prose by its tag, even when a long link in it looks like a title.)
  const listIsProse =
    first !== undefined &&
    (first.tagName === "p" ||
      (PROSE_TAGS.has(first.tagName) &&
        titledShare < 0.5 &&
        links < 0.2 * text &&
        shapes / items.length <= PROSE_ITEM_SHAPE));
  const listIsComments = namedComments(first) || namedComments(first?.parent as Element | undefined);
  const records = new Set<AnyNode>(listIsProse ? [] : items);
  const run = proseRun(analysis, structuralChrome(analysis), records);
  return {
    declaredArticle,
    paragraphRun: run.chars,
    proseContainer: run.container,
    listText: Math.round(listText),
    listItems: items.length,
    titledShare: Math.round(titledShare * 100) / 100,
    listIsProse,
    listIsComments,
  };
}

/** Article or list, and why. */
export function decidePageKind(signals: PageKindSignals): PageKindDecision {
  const { declaredArticle, paragraphRun, listIsProse, listIsComments } = signals;
  const decide = (kind: PageKind, reason: string): PageKindDecision => ({ kind, evidence: { ...signals, reason } });
  if (declaredArticle && listIsComments && paragraphRun >= MIN_RUN.commented)
    return decide("article", "a declared article; its list is the comment thread");
  if (listIsProse && paragraphRun >= MIN_RUN.declared)
    return decide("article", "the repeated blocks are untitled prose: the article's paragraphs");
  const minRun = declaredArticle ? MIN_RUN.declared : MIN_RUN.undeclared;
  if (paragraphRun < minRun) return decide("list", `${TOO_LITTLE_PROSE}: ${paragraphRun} < ${minRun} characters`);
  const weight = declaredArticle ? DECLARED_WEIGHT : 1;
  const listWeight = listIsComments && declaredArticle ? COMMENTS_WEIGHT : 1;
  const article = paragraphRun * weight;
  // Many titled records are a listing's mark: a related-links box has a handful.
  const titledItems = signals.listItems * signals.titledShare;
  const boost = Math.min(MAX_BOOST, Math.max(1, Math.log2(titledItems / RECORDS_FOR_BOOST) + 1));
  const listing = signals.listText * listWeight * boost;
  return article >= listing
    ? decide("article", `prose ${article} outweighs the list's records ${Math.round(listing)}`)
    : decide("list", `the list's records ${Math.round(listing)} outweigh the prose ${article}`);
}
