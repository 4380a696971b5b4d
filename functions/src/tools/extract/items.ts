import type { CheerioAPI } from "cheerio";
import type { AnyNode, Element } from "domhandler";
import { ToolInputError } from "../../errors";
import { isElement, preorder, scanElement } from "./dom";

export interface ExtractedItem {
  text: string;
  url?: string;
  /** Table rows: one entry per cell. */
  cells?: string[];
}

export interface ItemSpec {
  /** A CSS selector from the mission's plan. */
  selector?: string;
  /** A kind of item: one of KNOWN_KINDS, or a word that hints at the items' class names. */
  itemKind?: string;
}

/** Longest planned selector: selector matching cost grows with its length. */
export const MAX_SELECTOR_CHARS = 200;
const MAX_TEXT_CHARS = 500;

/** Item kinds a plan may name, and the selector each means. */
export const KNOWN_KINDS: Record<string, string> = {
  links: "a[href]",
  headings: "h1, h2, h3, h4",
  table_rows: "table tr:has(td)",
  rows: "table tr:has(td)",
  list_items: "li",
  paragraphs: "p",
  images: "img[src]",
};

/** Most matches read per page: bounds the work a broad selector ("div") can cause. */
export const MAX_MATCHES_PER_PAGE = 5_000;

/** Containers whose repeated children are navigation or chrome, not content. */
const CHROME = new Set([
  "nav",
  "header",
  "footer",
  "aside",
  "script",
  "style",
  "noscript",
  "template",
  "select",
  "head",
  "form",
]);

function clean(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > MAX_TEXT_CHARS ? `${flat.slice(0, MAX_TEXT_CHARS - 1)}…` : flat;
}

function absolute(href: string | undefined, base: URL): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function toItem(element: Element, base: URL): ExtractedItem | null {
  if (element.tagName === "img") {
    const url = absolute(element.attribs.src, base);
    return url ? { text: clean(element.attribs.alt ?? ""), url } : null;
  }
  const scanned = scanElement(element);
  const url = absolute(element.tagName === "a" ? element.attribs.href : scanned.href, base);
  if (element.tagName === "tr") {
    // A header row (only <th> cells) is not an item.
    if (!element.children.some((cell) => isElement(cell) && cell.tagName === "td")) return null;
    const cells = element.children
      .filter((cell): cell is Element => isElement(cell) && (cell.tagName === "td" || cell.tagName === "th"))
      .map((cell) => clean(scanElement(cell).text));
    const text = cells.filter(Boolean).join(" | ");
    return text ? { text, cells, ...(url ? { url } : {}) } : null;
  }
  const text = clean(scanned.text);
  return text ? { text, ...(url ? { url } : {}) } : null;
}

/** A CSS-safe class list for a selector (odd class names are skipped, not escaped). */
function classPart(element: Element): string {
  return (element.attribs.class ?? "")
    .split(/\s+/)
    .filter((name) => /^[A-Za-z_][\w-]*$/.test(name))
    .slice(0, 2)
    .map((name) => `.${name}`)
    .join("");
}

function simpleSelector(element: Element): string {
  const id = element.attribs.id;
  if (id && /^[A-Za-z_][\w-]*$/.test(id)) return `${element.tagName}#${id}`;
  return `${element.tagName}${classPart(element)}`;
}

/**
 * The page's main repeated items: children of one parent sharing tag and classes, at least
 * three of them, outside navigation/header/footer; the group with the most text wins
 * (a hint word from `item_kind` in the class names triples a group's score). Returns a
 * selector, so later pages pick the same kind of items. One pass down (chrome flags) and
 * one pass up (text lengths) keep it linear in the page size.
 */
