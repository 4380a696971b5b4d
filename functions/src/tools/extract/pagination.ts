import type { CheerioAPI } from "cheerio";

/** Link texts that mean "the next page" on common sites and CMSs. */
const NEXT_TEXT = /^(next|next page|next ›|next »|next →|›|»|→|more|older|older posts|load more)$/i;

function resolveHref(href: string | undefined, base: URL): URL | null {
  if (!href || href.startsWith("#") || /^javascript:/i.test(href)) return null;
  try {
    const url = new URL(href, base);
    url.hash = "";
    return url;
  } catch {
    return null;
  }
}

/**
 * The next page of a paginated list: `<link rel=next>`, then `<a rel=next>`, then a link
 * whose text, aria-label or class says "next". Only same-origin pages that were not
 * visited yet count, so a crawl cannot wander off-site or loop.
 */
export function findNextPage($: CheerioAPI, current: URL, visited: ReadonlySet<string>): URL | null {
  const hrefs: (string | undefined)[] = [];
  $("link[rel], a[rel]").each((_, element) => {
    const rel = ($(element).attr("rel") ?? "").toLowerCase().split(/\s+/);
    if (rel.includes("next")) hrefs.push($(element).attr("href"));
  });
  $("a[href]").each((_, element) => {
    const link = $(element);
    const text = link.text().replace(/\s+/g, " ").trim();
    const label = link.attr("aria-label") ?? "";
    const classes = `${link.attr("class") ?? ""} ${link.parent().attr("class") ?? ""}`;
    if (NEXT_TEXT.test(text) || /\bnext\b/i.test(label) || /(^|[\s_-])next($|[\s_-])/i.test(classes)) {
      hrefs.push(link.attr("href"));
    }
  });
  for (const href of hrefs) {
    const url = resolveHref(href, current);
    if (url && url.origin === current.origin && !visited.has(url.href)) return url;
  }
  return null;
}
