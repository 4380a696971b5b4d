import { defineSecret } from "firebase-functions/params";
import { toolCostSettings } from "../config";
import { loadNetLimits, type NetLimits } from "../net/netConfig";
import { intSetting, loadSettings, settingValue, stringSetting, type SettingValues } from "../settings";

/**
 * The search provider's key. Bind it to the mission function (`secrets: [searchApiKey]`) so
 * the deployed function can read it; in the emulator firebase-tools supplies it from
 * `functions/.secret.local` or the emulator's environment (see the README).
 */
export const searchApiKey = defineSecret("SEARCH_API_KEY");

export const searchSettings = {
  endpoint: stringSetting({
    name: "SEARCH_API_ENDPOINT",
    default: "https://api.search.brave.com/res/v1/web/search",
    description:
      "Brave Search API web endpoint. Tests and the local demo point it at a loopback server speaking the same protocol.",
  }),
  resultCount: intSetting({
    name: "SEARCH_RESULT_COUNT",
    default: 10,
    min: 1,
    max: 20,
    description: "Results asked for per web_search (Brave allows 1–20).",
  }),
  maxRetries: intSetting({
    name: "SEARCH_MAX_RETRIES",
    default: 3,
    min: 0,
    max: 10,
    description: "Retries of a search request after HTTP 429/5xx or a network failure (so at most this + 1 attempts).",
  }),
  maxRetryWaitMs: intSetting({
    name: "SEARCH_MAX_RETRY_WAIT_MS",
    default: 10_000,
    min: 0,
    max: 120_000,
    description: "Longest single wait before a retry, whatever Retry-After / X-RateLimit-Reset asks for.",
  }),
};

export const extractSettings = {
  maxPages: intSetting({
    name: "EXTRACT_MAX_PAGES",
    default: 20,
    min: 1,
    max: 1_000,
    description: "Most pages one web_extract visits (the first page plus followed pagination links).",
  }),
  emptyPagesStop: intSetting({
    name: "EXTRACT_EMPTY_PAGES_STOP",
    default: 2,
    min: 1,
    max: 100,
    description: "web_extract stops after this many consecutive pages that add no new items.",
  }),
  defaultTarget: intSetting({
    name: "EXTRACT_DEFAULT_TARGET",
    default: 100,
    min: 1,
    max: 100_000,
    description: "Items web_extract aims for when the mission does not say how many.",
  }),
  maxItems: intSetting({
    name: "EXTRACT_MAX_ITEMS",
    default: 1_000,
    min: 1,
    max: 100_000,
    description: "Hard cap on the items one web_extract collects, whatever target the mission asks for.",
  }),
};

export type SearchConfig = SettingValues<typeof searchSettings> & {
  /** Base of the exponential backoff when the provider gives no wait hint. */
  backoffBaseMs: number;
  costMicroUsd: number;
  net: NetLimits;
};

export type ExtractConfig = SettingValues<typeof extractSettings> & {
  /** Time kept back before the deadline: no new page is started with less than this left. */
  deadlineReserveMs: number;
  costMicroUsd: number;
  net: NetLimits;
};

export function loadSearchConfig(overrides: Partial<SearchConfig> = {}): SearchConfig {
  return {
    ...loadSettings(searchSettings),
    backoffBaseMs: 500,
    costMicroUsd: settingValue(toolCostSettings.web_search),
    net: loadNetLimits(),
    ...overrides,
  };
}

export function loadExtractConfig(overrides: Partial<ExtractConfig> = {}): ExtractConfig {
  return {
    ...loadSettings(extractSettings),
    deadlineReserveMs: 2_000,
    costMicroUsd: settingValue(toolCostSettings.web_extract),
    net: loadNetLimits(),
    ...overrides,
  };
}
