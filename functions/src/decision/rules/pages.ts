/**
 * An objective that names a web address: read the page (web_extract), as an article when it
 * asks to read, summarise or get the main text, or search when it asks ABOUT the site rather
 * than what is on it ("Is https://x.com down?", "Who owns example.org?").
 */
import type { FoundUrl } from "./urls";

/** Asks for one article's text: summarise, TL;DR, main text, read the article (five languages). */
const ARTICLE =
  /summari[sz]e|summary|\b(?:read|lies|lis|lee)\s+(?:me\s+)?(?:https?:\/\/|www\.)|tl;?dr|main text|full text|body text|read (?:the |this )?(?:article|story|post)|\barticle\b(?!s)|zusammenfass|fasse?\b.*\bzusammen|artikel\b(?!n)|haupttext|volltext|résum|l'article\b|texte (?:principal|intégral|complet)|resum|artículo\b(?!s)|texto (?:principal|completo)|总结|摘要|概括|文章|正文|全文/iu;
/** Many items, not one article: "List the articles on …", "all headlines". */
const LISTING = /\b(?:list|all|every|headlines|articles|posts|links|items|products)\b/i;
/** The site's state, not its content: a search answers it (status pages, outage reports). */
const STATUS =
  /\b(?:is|are)\b.*\b(?:down|up|offline|online|working|reachable|blocked)\b|\bdown for\b|\boutage\b|ist\b.*\b(?:down|erreichbar|offline)|est-ce que .*\ben panne|\bestá caíd|挂了|宕机|打不开|能打开吗/iu;
/** The domain as a subject: who owns it, when it was registered, what it is worth. */
const ABOUT_DOMAIN =
  /\bwho (?:owns|runs|is behind)\b|\bwhois\b|\bdomain\b|\bregistered\b|\bregistrar\b|\bsafe\b|\blegit\b|\bscam\b/i;
/** Words that ask to read a page: a bare host only counts with one of them. */
const READ_WORDS =
  /\b(?:extract|scrape|crawl|collect|get|list|pull|fetch|read|open|visit|show|grab|download|summari[sz]e|check|go to|browse|look at|on|from|at|of)\b|extrai|lies|hole|liste|récupère|lis\b|extrae|obtén|lee\b|抓取|提取|读取|获取|列出/iu;

export type PageDecision =
  | { kind: "extract"; article: boolean; confidence: number; reason: string }
  | { kind: "search"; confidence: number; reason: string };

/**
 * The page is the source, not the subject: "according to https://…", a status page
 * ("status.example.com", "/status"): what is down is read off it, not searched for.
 */
const PAGE_AS_SOURCE =
  /\b(?:according to|as (?:listed|shown|reported) (?:on|at)|per|laut|selon|d'après|según)\s+(?:the page\s+)?\S*$/iu;
const STATUS_PAGE = /(?:^|[./])status\.|\/status(?:\/|$)|statuspage|githubstatus/iu;

function isSource(objective: string, found: FoundUrl): boolean {
  const before = objective.slice(0, Math.max(0, objective.indexOf(found.written)));
  return PAGE_AS_SOURCE.test(before) || STATUS_PAGE.test(found.url);
}

export function decidePage(objective: string, found: FoundUrl): PageDecision {
  if (STATUS.test(objective) && !isSource(objective, found)) {
    return {
      kind: "search",
      confidence: 0.8,
      reason: `asks whether ${found.written} is up or down: a question for web search`,
    };
  }
  if (!found.hadScheme && found.hostOnly && (ABOUT_DOMAIN.test(objective) || !READ_WORDS.test(objective))) {
    return { kind: "search", confidence: 0.7, reason: `asks about the site ${found.written}, not for what is on it` };
  }
  if (ABOUT_DOMAIN.test(objective) && /\bwho (?:owns|runs)\b|\bwhois\b/i.test(objective)) {
    return {
      kind: "search",
      confidence: 0.7,
      reason: `asks who is behind ${found.written}: a question for web search`,
    };
  }
  const article =
    ARTICLE.test(objective) &&
    !(LISTING.test(objective) && !/summari[sz]e|tl;?dr|总结|zusammen|résum|resum/i.test(objective));
  const confidence = found.hadScheme ? 0.95 : READ_WORDS.test(objective) ? 0.85 : 0.75;
  return {
    kind: "extract",
    article,
    confidence,
    reason: `names the page ${found.url}${article ? " and asks for its article text" : ""}: read it`,
  };
}
