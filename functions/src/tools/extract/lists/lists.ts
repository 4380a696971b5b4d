import type { CheerioAPI } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import { isChromeElement, isContentElement } from "./chrome";
import { classList, INVISIBLE, isElement, nameWords } from "../dom";
import { analysePage, hasTitle, shapeOf, similarity, type PageAnalysis, type PageMeasures } from "./shape";
import { cardsOfRows } from "./grid";
import { listSelector } from "./selector";

/**
 * Finds a page's main list by structure, as MDR-style record detection does: under one parent,
 * siblings of the same tag whose subtrees have the same shape are the records of one list,
 * whatever their classes say. Each candidate list is scored on how much text its items hold,
 * how much of it is more than link labels, and how much structure an item has; lists inside
 * chrome (by tag, role or class words) are not candidates.
 */
export interface DetectedList {
  /** Selects the items on this page, and the same list on the site's next pages. */
  selector: string;
  items: Element[];
  /** 0..1: how clearly this list stands out from the next best one. */
  confidence: number;
  score: number;
}

/** Fewest records a list has. */
const MIN_ITEMS = 3;
/** Shape similarity at which two siblings are records of one list. */
const SAME_SHAPE = 0.5;
/** Per-item text counted at most: many items beat a few long blocks. */
const ITEM_TEXT_CAP = 300;
/** How many earlier siblings a sibling is compared with. */
const LOOK_BACK = 5;
/** Children of one parent compared at most (a table of 5,000 rows is one list either way). */
const MAX_CHILDREN = 400;

export interface Candidate {
  parent: Element;
  items: Element[];
  score: number;
  /** Mean shape similarity of the items to the first: how regular the list is. */
  regularity: number;
}

type ShapeOf = (element: Element) => Set<string>;

/** A header row (only <th> cells) is not a record. */
function isHeaderRow(element: Element): boolean {
  return element.tagName === "tr" && !element.children.some((cell) => isElement(cell) && cell.tagName === "td");
}

/**
 * Records of one list among same-tag siblings: each sibling is compared with the few before it
 * (a record may alternate with rows of another kind, as a story row and its byline row do), and
 * similar ones are joined (union-find). Returns each group with its mean similarity.
 */
function clusters(members: Element[], shape: ShapeOf): { items: Element[]; regularity: number }[] {
  const list = members.slice(0, MAX_CHILDREN);
  const shapes = list.map(shape);
  const root = list.map((_, i) => i);
  const find = (i: number): number => {
    let at = i;
    while (root[at] !== at) at = root[at] ?? at;
    root[i] = at;
    return at;
  };
  const likeness = list.map(() => 0);
  for (let i = 1; i < list.length; i += 1) {
    for (let back = 1; back <= LOOK_BACK && i - back >= 0; back += 1) {
      const alike = similarity(shapes[i] ?? new Set(), shapes[i - back] ?? new Set());
      if (alike < SAME_SHAPE) continue;
      likeness[i] = Math.max(likeness[i] ?? 0, alike);
      likeness[i - back] = Math.max(likeness[i - back] ?? 0, alike);
      root[find(i)] = find(i - back);
      break;
    }
  }
  const groups = new Map<number, { items: Element[]; similarity: number }>();
  list.forEach((member, i) => {
    const key = find(i);
    const group = groups.get(key) ?? { items: [], similarity: 0 };
    group.items.push(member);
    group.similarity += likeness[i] ?? 0;
    groups.set(key, group);
  });
  return [...groups.values()].map((group) => ({
    items: group.items,
    regularity: group.similarity / group.items.length,
  }));
}

/** Words naming a page's apparatus (footnotes, citations), not its content. */
const REFERENCE_WORDS = new Set([
  "references",
  "reflist",
  "citations",
  "footnotes",
  "footnote",
  "bibliography",
  "sources",
]);
/** What a references list keeps of its score: it is the page's apparatus, not its records. */
const REFERENCES_FACTOR = 0.2;

/**
 * A references or footnotes list: named so (on the list or its items), or most of its items
 * start with a link back into the page ("^" to the citing sentence).
 */
function isReferenceList(items: readonly Element[]): boolean {
  const first = items[0];
  const parent = first?.parent;
  const named = [first, parent && isElement(parent) ? parent : undefined].some((element) =>
    element
      ? [...classList(element), element.attribs.id ?? ""].flatMap(nameWords).some((word) => REFERENCE_WORDS.has(word))
      : false,
  );
  if (named) return true;
  const backLinks = items.filter((item) => {
    const link = item.children.find((child): child is Element => isElement(child) && child.tagName === "a");
    return link?.attribs.href?.startsWith("#") === true;
  }).length;
  return backLinks > items.length / 2;
}

