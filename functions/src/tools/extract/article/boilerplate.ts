import { nameWords } from "../dom";

/**
 * Boilerplate taken out of a page before Readability scores it, and out of its blocks after.
 * The ideas are trafilatura's (its tree pruning by tag, by class/id words and by link density,
 * and its de-duplication of repeated text), written for this DOM: parts that are never the
 * article's own text (menus, share bars, newsletter boxes, related posts, comments, tags, image
 * captions and galleries, cookie notices, adverts) are known by their tag, their ARIA role or
 * the words of their class and id. Readability alone keeps many of them when they sit inside
 * the article's container.
 */

/** The members of a linkedom element used here (its published types name the DOM lib's). */
export interface PrunableElement {
  tagName: string;
  id: string;
  className: unknown;
  textContent: string | null;
  parentElement: PrunableElement | null;
  getAttribute(name: string): string | null;
  remove(): void;
}

export interface PrunableDocument {
  querySelectorAll(selector: string): Iterable<PrunableElement>;
}

/** Tags that are never the article's text. figure/figcaption: captions repeat what images show. */
const BOILERPLATE_TAGS = "nav, aside, figcaption, figure, dialog, select, button";
const BOILERPLATE_ROLES = new Set(["navigation", "complementary", "contentinfo", "dialog", "alertdialog", "banner"]);
/** Words of a class or id that name a part which is not the article's own text. */
const BOILERPLATE_WORDS = new Set(
  (
    "share sharing social sharebar newsletter subscribe subscription signup related recommended recirculation " +
    "promo promoted sponsored advert advertisement ads adslot outbrain taboola cookie cookies consent gdpr " +
    "comments comment disqus breadcrumb breadcrumbs tags tag caption captions credit gallery slideshow carousel " +
    "toolbar popup modal paywall trending nav navbar menu footer"
  ).split(" "),
);
/** Words that say the part is the content itself ("article-body", "post-content"), which win. */
const CONTENT_WORDS = new Set(["content", "body", "article", "story", "text", "main", "post", "entry"]);
/** A part named as boilerplate is kept when it holds more than this share of the page's paragraph text. */
const MAX_SHARE = 0.3;

function namesBoilerplate(element: PrunableElement): boolean {
  const names = [element.id, typeof element.className === "string" ? element.className : ""];
  return names.some((name) =>
    name.split(/\s+/).some((one) => {
      const words = nameWords(one);
      return words.some((word) => BOILERPLATE_WORDS.has(word)) && !words.some((word) => CONTENT_WORDS.has(word));
    }),
  );
}

/**
 * Characters of paragraph text under each element (every <p> credits all its ancestors): the
 * guard that keeps a misnamed article container ("non-ad-column", "unsubscribed") in the page.
 */
function paragraphTextByAncestor(document: PrunableDocument): {
  byElement: Map<PrunableElement, number>;
  total: number;
} {
  const byElement = new Map<PrunableElement, number>();
  let total = 0;
  for (const paragraph of document.querySelectorAll("p")) {
    const length = paragraph.textContent?.length ?? 0;
    total += length;
    for (let node = paragraph.parentElement; node; node = node.parentElement) {
      byElement.set(node, (byElement.get(node) ?? 0) + length);
    }
  }
  return { byElement, total };
}

/** Takes boilerplate parts out of the document, in place. */
export function pruneBoilerplate(document: PrunableDocument): void {
  const { byElement, total } = paragraphTextByAncestor(document);
  const holdsTheText = (element: PrunableElement) => (byElement.get(element) ?? 0) > MAX_SHARE * total;
  for (const element of document.querySelectorAll(BOILERPLATE_TAGS)) {
    if (!holdsTheText(element)) element.remove();
  }
  for (const element of document.querySelectorAll("[role], [class], [id]")) {
    const tag = element.tagName.toLowerCase();
    if (tag === "body" || tag === "html" || tag === "article" || tag === "main") continue;
    const role = element.getAttribute("role")?.toLowerCase() ?? "";
    if (!BOILERPLATE_ROLES.has(role) && !namesBoilerplate(element)) continue;
    if (!holdsTheText(element)) element.remove();
  }
}

/** Lines that are a page's furniture wherever they appear (gallery counters, advert labels, prompts). */
const FURNITURE =
  /^(?:advert(?:isement)?|skip to (?:main )?content|image \d+ of \d+|caption|close|share(?: this(?: article| story)?)?|comments?|tell us what you think\.*|this slideshow requires javascript\.?|(?:see|read) more:.*|related:.*|don'?t miss:?)$/i;
/** Blocks mostly made of link text are menus and link lists, unless long. */
const MAX_LINK_SHARE = 0.5;
const SHORT_BLOCK = 200;

/** Whether a block of the article's text is boilerplate: furniture, a repeat, or mostly links. */
export function isBoilerplateBlock(text: string, linkChars: number, seen: Set<string>): boolean {
  if (FURNITURE.test(text)) return true;
  const key = text.toLowerCase();
  if (text.length > 20 && seen.has(key)) return true;
  seen.add(key);
  return text.length < SHORT_BLOCK && linkChars > MAX_LINK_SHARE * text.length;
}
