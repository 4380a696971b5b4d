import type { CheerioAPI } from "cheerio";
import type { AnyNode } from "domhandler";
import { ToolInputError } from "../../../errors";
import { isElement } from "../dom";
import { readItem, type ItemFields } from "./fields";

/** One extracted item: its fields, and how sure the tool is that it is one of the page's items. */
export interface ExtractedItem extends ItemFields {
  /** 0..1: 1 for items of a planned selector; for a detected list, how clearly it stood out. */
  confidence: number;
}

export interface ItemSpec {
  /** A CSS selector from the mission's plan. */
  selector?: string;
  /** A kind of item: one of KNOWN_KINDS, or a word that hints at the items' class names. */
  itemKind?: string;
}

/** Longest planned selector: selector matching cost grows with its length. */
export const MAX_SELECTOR_CHARS = 200;

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

/** Items matched by `selector` on one page, in document order, each with `confidence`. */
export function extractItems($: CheerioAPI, selector: string, base: URL, confidence = 1): ExtractedItem[] {
  let matched: AnyNode[];
  try {
    matched = $(selector).toArray();
  } catch (error) {
    throw new ToolInputError(`invalid CSS selector "${selector}": ${(error as Error).message}`);
  }
  const items: ExtractedItem[] = [];
  for (const element of matched.filter(isElement).slice(0, MAX_MATCHES_PER_PAGE)) {
    const fields = readItem(element, base);
    if (fields) items.push({ ...fields, confidence: itemConfidence(fields, confidence) });
  }
  return items;
}

/** An item without a link or title is less surely a record than one with them. */
function itemConfidence(fields: ItemFields, listConfidence: number): number {
  const complete = fields.url || fields.title ? 1 : 0.85;
  return Math.round(listConfidence * complete * 100) / 100;
}

export function itemKey(item: ExtractedItem): string {
  return `${item.text.toLowerCase()}\u0000${item.url ?? ""}`;
}
