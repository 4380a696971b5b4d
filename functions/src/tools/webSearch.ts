import { setTimeout as sleep } from "node:timers/promises";
import { DeadlineError, ToolFailedError, ToolInputError, ToolUnavailableError } from "../errors";
import { FetchFailedError } from "../net/fetchErrors";
import { GuardedFetcher, type FetchedResponse } from "../net/guardedFetch";
import { boundQuery, buildSearchUrl, parseBraveResponse, type SearchResult } from "./search/braveProtocol";
import { backoffMs, isRetryableStatus, waitHint } from "./search/retryPolicy";
import type { Tool, ToolResult, ToolRunContext } from "./types";
import { loadSearchConfig, searchApiKey, type SearchConfig } from "./webConfig";

/**
 * web_search: Brave Search API (https://api.search.brave.com/res/v1/web/search).
 * Chosen because it is an independent index with a plain GET + JSON protocol, one header
 * for auth, documented per-window rate-limit headers, and clean title/url/description
 * results that suit an agent; SEARCH_API_ENDPOINT points it elsewhere (a loopback fake in
 * tests and the demo) without code changes.
 */
export interface WebSearchOptions {
  /** Where the key comes from; the default reads the SEARCH_API_KEY secret at run time. */
  apiKey?: () => string;
  config?: Partial<SearchConfig>;
}

const MAX_RESPONSE_BYTES = 1024 * 1024;

/** "search the web for X" → "X": the imperative is for the classifier, not the index. */
function queryFrom(context: ToolRunContext): string {
  const raw =
    typeof context.input.query === "string" && context.input.query.trim() ? context.input.query : context.objective;
  return raw.replace(/^\s*(please\s+)?(search(\s+the\s+web)?(\s+for)?|look\s+up)\s+/i, "");
}

export function createWebSearchTool(options: WebSearchOptions = {}): Tool {
  return {
    name: "web_search",
    serves: ["search"],
    run: (context) =>
      runSearch(context, loadSearchConfig(options.config), options.apiKey ?? (() => searchApiKey.value())),
  };
}

async function runSearch(context: ToolRunContext, config: SearchConfig, apiKey: () => string): Promise<ToolResult> {
  const key = apiKey().trim();
  if (!key) {
    throw new ToolUnavailableError(
      "web_search needs the secret SEARCH_API_KEY: set it with `firebase functions:secrets:set SEARCH_API_KEY` " +
        "(deployed) or in functions/.secret.local (emulator)",
    );
  }
  const { query, truncated } = boundQuery(queryFrom(context));
  if (!query) throw new ToolInputError("web_search needs input.query, a non-empty string");
  const url = buildSearchUrl(config.endpoint, query, config.resultCount);
  const fetcher = new GuardedFetcher(config.net);
  context.reportProgress({ fraction: 0, message: `searching for "${query}"` });
  try {
    const { response, attempts } = await requestWithRetries(fetcher, url, key, config, context);
    const results = parseBraveResponse(response.body, config.resultCount);
    context.reportProgress({
      itemsCollected: results.length,
      itemsTarget: Math.max(1, results.length),
      message: `results found: ${results.length}`,
    });
    return toolResult(query, truncated, results, attempts, config.costMicroUsd);
  } finally {
    await fetcher.close();
  }
}

async function requestWithRetries(
  fetcher: GuardedFetcher,
  url: URL,
  key: string,
  config: SearchConfig,
  context: ToolRunContext,
): Promise<{ response: FetchedResponse; attempts: number }> {
  const attemptsAllowed = config.maxRetries + 1;
  let lastProblem = "";
  for (let attempt = 1; ; attempt += 1) {
    let waitMs: number;
    try {
      const response = await fetcher.get(url, {
        headers: { accept: "application/json", "x-subscription-token": key },
        signal: context.deadline.signal,
        maxBytes: MAX_RESPONSE_BYTES,
      });
      if (response.status === 200) return { response, attempts: attempt };
      if (response.status === 401 || response.status === 403) {
        throw new ToolUnavailableError(
          `search provider rejected SEARCH_API_KEY (HTTP ${response.status}): set a valid key with \`firebase functions:secrets:set SEARCH_API_KEY\``,
        );
      }
      if (!isRetryableStatus(response.status)) {
        throw new ToolFailedError(
          `search provider refused the request: HTTP ${response.status} ${snippet(response.body)}`,
        );
      }
      lastProblem = `HTTP ${response.status}`;
      const hint = waitHint(response.headers);
      if (hint && hint.ms > config.maxRetryWaitMs) {
        throw new ToolFailedError(
          `search provider is rate limiting (HTTP ${response.status}): ${hint.source} asks for ${Math.ceil(hint.ms / 1000)} s, ` +
            `longer than web_search waits (SEARCH_MAX_RETRY_WAIT_MS=${config.maxRetryWaitMs})`,
        );
      }
      waitMs = hint?.ms ?? backoffMs(attempt - 1, config.backoffBaseMs);
    } catch (error) {
      // Network failures and timeouts are worth another try; refusals and deadlines are not.
      if (!(error instanceof FetchFailedError)) throw error;
      lastProblem = error.message;
      waitMs = backoffMs(attempt - 1, config.backoffBaseMs);
    }
    if (attempt >= attemptsAllowed) {
      throw new ToolFailedError(
        `search provider failed after ${attempt} attempts (SEARCH_MAX_RETRIES=${config.maxRetries}): ${lastProblem}`,
      );
    }
    waitMs = Math.min(waitMs, config.maxRetryWaitMs);
    if (waitMs >= context.deadline.remainingMs()) {
      throw new DeadlineError(`web_search stopped: no time left before the deadline to retry after ${lastProblem}`);
    }
    context.reportProgress({
      fraction: 0,
      message: `${lastProblem}; retrying in ${(waitMs / 1000).toFixed(1)} s (attempt ${attempt + 1}/${attemptsAllowed})`,
    });
    await sleep(waitMs, undefined, { signal: context.deadline.signal }).catch(() => {
      throw new DeadlineError(`web_search stopped: the deadline arrived while waiting to retry after ${lastProblem}`);
    });
  }
}

function snippet(body: Buffer): string {
  return body.toString("utf8", 0, Math.min(body.length, 200)).replace(/\s+/g, " ").trim();
}

function toolResult(
  query: string,
  truncated: boolean,
  results: SearchResult[],
  attempts: number,
  cost: number,
): ToolResult {
  const top = results[0];
  const summary = top
    ? `found ${results.length} result${results.length === 1 ? "" : "s"} for "${query}"; top: ${top.title} (${new URL(top.url).host})`
    : `no results found for "${query}"`;
  return {
    summary,
    result: {
      query,
      query_truncated: truncated,
      result_count: results.length,
      attempts,
      top_results: results.slice(0, 3).map(({ title, url }) => ({ title, url })),
    },
    content: { query, provider: "brave", results },
    costMicroUsd: cost,
  };
}