function scoreList(items: Element[], measures: PageMeasures, shape: ShapeOf, hint: string | undefined): number {
  let text = 0;
  let allText = 0;
  let links = 0;
  let shapes = 0;
  let titled = 0;
  for (const item of items) {
    if (hasTitle(item, measures)) titled += 1;
    const length = measures.text.get(item) ?? 0;
    text += Math.min(length, ITEM_TEXT_CAP);
    allText += length;
    links += measures.linkText.get(item) ?? 0;
    shapes += Math.min(10, shape(item).size);
  }
  if (allText === 0) return 0;
  const linkShare = links / allText;
  // Lists of bare links (menus, tag clouds, footers) lose up to half; records with text beyond their links keep all.
  const linkFactor = 1 - (0.5 * Math.max(0, linkShare - 0.6)) / 0.4;
  // An item with structure (title, price, image, meta) is a record; a lone word in an <li> is a label.
  const structure = 0.5 + 0.05 * (shapes / items.length);
  const hinted = hint && items.some((item) => (item.attribs.class ?? "").toLowerCase().includes(hint)) ? 3 : 1;
  const titles = 0.5 + 0.5 * (titled / items.length);
  return text * linkFactor * structure * titles * hinted * (isReferenceList(items) ? REFERENCES_FACTOR : 1);
}

/** The elements of a page that are chrome or inside chrome (one pass down). */
export function chromeNodes({ root, order, measures }: PageAnalysis): Set<AnyNode> {
  const pageText = Math.max(1, measures.text.get(root) ?? 0);
  const chrome = new Set<AnyNode>();
  const content = new Set<AnyNode>();
  for (const { node } of order) {
    if (!isElement(node)) continue;
    const parent = node.parent;
    const inContent = (parent !== null && content.has(parent)) || isContentElement(node);
    if (inContent) content.add(node);
    if (
      (parent && chrome.has(parent)) ||
      INVISIBLE.has(node.tagName) ||
      isChromeElement(node, inContent, (measures.text.get(node) ?? 0) / pageText)
    ) {
      chrome.add(node);
    }
  }
  return chrome;
}

/**
 * Every candidate list of a page, best first. One pass down marks chrome, one pass up measures
 * text; the shape comparisons are bounded per parent, so the whole stays near-linear.
 */
export function listCandidates($: CheerioAPI, hint?: string, analysis = analysePage($)): Candidate[] {
  if (!analysis) return [];
  const { order, measures } = analysis;
  const stem = hint
    ?.toLowerCase()
    .replace(/[^a-z]/g, "")
    .replace(/s$/, "");
  const chrome = chromeNodes(analysis);
  const shapes = new Map<Element, Set<string>>();
  const shape: ShapeOf = (element) => {
    let known = shapes.get(element);
    if (!known) shapes.set(element, (known = shapeOf(element)));
    return known;
  };
  const candidates: Candidate[] = [];
  for (const { node: parent } of order) {
    if (!isElement(parent) || chrome.has(parent) || parent.children.length < MIN_ITEMS) continue;
    const byTag = new Map<string, Element[]>();
    for (const child of parent.children) {
      if (!isElement(child) || chrome.has(child) || isHeaderRow(child)) continue;
      if ((measures.text.get(child) ?? 0) === 0) continue;
      const same = byTag.get(child.tagName);
      if (same) same.push(child);
      else byTag.set(child.tagName, [child]);
    }
    for (const members of byTag.values()) {
      if (members.length < MIN_ITEMS) continue;
      for (const cluster of clusters(members, shape)) {
        if (cluster.items.length < MIN_ITEMS) continue;
        const score = scoreList(cluster.items, measures, shape, stem);
        if (score > 0) candidates.push({ parent, items: cluster.items, score, regularity: cluster.regularity });
      }
    }
  }
  return candidates.sort((a, b) => b.score - a.score);
}

/** The page's main list, or null when it has none. */
export function detectList($: CheerioAPI, hint?: string, analysis = analysePage($)): DetectedList | null {
  const candidates = listCandidates($, hint, analysis);
  const best = candidates[0];
  if (!best) return null;
  const runnerUp = candidates.find((candidate) => !overlaps(candidate, best))?.score ?? 0;
  const margin = best.score / (best.score + runnerUp);
  const confidence = Math.round(Math.min(1, margin * (0.5 + 0.5 * best.regularity) + 0.1) * 100) / 100;
  const selector = listSelector($, best.parent, best.items);
  const cards = analysis ? cardsOfRows($, selector, best.items, analysis.measures) : null;
  return cards
    ? { ...cards, confidence, score: best.score }
    : { selector, items: best.items, confidence, score: best.score };
}

/** Whether one candidate's items are inside the other's (the same list seen at two levels). */
function overlaps(a: Candidate, b: Candidate): boolean {
  const within = (inner: Element, outer: Element) => {
    for (let node: AnyNode | null = inner; node; node = node.parent) if (node === outer) return true;
    return false;
  };
  return within(a.parent, b.parent) || within(b.parent, a.parent);
}
