import type { Firestore } from "firebase-admin/firestore";
import { PIPELINE_STEPS, STEP_NAMES, stepDefinition, type StepName } from "../shared/steps";
import { rateBasedEta, type EtaEstimator, type EtaInput } from "../progress/eta";
import { readTotals, type AggregateTotals } from "./aggregates";
import { log } from "../logs";

/** Historical mean duration of each step, and how many runs it is the mean of. */
export type StepHistory = Partial<Record<StepName, { averageMs: number; samples: number }>>;

export interface BlendedEtaOptions {
  /**
   * How many historical runs count as much as this run's own rate. With n runs of history
   * the estimate is n / (n + priorRuns) history and the rest this run's rate.
   */
  priorRuns?: number;
  /** Bounds of how much slower or faster than history this run may be assumed to be. */
  minPace?: number;
  maxPace?: number;
}

export function stepHistoryFrom(totals: AggregateTotals): StepHistory {
  const history: StepHistory = {};
  for (const step of STEP_NAMES) {
    const { completed, durationMsSum } = totals.steps[step];
    if (completed > 0) history[step] = { averageMs: durationMsSum / completed, samples: completed };
  }
  return history;
}

function round1(value: number): number {
  return Math.round(value * 10) / 10;
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

interface HistoryEstimate {
  remainingMs: number;
  /** Fewest historical samples among the steps still to run. */
  samples: number;
}

/**
 * Time left according to history, scaled by this run's pace:
 * - pace: this run's completed steps' actual time over their historical means, trusted in
 *   proportion to how much of the expected run it covers (so three quick early steps do not
 *   rescale a long tool step), and bounded;
 * - the running step: its expected duration minus the time already spent in it, or, when the
 *   step reports sub-progress (tool_execution moving 55→80 %), its own rate blended in by the
 *   fraction done;
 * - the steps after it: their historical means times the pace.
 */
function historyRemaining(
  input: EtaInput,
  history: StepHistory,
  minPace: number,
  maxPace: number,
): HistoryEstimate | null {
  const done = input.completedSteps.length;
  const remaining = PIPELINE_STEPS.slice(done).map((step) => step.name);
  let samples = Number.POSITIVE_INFINITY;
  let remainingHistMs = 0;
  for (const step of remaining) {
    const entry = history[step];
    if (!entry || entry.samples <= 0) return null;
    samples = Math.min(samples, entry.samples);
    remainingHistMs += entry.averageMs;
  }
  if (remaining.length === 0) return { remainingMs: 0, samples: 0 };

  let actualMs = 0;
  let expectedMs = 0;
  for (const step of input.completedSteps) {
    const entry = history[step.step_name];
    if (!entry || step.duration_ms === null) continue;
    actualMs += step.duration_ms;
    expectedMs += entry.averageMs;
  }
  const rawPace = expectedMs > 0 ? clamp(actualMs / expectedMs, minPace, maxPace) : 1;
  const coverage = expectedMs + remainingHistMs > 0 ? expectedMs / (expectedMs + remainingHistMs) : 0;
  const pace = 1 + coverage * (rawPace - 1);

  const completedMs = input.completedSteps.reduce((sum, step) => sum + (step.duration_ms ?? 0), 0);
  let remainingMs = 0;
  let future = remaining;
  if (input.currentStep !== null && input.currentStep === remaining[0]) {
    future = remaining.slice(1);
    const expected = (history[input.currentStep]?.averageMs ?? 0) * pace;
    const inStepMs = Math.max(0, input.elapsedMs - completedMs);
    // Past its expected length, assume a little more rather than none.
    let current = Math.max(expected - inStepMs, 0.1 * inStepMs);
    const definition = stepDefinition(input.currentStep);
    const span = definition.completedPercent - definition.startedPercent;
    const fraction = span > 0 ? clamp((input.percent - definition.startedPercent) / span, 0, 1) : 0;
    if (fraction > 0 && fraction < 1 && inStepMs > 0) {
      const ownRate = (inStepMs * (1 - fraction)) / fraction;
      current = fraction * ownRate + (1 - fraction) * current;
    }
    remainingMs += current;
  }
  remainingMs += future.reduce((sum, step) => sum + (history[step]?.averageMs ?? 0) * pace, 0);
  return { remainingMs, samples };
}

/**
 * An EtaEstimator blending this run's own progression rate with historical per-step
 * durations. With no history (a fresh project) it is the run's own rate; with a few runs of
 * history the two are averaged; with a hundred it is almost all history, adjusted to how fast
 * this run has gone so far.
 */
export function createBlendedEta(history: StepHistory, options: BlendedEtaOptions = {}): EtaEstimator {
  const priorRuns = options.priorRuns ?? 3;
  const minPace = options.minPace ?? 0.25;
  const maxPace = options.maxPace ?? 4;
  return (input) => {
    if (input.percent >= 100) return 0;
    const own = rateBasedEta(input);
    const fromHistory = historyRemaining(input, history, minPace, maxPace);
    if (!fromHistory) return own;
    const historySeconds = fromHistory.remainingMs / 1000;
    if (own === null) return round1(historySeconds);
    const weight = fromHistory.samples / (fromHistory.samples + priorRuns);
    return round1(weight * historySeconds + (1 - weight) * own);
  };
}

/**
 * The estimator for a new run: history from the all-time aggregates (AGGREGATE_SHARDS reads).
 * Never throws and never waits long: without history it falls back on the run's own rate.
 */
export async function loadEtaEstimator(db: Firestore, timeoutMs = 2000): Promise<EtaEstimator> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const totals = await Promise.race([
      readTotals(db, { kind: "all" }),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    return createBlendedEta(stepHistoryFrom(totals));
  } catch (error) {
    log.historyUnavailable(error);
    return rateBasedEta;
  } finally {
    clearTimeout(timer);
  }
}
