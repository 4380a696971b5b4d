import type { Element } from "domhandler";
import { classList, nameWords } from "../dom";

/**
 * Page chrome: the parts of a page around its content (menus, filter sidebars, headers,
 * footers, breadcrumbs, pagers). Known by what the markup says the part is (tag, ARIA role,
 * the words of its class and id), because menus that are not inside <nav> look like lists.
 */

/** Tags that are chrome wherever they are. A whole-page <form> (ASP.NET) is not: forms are not here. */
const CHROME_TAGS = new Set(["nav", "aside", "select", "menu", "dialog"]);
/** Tags that are chrome at page level, but ordinary parts of an article or a list item inside one. */
const PAGE_LEVEL_TAGS = new Set(["header", "footer"]);
const CHROME_ROLES = new Set([
  "navigation",
  "banner",
  "contentinfo",
  "complementary",
  "menu",
  "menubar",
  "search",
  "tablist",
  "toolbar",
  "dialog",
  "alertdialog",
]);
/** Largest share of a page's text that a part known as chrome only by its name or role may hold. */
const MAX_CHROME_SHARE = 0.5;
/** Words of a class or id that name a chrome part. */
const CHROME_WORDS = new Set([
  "nav",
  "navbar",
  "navigation",
  "menu",
  "submenu",
  "menubar",
  "subnav",
  "breadcrumb",
  "breadcrumbs",
  "footer",
  "header",
  "masthead",
  "sidebar",
  "filter",
  "filters",
  "facet",
  "facets",
  "refinements",
  "pagination",
  "pager",
  "dropdown",
  "toolbar",
  "topbar",
  "social",
  "share",
  "sharing",
  "cookie",
  "cookies",
  "banner",
  "popup",
  "modal",
  "widget",
  "widgets",
]);
/** Words that say a part holds content, overriding a chrome word in the same name ("main-header-content"). */
const CONTENT_WORDS = new Set([
  "content",
  "main",
  "results",
  "products",
  "posts",
  "articles",
  "reviews",
  "stories",
  "entries",
  "listing",
  "discussions",
  "comments",
]);

/** Whether a class or id name names a chrome part. */
export function isChromeName(name: string): boolean {
  const words = nameWords(name);
  return words.some((word) => CHROME_WORDS.has(word)) && !words.some((word) => CONTENT_WORDS.has(word));
}

/**
 * Whether this element itself (not its ancestors) is marked as chrome. `pageShare` is the part
 * of the page's text inside it: names and roles are only trusted on parts that are small beside
 * the page (a <body class="globalNav2011_reset"> is not a menu; a menu is never most of a page).
 */
export function isChromeElement(element: Element, insideContent: boolean, pageShare: number): boolean {
  const { tagName, attribs } = element;
  if (CHROME_TAGS.has(tagName)) return true;
  if (PAGE_LEVEL_TAGS.has(tagName) && !insideContent) return true;
  if (pageShare > MAX_CHROME_SHARE || tagName === "body" || tagName === "html") return false;
  const role = attribs.role?.toLowerCase();
  if (role && CHROME_ROLES.has(role)) return true;
  if (attribs.id && isChromeName(attribs.id)) return true;
  return classList(element).some(isChromeName);
}

/** Elements that hold content: below them, <header> and <footer> belong to the content. */
export function isContentElement(element: Element): boolean {
  const { tagName, attribs } = element;
  return tagName === "article" || tagName === "main" || attribs.role === "main" || attribs.role === "article";
}
