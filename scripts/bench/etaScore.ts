import type { ProgressSnapshot } from "../../functions/src/progress/schema";
import { expectationFrom, finishMoves, type FinishMove } from "./etaMoves";
import { median } from "./stats";

/** One snapshot a listener received while the mission was executing. */
export interface Observed {
  /** When the listener got it (this process's clock, the same machine as the pipeline). */
  atMs: number;
  tracker: ProgressSnapshot;
}

export interface ObservedRun {
  snapshots: Observed[];
  startMs: number;
  /** When the listener got the completed snapshot. */
  completedAtMs: number;
  /** The completed snapshot's page timings (the next runs' expectation of each page). */
  pageMarksMs: readonly number[];
}

export const ESTIMATORS = [
  "ETA, counted down from eta_at",
  "eta_seconds as stored",
  "linear in percent",
  "history mean − elapsed",
] as const;
export type EstimatorName = (typeof ESTIMATORS)[number];

/** Seconds left by each estimator for one snapshot (null: it has no answer). */
function estimates(
  snapshot: Observed,
  run: ObservedRun,
  historyMeanMs: number | null,
): Record<EstimatorName, number | null> {
  const { tracker, atMs } = snapshot;
  const elapsed = (atMs - run.startMs) / 1000;
  const eta = tracker.eta_seconds;
  const madeAt = tracker.eta_at ? Date.parse(tracker.eta_at) : atMs;
  const percent = tracker.progress_percent;
  return {
    "ETA, counted down from eta_at": eta === null ? null : Math.max(0, eta - Math.max(0, atMs - madeAt) / 1000),
    "eta_seconds as stored": eta,
    "linear in percent": percent > 0 ? (elapsed * (100 - percent)) / percent : null,
    "history mean − elapsed": historyMeanMs === null ? null : Math.max(0, historyMeanMs / 1000 - elapsed),
  };
}

export interface RunScore {
  /** Absolute percentage error per estimator at ~25/50/75 % of the run, and every snapshot's. */
  at: Record<EstimatorName, [number, number, number]>;
  all: Record<EstimatorName, number[]>;
  snapshots: number;
  withEta: number;
  /** Moves of the implied finish (eta_at + eta_seconds) between consecutive snapshots (etaMoves.ts). */
  moves: FinishMove[];
}

const SHARES = [0.25, 0.5, 0.75] as const;

/** Scores one run; `history` is what came before it in its block (durations, page marks). */
export function scoreRun(
  run: ObservedRun,
  history: { meanMs: number | null; pageMarksMs: readonly (readonly number[])[] },
): RunScore {
  const historyMeanMs = history.meanMs;
  const total = run.completedAtMs - run.startMs;
  const live = run.snapshots.filter((snapshot) => snapshot.atMs < run.completedAtMs);
  const errorsOf = (snapshot: Observed) => {
    const truth = (run.completedAtMs - snapshot.atMs) / 1000;
    const values = estimates(snapshot, run, historyMeanMs);
    return Object.fromEntries(
      ESTIMATORS.map((name) => {
        const value = values[name];
        return [name, value === null ? 1 : Math.abs(value - truth) / truth];
      }),
    ) as Record<EstimatorName, number>;
  };
  const scored = live.map((snapshot) => ({ snapshot, errors: errorsOf(snapshot) }));
  const closest = (share: number) =>
    scored.reduce((best, candidate) =>
      Math.abs(candidate.snapshot.atMs - run.startMs - share * total) <
      Math.abs(best.snapshot.atMs - run.startMs - share * total)
        ? candidate
        : best,
    );
  const at = Object.fromEntries(
    ESTIMATORS.map((name) => [name, SHARES.map((share) => closest(share).errors[name])]),
  ) as RunScore["at"];
  const all = Object.fromEntries(
    ESTIMATORS.map((name) => [name, scored.map((entry) => entry.errors[name])]),
  ) as RunScore["all"];
  const moves = finishMoves(
    live.map((snapshot) => snapshot.tracker),
    expectationFrom(history.pageMarksMs),
  );
  return { at, all, snapshots: live.length, withEta: live.filter((s) => s.tracker.eta_seconds !== null).length, moves };
}

const percent = (value: number) => `${(value * 100).toFixed(0)} %`;

/** Rows of the two tables for one condition over its trials. */
export function conditionRows(
  condition: string,
  scores: readonly RunScore[],
): { errors: string[]; steadiness: string } {
  const mean = (values: readonly number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
  const errors = ESTIMATORS.map((name) => {
    const points = SHARES.map((_, index) => percent(mean(scores.map((score) => score.at[name][index] ?? 1))));
    const pooled = scores.flatMap((score) => score.all[name]);
    return `| ${condition} | ${name} | ${points.join(" | ")} | ${percent(median(pooled))} |`;
  });
  const snapshots = scores.reduce((sum, score) => sum + score.snapshots, 0);
  const withEta = scores.reduce((sum, score) => sum + score.withEta, 0);
  const moves = scores.flatMap((score) => score.moves);
  const largest = (values: readonly number[]) => percent(Math.max(0, ...values));
  const over = (values: readonly number[]) => `${values.filter((move) => move > 0.25).length} of ${values.length}`;
  const whole = moves.map((move) => move.share);
  const unexplained = moves.map((move) => move.unexplained);
  const steadiness = `| ${condition} | ${snapshots} | ${percent(withEta / Math.max(1, snapshots))} | ${largest(whole)} · ${over(whole)} | ${largest(unexplained)} · ${over(unexplained)} |`;
  return { errors, steadiness };
}
