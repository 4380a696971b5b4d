import * as z from "zod";
import { DeadlineError, errorMessage, ToolInputError } from "../errors";
import { checkUrl } from "../net/addressPolicy";
import { GuardedFetcher } from "../net/guardedFetch";
import type { Article } from "./extract/article/article";
import { itemKey, type ExtractedItem, type ItemSpec } from "./extract/lists/items";
import { fetchHtmlPage, type HtmlPage } from "./extract/page";
import { findNextPage } from "./extract/pagination/pagination";
import type { PageKindDecision } from "./extract/pageKind";
import { PageReader, type ExtractMode } from "./extract/reader";
import { RobotsCache } from "./extract/robots";
import type { Tool, ToolInput, ToolResult, ToolRunContext } from "./types";
import { loadExtractConfig, type ExtractConfig } from "./webConfig";

/** Why an extraction stopped; recorded on the mission and in the artifact. */
export type ExtractStop =
  | "target_reached"
  | "no_new_items"
  | "no_more_pages"
  | "page_cap"
  | "deadline"
  | "cancelled"
  | "robots_disallowed"
  | "page_error";

/**
 * Where a crawl is, saved after every page (the pipeline coalesces the writes) so that a
 * re-queued attempt continues from the next page instead of fetching the first ones again.
 */
const cursorSchema = z.object({
  url: z.string(),
  next_url: z.string().nullable(),
  selector: z.string().nullable(),
  pages: z.array(z.string()),
  visited: z.array(z.string()),
  items: z.array(z.custom<ExtractedItem>((item) => typeof item === "object" && item !== null)),
  empty_streak: z.number().int().nonnegative(),
});
type Cursor = z.infer<typeof cursorSchema>;

/** The saved cursor, when it belongs to this very request; anything else starts over. */
function resumeFrom(raw: unknown, request: ExtractRequest): Cursor | null {
  const parsed = cursorSchema.safeParse(raw);
  return parsed.success && parsed.data.url === request.url.href ? parsed.data : null;
}

export interface WebExtractOptions {
  config?: Partial<ExtractConfig>;
}

interface ExtractRequest {
  url: URL;
  spec: ItemSpec;
  target: number;
}

/** Reads the mission's input: url (required), selector or item_kind, target. */
function readInput(input: ToolInput, config: ExtractConfig): ExtractRequest {
  if (typeof input.url !== "string" || input.url.trim() === "") {
    throw new ToolInputError("web_extract needs input.url, an http(s) URL");
  }
  const url = checkUrl(input.url.trim(), config.net);
  const spec: ItemSpec = {};
  if (input.selector !== undefined) {
    if (typeof input.selector !== "string" || !input.selector.trim())
      throw new ToolInputError("selector must be a non-empty CSS selector string");
    spec.selector = input.selector.trim();
  }
  if (typeof input.item_kind === "string" && input.item_kind.trim()) spec.itemKind = input.item_kind.trim();
  const rawTarget = input.target ?? config.defaultTarget;
  const target = typeof rawTarget === "string" ? Number(rawTarget) : rawTarget;
  if (typeof target !== "number" || !Number.isInteger(target) || target < 1) {
    throw new ToolInputError(`target must be a positive whole number of items, not ${JSON.stringify(rawTarget)}`);
  }
  return { url, spec, target: Math.min(target, config.maxItems) };
}

export function createWebExtractTool(options: WebExtractOptions = {}): Tool {
  return {
    name: "web_extract",
    serves: ["extraction", "search"],
    run: (context) => runExtraction(context, loadExtractConfig(options.config)),
  };
}

