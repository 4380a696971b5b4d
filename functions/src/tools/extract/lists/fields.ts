import type { Element } from "domhandler";
import { classList, INVISIBLE, isElement, nameWords, readableText } from "../dom";

/**
 * The fields of one item: its main link and title, price, date and image where it has them,
 * and its clean text. Read from what the markup means (headings, links, <time>, <img>, class
 * words such as "price" or "date"), never from per-site rules.
 */
export interface ItemFields {
  text: string;
  title?: string;
  url?: string;
  price?: string;
  date?: string;
  image?: string;
  /** Table rows: one entry per cell. */
  cells?: string[];
}

export const MAX_TEXT_CHARS = 500;
const MAX_TITLE_CHARS = 300;
const HEADING = /^h[1-6]$/;
/** Links that act on an item rather than lead to it. */
const ACTION_LINK =
  /(?:^|[/?&=_-])(?:vote|upvote|downvote|flag|hide|report|login|signin|share|like|favou?rite|cart|compare|wishlist)(?:$|[/?&=_.-])/i;
/** An amount: digits with thousands groups ("1,000", "1 396 646") and up to two decimals. */
const AMOUNT = String.raw`\d+(?:[ .,'’]\d{3})*(?:[.,]\d{1,2})?`;
const SIGN_BEFORE = String.raw`(?:US\$|R\$|[$€£¥₹₽₩₺]|USD|EUR|GBP|CHF|руб\.?|kr\.?|zł|Kč)`;
const SIGN_AFTER = String.raw`(?:[$€£¥₹₽₩₺]|USD|EUR|GBP|CHF|руб\.?|р\.|kr\.?|zł|Kč|Ft|lei)`;
/** A price: a currency sign or code before an amount, or after one (and then not before another number). */
const PRICE = new RegExp(`${SIGN_BEFORE}\\s?${AMOUNT}|${AMOUNT}\\s?${SIGN_AFTER}(?!\\s?\\d)`);
const DATE =
  /\b(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2})?)?|\d{1,2}[./]\d{1,2}[./]\d{2,4}|(?:\d{1,2}\s+)?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\s+(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s+\d{4}|\d+\s+(?:minutes?|hours?|days?|weeks?|months?|years?)\s+ago)\b/i;

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

