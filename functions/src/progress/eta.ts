import type { StepName } from "../shared/steps";
import type { ExecutionStep } from "./schema";

export interface EtaInput {
  elapsedMs: number;
  /** Overall progress, 0..100. */
  percent: number;
  currentStep: StepName | null;
  completedSteps: readonly ExecutionStep[];
}

/** Seconds left, or null when nothing sensible can be said yet. */
export type EtaEstimator = (input: EtaInput) => number | null;

/**
 * Extrapolates from this run's own rate: the time per percent so far, times the percent
 * left. It knows nothing of history, so the first percent of a run gives no estimate.
 */
export const rateBasedEta: EtaEstimator = ({ elapsedMs, percent }) => {
  if (percent >= 100) return 0;
  if (percent <= 0 || elapsedMs <= 0) return null;
  const seconds = ((elapsedMs / percent) * (100 - percent)) / 1000;
  return Math.round(seconds * 10) / 10;
};