async function runExtraction(context: ToolRunContext, config: ExtractConfig): Promise<ToolResult> {
  const started = Date.now();
  const request = readInput(context.input, config);
  const cursor = resumeFrom(context.resume, request);
  // A resumed crawl keeps the list selector its first pages were read with.
  const resumedSelector = request.spec.selector ?? cursor?.selector ?? undefined;
  const reader = new PageReader(resumedSelector ? { ...request.spec, selector: resumedSelector } : request.spec);
  const fetcher = new GuardedFetcher(config.net);
  const robots = new RobotsCache(fetcher, context.deadline.signal);
  const items: ExtractedItem[] = [...(cursor?.items ?? [])];
  const seen = new Set<string>(items.map(itemKey));
  const visited = new Set<string>(cursor?.visited ?? []);
  const pages: string[] = [...(cursor?.pages ?? [])];
  let emptyStreak = cursor?.empty_streak ?? 0;
  let stopped: ExtractStop = "no_more_pages";
  let stopDetail: string | undefined;
  const progress = (message: string) =>
    context.reportProgress({
      itemsCollected: items.length,
      itemsTarget: request.target,
      pagesVisited: pages.length,
      message,
    });
  progress(cursor ? `resuming after page ${pages.length}` : `pre-navigating ${request.url.href}`);

  try {
    let next: URL | null = cursor ? (cursor.next_url ? new URL(cursor.next_url) : null) : request.url;
    while (next) {
      const first = pages.length === 0;
      if (context.deadline.cancelled) {
        stopped = "cancelled";
        break;
      }
      if (pages.length >= config.maxPages) {
        stopped = "page_cap";
        break;
      }
      if (context.deadline.remainingMs() < config.deadlineReserveMs) {
        stopped = "deadline";
        break;
      }
      visited.add(next.href);
      let page: HtmlPage;
      try {
        page = await visit(next, robots, fetcher, context.deadline.signal);
      } catch (error) {
        if (error instanceof DeadlineError || context.deadline.cancelled) {
          stopped = context.deadline.cancelled ? "cancelled" : "deadline";
          break;
        }
        // The first page is the mission's URL: failing it fails the tool. Later pages end the crawl.
        if (first) throw error;
        stopped = error instanceof RobotsRefusal ? "robots_disallowed" : "page_error";
        stopDetail = errorMessage(error);
        break;
      }
      pages.push(page.url.href);
      visited.add(page.url.href);
      let added = 0;
      for (const item of reader.read(page)) {
        const key = itemKey(item);
        if (seen.has(key) || items.length >= request.target) continue;
        seen.add(key);
        items.push(item);
        added += 1;
      }
      emptyStreak = added === 0 ? emptyStreak + 1 : 0;
      progress(`items found: ${items.length}/${request.target} (page ${pages.length})`);
      if (items.length >= request.target) {
        stopped = "target_reached";
        break;
      }
      if (emptyStreak >= config.emptyPagesStop) {
        stopped = "no_new_items";
        break;
      }
      next = reader.continues ? findNextPage(page.$, page.url, visited) : null;
      context.saveCursor?.({
        url: request.url.href,
        next_url: next?.href ?? null,
        selector: reader.selector ?? null,
        pages,
        visited: [...visited],
        items,
        empty_streak: emptyStreak,
      } satisfies Cursor);
    }
  } finally {
    await fetcher.close();
  }
  const { selector, article, extractMode: mode, pageKind } = reader;
  const elapsedMs = Date.now() - started;
  return toolResult(
    request,
    { items, pages, selector, mode, pageKind, article, stopped, stopDetail, elapsedMs },
    config,
  );
}

class RobotsRefusal extends ToolInputError {}

/** Pre-navigation and fetch of one page: robots.txt, then the guarded, HTML-only fetch. */
async function visit(url: URL, robots: RobotsCache, fetcher: GuardedFetcher, signal: AbortSignal): Promise<HtmlPage> {
  const before = await robots.check(url);
  if (!before.allowed) throw new RobotsRefusal(`web_extract may not fetch ${url.href}: ${before.reason}`);
  const page = await fetchHtmlPage(fetcher, url, signal);
  // A redirect may have landed on another site, whose robots.txt has its own say.
  if (page.url.origin !== url.origin) {
    const after = await robots.check(page.url);
    if (!after.allowed) throw new RobotsRefusal(`web_extract may not fetch ${page.url.href}: ${after.reason}`);
  }
  return page;
}

interface Outcome {
  items: ExtractedItem[];
  pages: string[];
  selector: string | undefined;
  mode: ExtractMode | undefined;
  /** How the page decided between article and list, when the mission did not say. */
  pageKind: PageKindDecision | undefined;
  article: Article | undefined;
  stopped: ExtractStop;
  stopDetail: string | undefined;
  elapsedMs: number;
}

function toolResult(request: ExtractRequest, outcome: Outcome, config: ExtractConfig): ToolResult {
  const { items, pages, selector, mode, pageKind, article, stopped, stopDetail, elapsedMs } = outcome;
  const where = `${pages.length} page${pages.length === 1 ? "" : "s"} of ${request.url.host}`;
  const why = stopDetail ? `${stopped}: ${stopDetail}` : stopped;
  const summary =
    pages.length === 0
      ? `stopped before fetching ${request.url.href}: ${why}`
      : article
        ? `extracted the article "${article.title ?? items[0]?.title ?? ""}" (${article.blocks} blocks) from ${where}`
        : items.length > 0
          ? `extracted ${items.length}/${request.target} items from ${where}; first: "${items[0]?.text.slice(0, 80)}"`
          : `found no items on ${where}${selector ? ` with selector ${selector}` : " (no repeated list or table found)"}`;
  return {
    summary,
    result: {
      url: request.url.href,
      mode: mode ?? null,
      page_kind: pageKind ?? null,
      selector: selector ?? null,
      items_collected: items.length,
      items_target: request.target,
      pages_visited: pages.length,
      stopped_because: why,
      elapsed_ms: elapsedMs,
    },
    // Metadata first: if the artifact cap truncates, it cuts items, not the description.
    content: {
      url: request.url.href,
      mode: mode ?? null,
      page_kind: pageKind ?? null,
      selector: selector ?? null,
      stopped_because: why,
      pages,
      // An article's text before its (small) page items, and its Markdown before the plain text.
      ...(article ? { article } : {}),
      items,
    },
    costMicroUsd: config.costMicroUsd,
    stoppedBecause: why,
  };
}
