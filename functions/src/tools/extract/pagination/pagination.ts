import type { CheerioAPI } from "cheerio";
import type { Element } from "domhandler";
import { classList, isElement, nameWords, readableText } from "../dom";
import { labelMeaning, type LabelMeaning } from "./nextLabels";
import { PagerIndex, urlAdvance, urlPaged } from "./pagerContext";

/**
 * The next page of a paginated list, from what each link says about itself: its rel, its text,
 * aria-label and title in many languages, forward arrows, its class, its place in a pager
 * , and whether its URL advances a page number. Links
 * backwards (rel=prev, "previous", «), to an end ("last") or inside a calendar never count.
 */

/**
 * Evidence weights; a link needs MIN_SCORE to be followed. The first group is what a link says
 * about itself; the second only supports it: a link is never followed for its place or its URL
 * alone, so a bare "9" after "8" in a pager is not followed (sites that mean "next page" show
 * a next link; a crawl through numbered links would also take "last" jumps and sort orders).
 */
const WEIGHT = {
  rel: 10,
  text: 8,
  label: 7,
  imageAlt: 6,
  className: 5,
  arrow: 4,
  more: 4,
  pager: 2,
  urlAdvance: 3,
};
const MIN_SCORE = 6;
/** Links read at most: a page with more is mostly links, and its pager is among the first ones anyway. */
const MAX_LINKS = 5_000;

const CALENDAR_WORDS = new Set(["calendar", "cal", "datepicker", "month", "mini"]);
/** Query keys of calendar navigation (?mini=2016-04, ?month=5); dates elsewhere (blog "updated-max") are not. */
const CALENDAR_KEY = /[?&](?:month|mini|date|day|year|week|cal|calendar)=/i;

function resolveHref(href: string | undefined, base: URL): URL | null {
  if (!href || href.startsWith("#") || /^\s*(javascript|mailto|tel):/i.test(href)) return null;
  try {
    const url = new URL(href.trim(), base);
    url.hash = "";
    return url.protocol === "http:" || url.protocol === "https:" ? url : null;
  } catch {
    return null;
  }
}

/**
 * Same site: the same host name, "www." aside, whatever the scheme or port (sites link their
 * https pages to http ones and back; as for cookies, a port does not make another site).
 */
function sameSite(a: URL, b: URL): boolean {
  const host = (url: URL) => url.hostname.replace(/^www\./, "");
  return host(a) === host(b);
}

function relTokens(element: Element): string[] {
  return (element.attribs.rel ?? "").toLowerCase().split(/\s+/);
}

/** Whether the link sits in a calendar (its month arrows are not a pager). */
function inCalendar(link: Element, url: URL): boolean {
  if (CALENDAR_KEY.test(url.search)) return true;
  let node: Element | null = link;
  for (let up = 0; node && up < 8; up += 1) {
    const names = [...classList(node), node.attribs.id ?? ""];
    if (names.some((name) => nameWords(name).some((word) => CALENDAR_WORDS.has(word)))) return true;
    node = node.parent && isElement(node.parent) ? node.parent : null;
  }
  return false;
}

const BACK_WORDS = new Set(["prev", "previous", "back", "backward", "newer"]);
const NEXT_NAME_WORDS = new Set(["next", "older"]);
/** On an icon, a direction is also a meaning; on a layout box ("pull-right") it is not. */
const ICON_BACK_WORDS = new Set([...BACK_WORDS, "left"]);
const ICON_FORWARD_WORDS = new Set([...NEXT_NAME_WORDS, "right", "forward"]);
const ICON_BACK_WORDS_RTL = new Set([...NEXT_NAME_WORDS, "left", "forward"]);
const ICON_FORWARD_WORDS_RTL = new Set([...BACK_WORDS, "right"]);
/** Rules out, cheaply, the names that hold none of the words below (most links on a page). */
const DIRECTION_QUICK = /next|prev|back|older|newer|right|left|forward/i;
const ICON_WORDS = new Set(["icon", "fa", "glyphicon", "chevron", "arrow", "angle", "caret", "triangle", "bi"]);

/**
 * What class and id names say: the link's and its wrapper's ("li.next > a"), and an icon's
 * inside it ("<i class=icon-chevron-right>"). A name with both directions ("prev_next", the
 * pager box) says nothing.
 */
