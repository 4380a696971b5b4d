import { intSetting, loadSettings, type Setting, type SettingValues } from "./settings";
import type { ToolName } from "./shared/toolNames";

/**
 * Every tunable of the backend is a Functions param (set at deploy time, prompted by
 * `firebase deploy`, overridable per environment in `functions/.env.<project>`).
 * Defaults are chosen to work on the emulator with no configuration at all.
 */
export const params = {
  progressWriteIntervalMs: intSetting({
    name: "PROGRESS_WRITE_INTERVAL_MS",
    default: 1000,
    min: 100,
    max: 60_000,
    description:
      "Minimum spacing of progress writes to one mission document (Firestore sustains ~1 write/s per document).",
  }),
  dailyBudgetMicroUsd: intSetting({
    name: "DAILY_BUDGET_MICROUSD",
    default: 50_000_000,
    min: 0,
    description: "Global spending cap per UTC day across all missions, in millionths of a US dollar.",
  }),
  userDailyBudgetMicroUsd: intSetting({
    name: "USER_DAILY_BUDGET_MICROUSD",
    default: 0,
    min: 0,
    description:
      "Each person's spending cap per UTC day, in millionths of a US dollar; 0 = none (an administrator may still set one in user_budgets/{uid}).",
  }),
  userMaxRunning: intSetting({
    name: "USER_MAX_RUNNING",
    default: 3,
    min: 0,
    // The slot document lists its holders (queue/userSlots.ts MAX_USER_RUNNING).
    max: 50,
    description:
      "Missions one person may have running at once; later approvals wait `queued`, oldest first. 0 = no per-person limit.",
  }),
  maxAttempts: intSetting({
    name: "MAX_EXECUTION_ATTEMPTS",
    default: 2,
    min: 1,
    max: 10,
    description: "How many times a mission whose worker died (lease expired) is run before it is failed.",
  }),
  artifactMaxBytes: intSetting({
    name: "ARTIFACT_MAX_BYTES",
    default: 256 * 1024,
    min: 1024,
    // A Firestore document holds at most 1 MiB.
    max: 900 * 1024,
    description: "Cap on an artifact's content; longer content is truncated with a marker.",
  }),
};

/**
 * Each tool's estimated cost per mission, in millionths of a US dollar. Keyed by every tool
 * name, so a new tool without a cost does not compile; its declaration (tools/catalog/) names
 * its entry. Here and not in the declaration because the pipeline's config (which loads these)
 * sits below the tools.
 */
export const toolCostSettings: Readonly<Record<ToolName, Setting<number>>> = {
  web_search: intSetting({
    name: "COST_WEB_SEARCH_MICROUSD",
    default: 5_000,
    min: 0,
    description: "Estimated cost of one web_search mission, in millionths of a US dollar.",
  }),
  web_extract: intSetting({
    name: "COST_WEB_EXTRACT_MICROUSD",
    default: 2_000,
    min: 0,
    description: "Estimated cost of one web_extract mission, in millionths of a US dollar.",
  }),
  calculate: intSetting({
    name: "COST_CALCULATE_MICROUSD",
    default: 0,
    min: 0,
    description: "Estimated cost of one calculate mission, in millionths of a US dollar.",
  }),
};

/** The event function's timeout; the pipeline plans its own deadline from it. */
export const MISSION_FUNCTION_TIMEOUT_SECONDS = 540;
/**
 * A lease outlives the function's timeout, so when it expires the worker is certainly gone
 * (the platform kills it at the timeout) and re-running cannot overlap it.
 */
export const LEASE_MS = (MISSION_FUNCTION_TIMEOUT_SECONDS + 60) * 1000;
/** Time kept back from the timeout for the final writes. */
export const DEADLINE_MARGIN_MS = 20_000;

export type PipelineConfig = SettingValues<typeof params> & {
  toolCostMicroUsd: Record<ToolName, number>;
  leaseMs: number;
  /** Total time a run may take before tools must stop early. */
  runBudgetMs: number;
};

export function loadPipelineConfig(overrides: Partial<PipelineConfig> = {}): PipelineConfig {
  return {
    ...loadSettings(params),
    toolCostMicroUsd: loadSettings(toolCostSettings),
    leaseMs: LEASE_MS,
    runBudgetMs: MISSION_FUNCTION_TIMEOUT_SECONDS * 1000 - DEADLINE_MARGIN_MS,
    ...overrides,
  };
}
