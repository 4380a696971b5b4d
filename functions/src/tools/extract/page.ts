import { loadBuffer, type CheerioAPI } from "cheerio";
import { ToolInputError } from "../../errors";
import { FetchFailedError } from "../../net/fetchErrors";
import { headerValue, type GuardedFetcher, type ResponseHead } from "../../net/guardedFetch";
import { documentStats } from "./dom";
import { estimateNesting } from "./nesting";

/** Most elements one page may have; parsing cost is linear, this bounds selector work too. */
export const MAX_ELEMENTS = 100_000;
/** Deepest tree accepted after parsing (Blink's parser caps nesting at 512 too); bounds descendant selectors. */
export const MAX_DEPTH = 512;
/** Deepest source nesting handed to the parser at all: parse time grows faster than linearly with depth. */
export const MAX_SOURCE_NESTING = 2_000;
const HTML_TYPES = new Set(["text/html", "application/xhtml+xml"]);

export interface HtmlPage {
  url: URL;
  $: CheerioAPI;
  bytes: number;
  parseMs: number;
}

/** Refuses anything that is not an HTML page before its body is downloaded. */
function requireHtml(head: ResponseHead): void {
  if (head.status < 200 || head.status >= 300) {
    throw new FetchFailedError(`fetching ${head.url} answered HTTP ${head.status}`);
  }
  const type = (headerValue(head.headers, "content-type") ?? "").split(";")[0]?.trim().toLowerCase() ?? "";
  if (!HTML_TYPES.has(type)) {
    throw new ToolInputError(`web_extract only reads HTML pages: ${head.url} is ${type || "of unknown content type"}`);
  }
}

/**
 * Fetches one page through the guarded fetcher and parses it. The byte cap bounds the
 * (linear-time) parse; the element cap bounds what selectors then walk. A synchronous
 * parse cannot be pre-empted, so time is bounded through size, and the deadline is
 * checked between pages.
 */
export async function fetchHtmlPage(fetcher: GuardedFetcher, url: URL, signal: AbortSignal): Promise<HtmlPage> {
  const response = await fetcher.get(url, {
    signal,
    headers: { accept: "text/html,application/xhtml+xml;q=0.9,*/*;q=0.1" },
    inspect: requireHtml,
  });
  const nesting = estimateNesting(response.body);
  if (nesting > MAX_SOURCE_NESTING) {
    throw new FetchFailedError(
      `${response.url} nests tags about ${nesting} deep; web_extract parses at most ${MAX_SOURCE_NESTING}`,
    );
  }
  const started = performance.now();
  // cheerio sniffs the encoding as browsers do: BOM, then the header's charset, then <meta charset>.
  const charset = /charset\s*=\s*"?([\w-]+)/i.exec(headerValue(response.headers, "content-type") ?? "")?.[1];
  const $ = loadBuffer(response.body, {
    encoding: { defaultEncoding: "utf-8", ...(charset ? { transportLayerEncodingLabel: charset } : {}) },
  });
  const root = $.root().get(0);
  const { elements, maxDepth } = root ? documentStats(root) : { elements: 0, maxDepth: 0 };
  if (elements > MAX_ELEMENTS) {
    throw new FetchFailedError(`${response.url} has ${elements} elements; web_extract reads at most ${MAX_ELEMENTS}`);
  }
  if (maxDepth > MAX_DEPTH) {
    throw new FetchFailedError(
      `${response.url} nests elements ${maxDepth} deep; web_extract reads at most ${MAX_DEPTH}`,
    );
  }
  return { url: new URL(response.url), $, bytes: response.body.length, parseMs: performance.now() - started };
}
