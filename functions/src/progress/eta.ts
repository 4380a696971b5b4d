import type { StepName } from "../shared/steps";
import type { EtaConfidence, ExecutionStep } from "./schema";

export interface EtaInput {
  /** Time since the run started (across attempts: a resumed run keeps its start). */
  elapsedMs: number;
  /** Overall progress, 0..100. */
  percent: number;
  currentStep: StepName | null;
  completedSteps: readonly ExecutionStep[];
  /** Time spent in the current step so far (this attempt), when a step is running. */
  stepElapsedMs?: number;
  /** The current step's own work, when it reports any (web_extract: items and pages). */
  itemsCollected?: number;
  itemsTarget?: number | null;
  pagesVisited?: number;
  /** When each page of the current step was done, in ms since the step started. */
  pageMarksMs?: readonly number[];
}

/** How much history stands behind an estimate: `low` is a default model or a single run. */
export { ETA_CONFIDENCES, type EtaConfidence } from "./schema";

export interface EtaEstimate {
  seconds: number;
  /** A plausible range around `seconds` (the record's `eta_low_seconds` / `eta_high_seconds`). */
  lowSeconds: number;
  highSeconds: number;
  confidence: EtaConfidence;
  /** Finished runs of history behind the estimate (0: the default model). */
  historyRuns: number;
  /**
   * For a paged step: how much later than expected each page of this attempt was done (ms,
   * negative when sooner), in the order of `pageMarksMs`. The tracker lets the implied finish
   * follow that much at once: it is what the pages' real timing explains, not a guess.
   */
  pageLatenessMs?: readonly number[];
}

/**
 * Seconds left (a bare number, or an estimate with its range), or null when nothing
 * sensible can be said yet.
 */
export type EtaEstimator = (input: EtaInput) => number | EtaEstimate | null;

/**
 * Extrapolates from this run's own rate: the time per percent so far, times the percent
 * left. Percent is not time (steps 1–4 take 55 % in a tenth of a second), so the pipeline
 * uses the time model (`etaModel.ts`); this stays as the tracker's standalone default.
 */
export const rateBasedEta: EtaEstimator = ({ elapsedMs, percent }) => {
  if (percent >= 100) return 0;
  if (percent <= 0 || elapsedMs <= 0) return null;
  const seconds = ((elapsedMs / percent) * (100 - percent)) / 1000;
  return Math.round(seconds * 10) / 10;
};
