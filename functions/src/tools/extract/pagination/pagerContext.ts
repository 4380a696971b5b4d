import type { Element } from "domhandler";
import { classList, isElement, nameWords, readableText } from "../dom";

/**
 * Whether a link stands in a pager: a block of numbered page links, or one named pager,
 * pagination, page-numbers…; a forward arrow there means the next page.
 */
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

/** The pagers of one page, found once: every link asks `inPager`. */
export class PagerIndex {
  /** Per ancestor (up to PAGER_LEVELS above a numbered link): how many numbered links it holds. */
  private readonly numbers = new Map<Element, number>();

  /** `links`: the page's links, in document order. */
  constructor(links: readonly Element[]) {
    for (const link of links) {
      if (link.tagName !== "a" || !isNumber(readableText(link, 8))) continue;
      let node = parentElement(link);
      for (let up = 0; node && up < PAGER_LEVELS; up += 1, node = parentElement(node)) {
        this.numbers.set(node, (this.numbers.get(node) ?? 0) + 1);
      }
    }
  }

  inPager(link: Element): boolean {
    let node = parentElement(link);
    for (let up = 0; node && up < PAGER_LEVELS; up += 1, node = parentElement(node)) {
      if ((this.numbers.get(node) ?? 0) >= MIN_NUMBERS || named(node, PAGER_WORDS)) return true;
    }
    return false;
  }
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
