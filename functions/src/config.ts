import { defineInt } from "firebase-functions/params";
import { paramValue } from "./paramValue";
import type { ToolName } from "./shared/toolNames";

/**
 * Every tunable of the backend is a Functions param (set at deploy time, prompted by
 * `firebase deploy`, overridable per environment in `functions/.env.<project>`).
 * Defaults are chosen to work on the emulator with no configuration at all.
 */
export const params = {
  progressWriteIntervalMs: defineInt("PROGRESS_WRITE_INTERVAL_MS", {
    default: 1000,
    description:
      "Minimum spacing of progress writes to one mission document (Firestore sustains ~1 write/s per document).",
  }),
  dailyBudgetMicroUsd: defineInt("DAILY_BUDGET_MICROUSD", {
    default: 50_000_000,
    description: "Global spending cap per UTC day across all missions, in millionths of a US dollar.",
  }),
  userDailyBudgetMicroUsd: defineInt("USER_DAILY_BUDGET_MICROUSD", {
    default: 0,
    description:
      "Each person's spending cap per UTC day, in millionths of a US dollar; 0 = none (an administrator may still set one in user_budgets/{uid}).",
  }),
  userMaxRunning: defineInt("USER_MAX_RUNNING", {
    default: 3,
    description:
      "Missions one person may have running at once (at most 50); later approvals wait `queued`, oldest first. 0 = no per-person limit.",
  }),
  costWebSearchMicroUsd: defineInt("COST_WEB_SEARCH_MICROUSD", {
    default: 5_000,
    description: "Estimated cost of one web_search mission, in millionths of a US dollar.",
  }),
  costWebExtractMicroUsd: defineInt("COST_WEB_EXTRACT_MICROUSD", {
    default: 2_000,
    description: "Estimated cost of one web_extract mission, in millionths of a US dollar.",
  }),
  costCalculateMicroUsd: defineInt("COST_CALCULATE_MICROUSD", {
    default: 0,
    description: "Estimated cost of one calculate mission, in millionths of a US dollar.",
  }),
  maxAttempts: defineInt("MAX_EXECUTION_ATTEMPTS", {
    default: 2,
    description: "How many times a mission whose worker died (lease expired) is run before it is failed.",
  }),
  artifactMaxBytes: defineInt("ARTIFACT_MAX_BYTES", {
    default: 256 * 1024,
    description: "Cap on an artifact's content; longer content is truncated with a marker.",
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

export interface PipelineConfig {
  progressWriteIntervalMs: number;
  dailyBudgetMicroUsd: number;
  userDailyBudgetMicroUsd: number;
  /** Per-person concurrency (queue/userSlots.ts); 0 = none. */
  userMaxRunning: number;
  toolCostMicroUsd: Record<ToolName, number>;
  maxAttempts: number;
  artifactMaxBytes: number;
  leaseMs: number;
  /** Total time a run may take before tools must stop early. */
  runBudgetMs: number;
}

export function loadPipelineConfig(overrides: Partial<PipelineConfig> = {}): PipelineConfig {
  return {
    progressWriteIntervalMs: paramValue(params.progressWriteIntervalMs),
    dailyBudgetMicroUsd: paramValue(params.dailyBudgetMicroUsd),
    userDailyBudgetMicroUsd: paramValue(params.userDailyBudgetMicroUsd),
    userMaxRunning: paramValue(params.userMaxRunning),
    toolCostMicroUsd: {
      web_search: paramValue(params.costWebSearchMicroUsd),
      web_extract: paramValue(params.costWebExtractMicroUsd),
      calculate: paramValue(params.costCalculateMicroUsd),
    },
    maxAttempts: paramValue(params.maxAttempts),
    artifactMaxBytes: paramValue(params.artifactMaxBytes),
    leaseMs: LEASE_MS,
    runBudgetMs: MISSION_FUNCTION_TIMEOUT_SECONDS * 1000 - DEADLINE_MARGIN_MS,
    ...overrides,
  };
}