export function guessItemSelector($: CheerioAPI, hint?: string): string | null {
  const root = $("body").get(0) ?? $.root().get(0);
  if (!root) return null;
  const stem = hint
    ?.toLowerCase()
    .replace(/[^a-z]/g, "")
    .replace(/s$/, "");
  const order = preorder(root);
  const inChrome = new Set<AnyNode>();
  for (const { node } of order) {
    const parent = node.parent;
    if ((parent && inChrome.has(parent)) || (isElement(node) && CHROME.has(node.tagName))) inChrome.add(node);
  }
  // Visible text length per node, capped: only "how much text" matters, not exact totals.
  const textLength = new Map<AnyNode, number>();
  for (let i = order.length - 1; i >= 0; i -= 1) {
    const node = order[i]?.node;
    if (!node) continue;
    if (node.type === "text" && "data" in node) textLength.set(node, node.data.replace(/\s+/g, " ").trim().length);
    else if (isElement(node) && node.tagName !== "script" && node.tagName !== "style") {
      const sum = node.children.reduce((total, child) => total + (textLength.get(child) ?? 0), 0);
      textLength.set(node, Math.min(sum, 100_000));
    }
  }
  let best: { selector: string; score: number } | null = null;
  for (const { node: parent } of order) {
    if (!isElement(parent) || inChrome.has(parent)) continue;
    const groups = new Map<string, Element[]>();
    for (const child of parent.children) {
      if (!isElement(child) || CHROME.has(child.tagName)) continue;
      const key = `${child.tagName}${classPart(child)}`;
      const members = groups.get(key);
      if (members) members.push(child);
      else groups.set(key, [child]);
    }
    for (const [key, members] of groups) {
      // A table's header row is not an item.
      const items = members.filter(
        (member) => member.tagName !== "tr" || member.children.some((c) => isElement(c) && c.tagName === "td"),
      );
      if (items.length < 3) continue;
      const text = items.reduce((sum, member) => sum + Math.min(200, textLength.get(member) ?? 0), 0);
      if (text === 0) continue;
      const score = text * (stem && key.toLowerCase().includes(stem) ? 3 : 1);
      if (!best || score > best.score) best = { selector: `${simpleSelector(parent)} > ${key}`, score };
    }
  }
  return best?.selector ?? null;
}

/**
 * Whether a selector uses :has(), however spelled: CSS escapes (`:\\68 as(`) are decoded
 * and comments dropped first. The selector is at most MAX_SELECTOR_CHARS long.
 */
function usesHas(selector: string): boolean {
  const decoded = selector
    .replace(/\\([0-9a-f]{1,6}[ \t\n\r\f]?|[\s\S])/gi, (_, escaped: string) => {
      if (!/^[0-9a-f]/i.test(escaped)) return escaped;
      const code = parseInt(escaped, 16);
      return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : "\ufffd";
    })
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .toLowerCase();
  return decoded.includes(":has(");
}

/** The selector a spec asks for; validated once, before any page is fetched. */
export function selectorFromSpec(spec: ItemSpec): string | undefined {
  if (spec.selector !== undefined) {
    if (spec.selector.length > MAX_SELECTOR_CHARS) {
      throw new ToolInputError(
        `selector is ${spec.selector.length} characters; at most ${MAX_SELECTOR_CHARS} are allowed`,
      );
    }
    if (usesHas(spec.selector)) {
      throw new ToolInputError(
        `selector "${spec.selector}" uses :has(), which is not allowed (it can take time quadratic in the page's size)`,
      );
    }
    return spec.selector;
  }
  return spec.itemKind ? KNOWN_KINDS[spec.itemKind.toLowerCase()] : undefined;
}

/** Items matched by `selector` on one page, in document order. */
export function extractItems($: CheerioAPI, selector: string, base: URL): ExtractedItem[] {
  let matched: AnyNode[];
  try {
    matched = $(selector).toArray();
  } catch (error) {
    throw new ToolInputError(`invalid CSS selector "${selector}": ${(error as Error).message}`);
  }
  return matched
    .filter(isElement)
    .slice(0, MAX_MATCHES_PER_PAGE)
    .map((element) => toItem(element, base))
    .filter((item): item is ExtractedItem => item !== null);
}

export function itemKey(item: ExtractedItem): string {
  return `${item.text.toLowerCase()}\u0000${item.url ?? ""}`;
}
