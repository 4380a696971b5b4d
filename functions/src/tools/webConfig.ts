import { defineInt, defineSecret, defineString } from "firebase-functions/params";
import { params as pipelineParams } from "../config";
import { loadNetLimits, type NetLimits } from "../net/netConfig";
import { paramValue } from "../paramValue";

/**
 * The search provider's key. Bind it to the mission function (`secrets: [searchApiKey]`) so
 * the deployed function can read it; in the emulator firebase-tools supplies it from
 * `functions/.secret.local` or the emulator's environment (see the README).
 */
export const searchApiKey = defineSecret("SEARCH_API_KEY");

export const webParams = {
  searchEndpoint: defineString("SEARCH_API_ENDPOINT", {
    default: "https://api.search.brave.com/res/v1/web/search",
    description:
      "Brave Search API web endpoint. Tests and the local demo point it at a loopback server speaking the same protocol.",
  }),
  searchResultCount: defineInt("SEARCH_RESULT_COUNT", {
    default: 10,
    description: "Results asked for per web_search (Brave allows 1–20).",
  }),
  searchMaxRetries: defineInt("SEARCH_MAX_RETRIES", {
    default: 3,
    description: "Retries of a search request after HTTP 429/5xx or a network failure (so at most this + 1 attempts).",
  }),
  searchMaxRetryWaitMs: defineInt("SEARCH_MAX_RETRY_WAIT_MS", {
    default: 10_000,
    description: "Longest single wait before a retry, whatever Retry-After / X-RateLimit-Reset asks for.",
  }),
  extractMaxPages: defineInt("EXTRACT_MAX_PAGES", {
    default: 20,
    description: "Most pages one web_extract visits (the first page plus followed pagination links).",
  }),
  extractEmptyPagesStop: defineInt("EXTRACT_EMPTY_PAGES_STOP", {
    default: 2,
    description: "web_extract stops after this many consecutive pages that add no new items.",
  }),
  extractDefaultTarget: defineInt("EXTRACT_DEFAULT_TARGET", {
    default: 100,
    description: "Items web_extract aims for when the mission does not say how many.",
  }),
  extractMaxItems: defineInt("EXTRACT_MAX_ITEMS", {
    default: 1_000,
    description: "Hard cap on the items one web_extract collects, whatever target the mission asks for.",
  }),
};

export interface SearchConfig {
  endpoint: string;
  resultCount: number;
  maxRetries: number;
  maxRetryWaitMs: number;
  /** Base of the exponential backoff when the provider gives no wait hint. */
  backoffBaseMs: number;
  costMicroUsd: number;
  net: NetLimits;
}

export interface ExtractConfig {
  maxPages: number;
  emptyPagesStop: number;
  defaultTarget: number;
  maxItems: number;
  /** Time kept back before the deadline: no new page is started with less than this left. */
  deadlineReserveMs: number;
  costMicroUsd: number;
  net: NetLimits;
}

export function loadSearchConfig(overrides: Partial<SearchConfig> = {}): SearchConfig {
  return {
    endpoint: paramValue(webParams.searchEndpoint),
    resultCount: paramValue(webParams.searchResultCount),
    maxRetries: paramValue(webParams.searchMaxRetries),
    maxRetryWaitMs: paramValue(webParams.searchMaxRetryWaitMs),
    backoffBaseMs: 500,
    costMicroUsd: paramValue(pipelineParams.costWebSearchMicroUsd),
    net: loadNetLimits(),
    ...overrides,
  };
}

export function loadExtractConfig(overrides: Partial<ExtractConfig> = {}): ExtractConfig {
  return {
    maxPages: paramValue(webParams.extractMaxPages),
    emptyPagesStop: paramValue(webParams.extractEmptyPagesStop),
    defaultTarget: paramValue(webParams.extractDefaultTarget),
    maxItems: paramValue(webParams.extractMaxItems),
    deadlineReserveMs: 2_000,
    costMicroUsd: paramValue(pipelineParams.costWebExtractMicroUsd),
    net: loadNetLimits(),
    ...overrides,
  };
}
