import type { CheerioAPI } from "cheerio";
import type { Element } from "domhandler";
import { classList, isElement, nameWords, readableText } from "./dom";

/**
 * Where a link stands among the page's pagers: a block of numbered page links (or one named
 * pager, pagination, page-numbers…), and which page number in it is the current one, so the
 * link numbered one more is the next page whatever its language.
 */
export interface Pager {
  element: Element;
  /** The current page's number, when the pager shows it (a number that is not a link, or is marked current). */
  current: number | null;
}

const PAGER_WORDS = new Set([
  "pager",
  "pagination",
  "paging",
  "pagenav",
  "pages",
  "paginator",
  "pagelinks",
  "pagenavi",
]);
const CURRENT_WORDS = new Set(["current", "active", "selected", "cur", "on", "this", "here"]);
/** Ancestor levels above a link searched for its pager. */
const PAGER_LEVELS = 3;
/** Numbered links that make a block a pager. */
const MIN_NUMBERS = 2;

const isNumber = (text: string) => /^\d{1,5}$/.test(text);

function parentElement(element: Element): Element | null {
  return element.parent && isElement(element.parent) ? element.parent : null;
}

function named(element: Element, words: ReadonlySet<string>): boolean {
  return [...classList(element), element.attribs.id ?? ""].some((name) =>
    nameWords(name).some((word) => words.has(word)),
  );
}

/** The pagers of one page, found once: every link asks `pagerOf`. */
export class PagerIndex {
  /** Per ancestor (up to PAGER_LEVELS above a numbered link): how many numbered links it holds. */
  private readonly numbers = new Map<Element, number>();
  private readonly pagers = new Map<Element, Pager | null>();

  constructor($: CheerioAPI) {
    for (const link of $("a[href]").toArray()) {
      if (!isElement(link) || !isNumber(readableText(link, 8))) continue;
      let node = parentElement(link);
      for (let up = 0; node && up < PAGER_LEVELS; up += 1, node = parentElement(node)) {
        this.numbers.set(node, (this.numbers.get(node) ?? 0) + 1);
      }
    }
  }

  /** The pager holding this link, or null when it is not in one. */
  pagerOf(link: Element): Pager | null {
    let node = parentElement(link);
    for (let up = 0; node && up < PAGER_LEVELS; up += 1, node = parentElement(node)) {
      if ((this.numbers.get(node) ?? 0) >= MIN_NUMBERS || named(node, PAGER_WORDS)) return this.pager(node);
    }
    return null;
  }

  private pager(element: Element): Pager {
    const known = this.pagers.get(element);
    if (known) return known;
    const pager = { element, current: currentNumber(element) };
    this.pagers.set(element, pager);
    return pager;
  }
}

/** The first number in a pager that is not a link, or is marked current (class or aria-current). */
function currentNumber(pager: Element): number | null {
  const stack = [...pager.children].reverse();
  for (let node = stack.pop(), seen = 0; node && seen < 500; node = stack.pop(), seen += 1) {
    if (!isElement(node)) {
      if (node.type === "text" && "data" in node && isNumber(node.data.trim())) return Number(node.data.trim());
      continue;
    }
    const marked = node.attribs["aria-current"] !== undefined || named(node, CURRENT_WORDS);
    const text = readableText(node, 8);
    if (isNumber(text) && (marked || (node.tagName !== "a" && !hasLink(node)))) return Number(text);
    if (node.tagName === "a") continue;
    for (let i = node.children.length - 1; i >= 0; i -= 1) {
      const child = node.children[i];
      if (child) stack.push(child);
    }
  }
  return null;
}

function hasLink(element: Element): boolean {
  const stack = [...element.children];
  for (let node = stack.pop(), seen = 0; node && seen < 50; node = stack.pop(), seen += 1) {
    if (!isElement(node)) continue;
    if (node.tagName === "a") return true;
    stack.push(...node.children);
  }
  return false;
}

const PAGE_KEY =
  /^(?:p|pg|pn|page|paged|pagen_?\d*|pagenumber|page_?no|currentpage|start|offset|from|skip|o|s|seite|pagina)$/i;

/** The numbers of a string and what is left around them ("list_48_3.html" → [48, 3], "list_#_#.html"). */
function numbersOf(text: string): { skeleton: string; values: number[] } {
  const values = (text.match(/\d+/g) ?? []).map(Number);
  return { skeleton: text.replace(/\d+/g, "#"), values };
}

/** Whether `link` advances a page number of `current`: one query value or path number grows. */
export function urlAdvance(current: URL, link: URL): boolean {
  const before = new URLSearchParams(current.search);
  const after = new URLSearchParams(link.search);
  const keys = new Set([...before.keys(), ...after.keys()]);
  const changed = [...keys].filter((key) => before.get(key) !== after.get(key));
  if (current.pathname === link.pathname && changed.length >= 1 && changed.length <= 2) {
    return changed.some((key) => {
      const to = after.get(key);
      const from = before.get(key) ?? "0";
      return PAGE_KEY.test(key) && to !== null && isNumber(to) && isNumber(from) && Number(to) > Number(from);
    });
  }
  if (current.search !== link.search) return false;
  const [a, b] = [numbersOf(current.pathname), numbersOf(link.pathname)];
  if (a.skeleton === b.skeleton && a.values.length === b.values.length) {
    const diffs = a.values.flatMap((value, i) => (value !== b.values[i] ? [(b.values[i] ?? 0) - value] : []));
    return diffs.length === 1 && (diffs[0] ?? 0) > 0;
  }
  // "/blog/" → "/blog/page/2/": a page segment appended to the first page's path.
  const rest = link.pathname.startsWith(current.pathname.replace(/\/?$/, "/"))
    ? link.pathname.slice(current.pathname.replace(/\/?$/, "/").length)
    : "";
  return /^(?:page|seite|pagina|strona|p)\/?[2-9]\/?$/i.test(rest);
}

/** Whether a URL names a page of a list (?page=2, /page/3/): "more" links that do are pagination. */
export function urlPaged(url: URL): boolean {
  for (const [key, value] of new URLSearchParams(url.search)) if (PAGE_KEY.test(key) && isNumber(value)) return true;
  return /\/(?:page|seite|pagina|strona)\/\d+\/?$/i.test(url.pathname);
}
