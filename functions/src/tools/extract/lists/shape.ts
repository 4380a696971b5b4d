import type { CheerioAPI } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import { INVISIBLE, isElement, isHidden, normalisedLength, preorder } from "../dom";

/**
 * Per-node measures of a parsed page, computed in two linear passes, that list detection
 * reads many times: visible text length, link text length, and the structural shape of an
 * element (the tag paths below it), which is what siblings of one list have in common even
 * when their classes differ item by item (`post-477`) or row by row (`odd` / `even`).
 */
export interface PageMeasures {
  /** Whitespace-normalised visible text length, capped. */
  text: Map<AnyNode, number>;
  /** The part of `text` inside links (absent: none). */
  linkText: Map<AnyNode, number>;
}

/** One walk of a page, shared by list detection and the article/listing decision. */
export interface PageAnalysis {
  root: AnyNode;
  order: { node: AnyNode; depth: number }[];
  measures: PageMeasures;
}

export function analysePage($: CheerioAPI): PageAnalysis | null {
  const root = $("body").get(0) ?? $.root().get(0);
  if (!root) return null;
  const order = preorder(root);
  return { root, order, measures: measurePage(order) };
}

const TEXT_CAP = 100_000;
/** How deep below an element its shape looks, and how many tag paths it keeps. */
const SHAPE_DEPTH = 3;
const SHAPE_PATHS = 48;

export function measurePage(order: readonly { node: AnyNode }[]): PageMeasures {
  const text = new Map<AnyNode, number>();
  const linkText = new Map<AnyNode, number>();
  for (let i = order.length - 1; i >= 0; i -= 1) {
    const node = order[i]?.node;
    if (!node) continue;
    if (node.type === "text" && "data" in node) {
      const length = normalisedLength(node.data);
      text.set(node, length);
      continue;
    }
    if (!isElement(node)) continue;
    if (INVISIBLE.has(node.tagName) || isHidden(node)) continue;
    let sum = 0;
    let links = 0;
    for (const child of node.children) {
      sum += text.get(child) ?? 0;
      links += linkText.get(child) ?? 0;
    }
    text.set(node, Math.min(sum, TEXT_CAP));
    const inLinks = node.tagName === "a" ? sum : links;
    if (inLinks > 0) linkText.set(node, Math.min(inLinks, TEXT_CAP));
  }
  return { text, linkText };
}

/**
 * The first class of a descendant that looks like a kind, not an instance (no digits): inside
 * an item, classes name its parts ("titleline", "subtext") and tell record rows from the rows
 * around them, while the item's own classes may vary item by item and are not used.
 */
function kindClass(element: Element): string {
  const first = element.attribs.class?.trim().split(/\s+/)[0];
  return first && /^[A-Za-z_-]+$/.test(first) ? `.${first}` : "";
}

/**
 * The tag paths below an element, to SHAPE_DEPTH levels ("div", "div/a", "div/a/img"), at
 * most SHAPE_PATHS of them. Two items of one list share most of their paths.
 */
export function shapeOf(element: Element): Set<string> {
  const paths = new Set<string>();
  const stack: { node: Element; path: string; depth: number }[] = [{ node: element, path: "", depth: 0 }];
  for (let entry = stack.pop(); entry && paths.size < SHAPE_PATHS; entry = stack.pop()) {
    if (entry.depth >= SHAPE_DEPTH) continue;
    for (const child of entry.node.children) {
      if (!isElement(child) || INVISIBLE.has(child.tagName)) continue;
      const path = `${entry.path}/${child.tagName}${kindClass(child)}`;
      paths.add(path);
      stack.push({ node: child, path, depth: entry.depth + 1 });
    }
  }
  return paths;
}

/** Jaccard similarity of two shapes; two empty shapes (text-only items) are alike. */
export function similarity(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  for (const path of a) if (b.has(path)) shared += 1;
  return shared / (a.size + b.size - shared);
}

/** Link text long enough to be a title (a few words). */
const TITLE_CHARS = 20;

/**
 * Whether an item has a title: a heading, or a link with a few words of text. Records (stories,
 * products, threads) have one; the byline or meta rows beside them have only short links.
 */
export function hasTitle(item: Element, measures: PageMeasures): boolean {
  const stack = [...item.children];
  for (let node = stack.pop(), seen = 0; node && seen < 2_000; node = stack.pop(), seen += 1) {
    if (!isElement(node) || INVISIBLE.has(node.tagName)) continue;
    if (/^h[1-6]$/.test(node.tagName) && (measures.text.get(node) ?? 0) > 0) return true;
    if (node.tagName === "a" && (measures.text.get(node) ?? 0) >= TITLE_CHARS) return true;
    stack.push(...node.children);
  }
  return false;
}
