import { load } from "cheerio";
import * as z from "zod";
import { ToolFailedError } from "../../errors";

/**
 * The part of Brave Search API's web search response this tool reads
 * (GET /res/v1/web/search?q=…, header X-Subscription-Token). Everything else is ignored;
 * a response without `web` simply has no web results.
 */
const braveResultSchema = z.looseObject({
  title: z.string().default(""),
  url: z.string(),
  description: z.string().optional(),
});
const braveResponseSchema = z.looseObject({
  web: z.looseObject({ results: z.array(z.unknown()).default([]) }).optional(),
});

export interface SearchResult {
  rank: number;
  title: string;
  url: string;
  snippet: string;
}

export const MAX_QUERY_CHARS = 400;

/** Brave's own limits: at most 400 characters; longer objectives are cut on a word boundary. */
export function boundQuery(query: string): { query: string; truncated: boolean } {
  const clean = query.replace(/\s+/g, " ").trim();
  if (clean.length <= MAX_QUERY_CHARS) return { query: clean, truncated: false };
  const cut = clean.slice(0, MAX_QUERY_CHARS);
  const space = cut.lastIndexOf(" ");
  return { query: (space > 0 ? cut.slice(0, space) : cut).trim(), truncated: true };
}

export function buildSearchUrl(endpoint: string, query: string, count: number): URL {
  const url = new URL(endpoint);
  url.searchParams.set("q", query);
  url.searchParams.set("count", String(Math.min(20, Math.max(1, count))));
  return url;
}

/** Brave marks matches with <strong> and escapes entities; people want plain text. */
function plainText(html: string): string {
  return load(html, null, false).text().replace(/\s+/g, " ").trim();
}

/** One key per page: scheme and host case, fragments and a trailing slash do not make a new result. */
export function dedupeKey(raw: string): string | null {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return null;
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return null;
  url.hash = "";
  const path = url.pathname.length > 1 ? url.pathname.replace(/\/+$/, "") : "";
  return `${url.host}${path}${url.search}`;
}

/** Parses the provider's JSON into ranked, de-duplicated results (data from the network is never trusted). */
export function parseBraveResponse(body: Buffer, maxResults: number): SearchResult[] {
  let json: unknown;
  try {
    json = JSON.parse(body.toString("utf8"));
  } catch {
    throw new ToolFailedError("search provider answered with something that is not JSON");
  }
  const parsed = braveResponseSchema.safeParse(json);
  if (!parsed.success) throw new ToolFailedError("search provider's response does not have Brave's web search shape");
  const seen = new Set<string>();
  const results: SearchResult[] = [];
  for (const entry of parsed.data.web?.results ?? []) {
    const result = braveResultSchema.safeParse(entry);
    if (!result.success) continue;
    const key = dedupeKey(result.data.url);
    if (key === null || seen.has(key)) continue;
    seen.add(key);
    results.push({
      rank: results.length + 1,
      title: plainText(result.data.title) || result.data.url,
      url: result.data.url,
      snippet: plainText(result.data.description ?? ""),
    });
    if (results.length >= maxResults) break;
  }
  return results;
}
