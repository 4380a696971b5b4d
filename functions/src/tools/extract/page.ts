import { loadBuffer, type CheerioAPI } from "cheerio";
import { ToolInputError } from "../../errors";
import { FetchFailedError } from "../../net/fetchErrors";
import { headerValue, type GuardedFetcher, type ResponseHead } from "../../net/guardedFetch";
import { documentStats } from "./dom";
import { scanSource } from "./nesting";

/** Most elements one page may have; parsing cost is linear, this bounds selector work too. */
export const MAX_ELEMENTS = 100_000;
/** Deepest tree accepted after parsing (Blink's parser caps nesting at 512 too); bounds descendant selectors. */
export const MAX_DEPTH = 512;
/** Deepest source nesting handed to the parser at all: parse time grows faster than linearly with depth. */
export const MAX_SOURCE_NESTING = 2_000;
/**
 * Most formatting elements (<b>, <a>, <font>…) left open at once: the parser re-creates every
 * open one for each later block holding text, so a few hundred multiply the element count.
 */
export const MAX_OPEN_FORMATTING = 50;
/**
 * Ceiling on the scan's estimate of the elements parsing would build (start tags plus
 * re-created formatting elements). The estimate is pessimistic (every closing tag counts every
 * open formatting tag as re-created), so it gets more room than MAX_ELEMENTS, which the real
 * count after parsing must still meet; sloppy but ordinary pages pass, hostile ones do not.
 */
export const MAX_PARSE_ESTIMATE = 400_000;
const HTML_TYPES = new Set(["text/html", "application/xhtml+xml"]);

export interface HtmlPage {
  url: URL;
  $: CheerioAPI;
  bytes: number;
  parseMs: number;
}

/** How far into a page a late <meta charset> is looked for. */
const META_SCAN_BYTES = 64 * 1024;

/**
 * A <meta charset> that comes after the first 1,024 bytes, where the standard prescan stops:
 * browsers then re-decode the page when the parser reaches it, so its charset is the page's.
 */
function declaredCharset(body: Buffer): string | undefined {
  const head = body.subarray(0, META_SCAN_BYTES).toString("latin1");
  const end = head.search(/<\/head|<body/i);
  return /<meta[^>]+charset\s*=\s*["']?([\w-]+)/i.exec(end > 0 ? head.slice(0, end) : head)?.[1];
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
  const scan = scanSource(response.body);
  if (scan.nesting > MAX_SOURCE_NESTING) {
    throw new FetchFailedError(
      `${response.url} nests tags about ${scan.nesting} deep; web_extract parses at most ${MAX_SOURCE_NESTING}`,
    );
  }
  if (scan.openFormatting > MAX_OPEN_FORMATTING) {
    throw new FetchFailedError(
      `${response.url} leaves ${scan.openFormatting} formatting tags (<b>, <a>, <font>…) open at once; ` +
        `web_extract parses at most ${MAX_OPEN_FORMATTING}, as the parser would re-create them for every later block`,
    );
  }
  // Checked before parsing too: parsing alone may build far more elements than the cap.
  if (scan.startTags > MAX_ELEMENTS) {
    throw new FetchFailedError(
      `${response.url} has ${scan.startTags} start tags; web_extract reads at most ${MAX_ELEMENTS} elements`,
    );
  }
  if (scan.startTags + scan.reconstructed > MAX_PARSE_ESTIMATE) {
    throw new FetchFailedError(
      `${response.url} would make the parser re-create open formatting tags about ${scan.reconstructed} times ` +
        `(with ${scan.startTags} start tags); web_extract parses at most about ${MAX_PARSE_ESTIMATE} elements`,
    );
  }
  const started = performance.now();
  // cheerio sniffs the encoding as browsers do: BOM, then the header's charset, then <meta charset>.
  const charset =
    /charset\s*=\s*"?([\w-]+)/i.exec(headerValue(response.headers, "content-type") ?? "")?.[1] ??
    declaredCharset(response.body);
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