export function absolute(href: string | undefined, base: URL): string | undefined {
  if (!href) return undefined;
  try {
    const url = new URL(href.trim(), base);
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a class of the element has one of `words`; `quick` rules most elements out cheaply first. */
function hasWord(element: Element, words: ReadonlySet<string>, quick: RegExp): boolean {
  const value = element.attribs.class;
  if (!value || !quick.test(value)) return false;
  return classList(element).some((name) => nameWords(name).some((word) => words.has(word)));
}

const PRICE_WORDS = new Set(["price", "prices", "cost", "amount", "preis", "prix", "precio", "prezzo", "cena"]);
const PRICE_QUICK = /price|cost|amount|preis|prix|precio|prezzo|cena/i;
const DATE_WORDS = new Set(["date", "time", "timestamp", "posted", "published", "age", "datetime", "pubdate"]);
const DATE_QUICK = /date|time|posted|published|age/i;
const TITLE_WORDS = new Set(["title", "headline", "name", "subject"]);
const TITLE_QUICK = /title|headline|name|subject/i;
const STRUCK = new Set(["del", "s", "strike"]);
/** What a price's text leaves out: the struck-out old price beside the current one. */
const UNPRICED = new Set([...INVISIBLE, ...STRUCK]);

/**
 * The item's main link: a link inside a heading, else the link with the most text, ignoring
 * action links (vote, flag, share…) and in-page anchors. An item that is itself a link is its own.
 */
function mainLink(item: Element, inside: readonly Element[], base: URL): { url: string; link: Element } | null {
  if (item.tagName === "a") {
    const url = absolute(item.attribs.href, base);
    return url ? { url, link: item } : null;
  }
  let best: { url: string; link: Element; weight: number } | null = null;
  for (const element of inside) {
    if (element.tagName !== "a") continue;
    const href = element.attribs.href;
    if (!href || href.startsWith("#") || ACTION_LINK.test(href)) continue;
    const url = absolute(href, base);
    if (!url) continue;
    let inHeading = false;
    for (let node = element.parent; node && node !== item; node = node.parent) {
      if (isElement(node) && HEADING.test(node.tagName)) inHeading = true;
    }
    const text = readableText(element, 200).length;
    // A link named as the item's title ("review-title", "product-name") is its main link.
    const named = hasWord(element, TITLE_WORDS, TITLE_QUICK);
    const weight = (inHeading ? 1_000 : 0) + (named ? 500 : 0) + text + (element.attribs.title ? 5 : 0);
    if (!best || weight > best.weight) best = { url, link: element, weight };
  }
  return best;
}

/** Quotation marks a site puts around a title ("“Great food”"), which are not part of it. */
const QUOTES = /^[\s"'“”‘’«»„‹›]+|[\s"'“”‘’«»„‹›]+$/g;

/**
 * A title: the heading's text, else the main link's. When that text is cut short ("A Light
 * in the ...") the link's title attribute or its image's alt text, which it abbreviates, wins.
 */
function titleOf(inside: readonly Element[], link: Element | undefined): string | undefined {
  // A heading counts when it holds the main link or comes before it: a heading further down
  // belongs to a part of the item (its comments), not to the item.
  const linkAt = link ? inside.indexOf(link) : -1;
  const headingAt = inside.findIndex(
    (element, at) => HEADING.test(element.tagName) && (linkAt < 0 || at <= linkAt) && readableText(element, 10),
  );
  const source = headingAt >= 0 ? inside[headingAt] : link;
  const text = source ? readableText(source, MAX_TITLE_CHARS) : "";
  const full = [link?.attribs.title, ...inside.filter((e) => e.tagName === "img").map((img) => img.attribs.alt)]
    .map((value) => (value ?? "").replace(/\s+/g, " ").trim())
    .filter(Boolean);
  const cut = text.replace(/\s*(\.\.\.|…)$/, "");
  const completed = cut !== text || !text ? full.find((value) => value.startsWith(cut)) : undefined;
  const title = (completed ?? text).replace(QUOTES, "");
  return title ? clip(title, MAX_TITLE_CHARS) : undefined;
}

function isStruck(element: Element, item: Element): boolean {
  for (let node: Element | null = element; node && node !== item;) {
    if (STRUCK.has(node.tagName)) return true;
    node = node.parent && isElement(node.parent) ? node.parent : null;
  }
  return false;
}

/** The first price in an element marked as a price (not a struck-out old price), else in the text. */
function priceOf(item: Element, inside: readonly Element[], text: string): string | undefined {
  for (const element of inside) {
    if (!hasWord(element, PRICE_WORDS, PRICE_QUICK) || isStruck(element, item)) continue;
    const match = PRICE.exec(readableText(element, 120, 200, UNPRICED));
    if (match) return match[0].trim();
  }
  return PRICE.exec(text)?.[0].trim();
}

function dateOf(inside: readonly Element[], text: string): string | undefined {
  const time = inside.find((element) => element.tagName === "time");
  if (time) return (time.attribs.datetime ?? readableText(time, 80)) || undefined;
  for (const element of inside) {
    if (!hasWord(element, DATE_WORDS, DATE_QUICK)) continue;
    const value = element.attribs.title ?? element.attribs.datetime ?? readableText(element, 80);
    const match = DATE.exec(value);
    if (match) return match[0];
  }
  return DATE.exec(text)?.[0];
}

/**
 * The item's image: an <img> (its lazy-loading source first), or one written inside
 * <noscript>, which the parser keeps as raw text.
 */
function imageOf(item: Element, inside: readonly Element[], base: URL): string | undefined {
  const candidates = item.tagName === "img" ? [item, ...inside] : inside;
  for (const element of candidates) {
    if (element.tagName === "img") {
      const { attribs } = element;
      const source = [attribs["data-src"], attribs["data-original"], attribs["data-lazy-src"], attribs.src].find(
        (value) => value && !value.startsWith("data:"),
      );
      const url = absolute(source, base);
      if (url) return url;
    }
    if (element.tagName === "noscript") {
      const raw = element.children.map((child) => ("data" in child ? child.data : "")).join("");
      const url = absolute(/<img[^>]*\ssrc\s*=\s*["']?([^"'\s>]+)/i.exec(raw)?.[1], base);
      if (url) return url;
    }
  }
  return undefined;
}

/** Every element inside an item, noscript included (for its image), scripts and styles not. */
function insideOf(item: Element): Element[] {
  const out: Element[] = [];
  const stack = [...item.children].reverse();
  for (let node = stack.pop(); node && out.length < 4_000; node = stack.pop()) {
    if (!isElement(node) || node.tagName === "script" || node.tagName === "style" || node.tagName === "template")
      continue;
    out.push(node);
    if (node.tagName === "noscript") continue;
    for (let i = node.children.length - 1; i >= 0; i -= 1) {
      const child = node.children[i];
      if (child) stack.push(child);
    }
  }
  return out;
}

/** One item's fields, or null when it has no text, link or image at all. */
export function readItem(item: Element, base: URL): ItemFields | null {
  if (item.tagName === "tr" && !item.children.some((cell) => isElement(cell) && cell.tagName === "td")) return null;
  const inside = insideOf(item);
  const text = clip(readableText(item, MAX_TEXT_CHARS + 50), MAX_TEXT_CHARS);
  const link = mainLink(item, inside, base);
  const image = imageOf(item, inside, base);
  if (item.tagName === "img") {
    const alt = (item.attribs.alt ?? "").replace(/\s+/g, " ").trim();
    return image ? { text: alt, url: image, image } : null;
  }
  if (!text && !image) return null;
  const fields: ItemFields = { text };
  if (item.tagName === "tr") {
    const cells = item.children.filter(
      (cell): cell is Element => isElement(cell) && (cell.tagName === "td" || cell.tagName === "th"),
    );
    fields.cells = cells.map((cell) => readableText(cell, 200));
    fields.text = clip(fields.cells.filter(Boolean).join(" | "), MAX_TEXT_CHARS);
  }
  const title = titleOf(inside, link?.link ?? (item.tagName === "a" ? item : undefined));
  if (title && title !== fields.text) fields.title = title;
  if (link) fields.url = link.url;
  const price = priceOf(item, inside, text);
  if (price) fields.price = price;
  const date = dateOf(inside, text);
  if (date) fields.date = date;
  if (image) fields.image = image;
  return fields;
}