function classMeaning(link: Element, rtl: boolean): LabelMeaning {
  const parent = link.parent && isElement(link.parent) ? link.parent : null;
  const icons = link.children.filter(
    (child): child is Element => isElement(child) && child.children.every((inner) => !isElement(inner)),
  );
  let meaning: LabelMeaning = "none";
  for (const element of [link, parent, ...icons]) {
    if (!element) continue;
    const isIcon = element !== link && element !== parent;
    const names = `${element.attribs.class ?? ""} ${element.attribs.id ?? ""}`;
    if (!DIRECTION_QUICK.test(names)) continue;
    for (const name of [...classList(element), element.attribs.id ?? ""]) {
      const words = nameWords(name);
      if (isIcon && !words.some((word) => ICON_WORDS.has(word))) continue;
      // In a right-to-left page an arrow to the right points back.
      const [backWords, forwardWords] = isIcon
        ? rtl
          ? [ICON_FORWARD_WORDS_RTL, ICON_BACK_WORDS_RTL]
          : [ICON_BACK_WORDS, ICON_FORWARD_WORDS]
        : [BACK_WORDS, NEXT_NAME_WORDS];
      const back = words.some((word) => backWords.has(word));
      const forward = words.some((word) => forwardWords.has(word));
      if (back && !forward) return "not_next";
      if (forward && !back) meaning = "next";
    }
  }
  return meaning;
}

/** A forward arrow written just after the link, outside it ("<a>continued</a> »"). */
function arrowBeside(link: Element): string {
  const next = link.next;
  const text = next && next.type === "text" && "data" in next ? next.data.trim() : "";
  return /^(?:»|›|→|>|>>)$/.test(text) ? text : "";
}

interface Scored {
  url: URL;
  score: number;
}

interface PageContext {
  pagers: PagerIndex;
  current: URL;
  rtl: boolean;
}

/** rel values of links that are never the next page. */
const NOT_NEXT_RELS = ["prev", "previous", "start", "first", "last", "index", "up", "canonical", "alternate"];

/** The alt text of an image inside the link (an arrow drawn as an image). */
function imageLabel(link: Element): string {
  const stack = [...link.children];
  for (let node = stack.pop(), seen = 0; node && seen < 20; node = stack.pop(), seen += 1) {
    if (!isElement(node)) continue;
    if (node.tagName === "img") return node.attribs.alt ?? node.attribs.title ?? "";
    stack.push(...node.children);
  }
  return "";
}

function scoreLink(page: PageContext, link: Element, url: URL): number | null {
  const { pagers, current, rtl } = page;
  const rel = relTokens(link);
  if (NOT_NEXT_RELS.some((value) => rel.includes(value))) return null;
  const text = link.tagName === "a" ? `${readableText(link, 60)} ${arrowBeside(link)}` : "";
  const meanings = {
    text: labelMeaning(text),
    label: labelMeaning(link.attribs["aria-label"] ?? link.attribs.title ?? ""),
    imageAlt: labelMeaning(imageLabel(link)),
    className: classMeaning(link, rtl),
  };
  if (Object.values(meanings).includes("not_next")) return null;
  let score = rel.includes("next") ? WEIGHT.rel : 0;
  if (meanings.text === "next") score += WEIGHT.text;
  if (meanings.label === "next") score += WEIGHT.label;
  if (meanings.imageAlt === "next") score += WEIGHT.imageAlt;
  if (meanings.className === "next") score += WEIGHT.className;
  if (meanings.text === "forward_arrow" || meanings.label === "forward_arrow") score += WEIGHT.arrow;
  if (meanings.text === "more") score += WEIGHT.more;
  // Most links say nothing about pages: they stop here, before the walks up the tree below.
  if (score === 0 || inCalendar(link, url)) return null;
  if (pagers.inPager(link)) score += WEIGHT.pager;
  if (urlAdvance(current, url) || (meanings.text === "more" && urlPaged(url))) score += WEIGHT.urlAdvance;
  return score;
}

/** Every same-site, unvisited link with some evidence of being the next page, best first. */
export function rankNextLinks($: CheerioAPI, current: URL, visited: ReadonlySet<string>): Scored[] {
  const here = new URL(current.href);
  here.hash = "";
  const links = $("link[rel][href], a[href], area[href]").toArray().filter(isElement).slice(0, MAX_LINKS);
  const dir = ($("html").attr("dir") ?? $("body").attr("dir") ?? "").toLowerCase();
  const page: PageContext = { pagers: new PagerIndex(links), current, rtl: dir === "rtl" };
  const ranked: Scored[] = [];
  for (const element of links) {
    if (!isElement(element)) continue;
    if (element.tagName === "link" && !relTokens(element).includes("next")) continue;
    const url = resolveHref(element.attribs.href, current);
    if (!url || url.href === here.href || visited.has(url.href) || !sameSite(url, current)) continue;
    const score = scoreLink(page, element, url);
    if (score !== null && score > 0) ranked.push({ url, score });
  }
  // A stable sort: ties keep document order, so the first of equally good links wins.
  return ranked.sort((a, b) => b.score - a.score);
}

/** The next page: the best-ranked link with enough evidence, or null. */
export function findNextPage($: CheerioAPI, current: URL, visited: ReadonlySet<string>): URL | null {
  const best = rankNextLinks($, current, visited)[0];
  return best && best.score >= MIN_SCORE ? best.url : null;
}
