import type { HistoryRun } from "../../functions/src/analytics/etaHistory";
import { finishMoves } from "../../scripts/bench/etaMoves";
import { PIPELINE_STEPS, type StepName } from "../../functions/src/shared/steps";
import type { EtaEstimator } from "../../functions/src/progress/eta";
import type { ProgressSnapshot } from "../../functions/src/progress/schema";
import { MissionProgressTracker } from "../../functions/src/progress/tracker";

/**
 * Synthetic extraction runs on a manual clock, driven through a real tracker: quick steps
 * 1–4, a crawl of `pageMs.length` pages of `itemsPerPage` items, quick writes after it. The
 * shape of the runs the issue measured (10 pages × 10 items, target 100).
 */
export interface RunShape {
  pageMs: readonly number[];
  itemsPerPage?: number;
  target?: number;
  /** Durations of the other steps (tool_execution's own overhead before the first page). */
  stepMs?: Partial<Record<StepName, number>>;
}

const QUICK_MS: Record<StepName, number> = {
  verification: 40,
  intent_classification: 5,
  budget_check: 30,
  tool_selection: 5,
  tool_execution: 20,
  artifact_creation: 60,
  finalize: 90,
};

export const EVEN = Array.from({ length: 10 }, () => 800);
export const UNEVEN = [...Array.from({ length: 5 }, () => 100), ...Array.from({ length: 5 }, () => 1500)];
export const SLOWER = EVEN.map((ms) => ms * 1.6);

export interface Point {
  atMs: number;
  eta: number;
  /** The real time left when the snapshot was taken, in seconds. */
  truth: number;
  snapshot: ProgressSnapshot;
}

export interface TimelineOptions {
  /**
   * Emulates the progress sink: the claim writes the first snapshot, then at most one write
   * per `writeIntervalMs` carries the latest snapshot, and the tracker is told what was
   * written. Only the written snapshots are returned (what a listener sees).
   */
  writeIntervalMs?: number;
  /** The estimator from this step on (the history, read beside the first steps). */
  loaded?: { eta: EtaEstimator; fromStep: StepName };
}

type Entry = { atMs: number; snapshot: ProgressSnapshot };

/** Every snapshot of one run (one per tracker event, or one per write), with the real time left. */
export function runTimeline(eta: EtaEstimator, shape: RunShape, options: TimelineOptions = {}): Point[] {
  const start = 1_700_000_000_000;
  let now = start;
  let estimator = eta;
  const tracker = new MissionProgressTracker("eta-timeline", { now: () => now, eta: (input) => estimator(input) });
  const raw: Entry[] = [];
  const interval = options.writeIntervalMs;
  // A holder, not a variable: the listener fills it, and the compiler cannot see that.
  const sink: { pending: Entry | null; lastWriteMs: number } = { pending: null, lastWriteMs: 0 };
  const write = (entry: Entry, atMs: number) => {
    tracker.etaShown(entry.snapshot);
    raw.push(entry);
    sink.lastWriteMs = atMs;
  };
  tracker.onEvent((_event, snapshot) => {
    const entry = { atMs: now - start, snapshot };
    if (interval === undefined) raw.push(entry);
    else if (raw.length === 0)
      write(entry, entry.atMs); // the claim's own write
    else sink.pending = entry;
  });
  /** Moves the clock on, letting a due write happen first (its timer fires before later events). */
  const wait = (ms: number) => {
    const target = now - start + ms;
    const due = sink.pending && Math.max(sink.lastWriteMs + (interval ?? 0), sink.pending.atMs);
    if (sink.pending && due !== null && due <= target) {
      write(sink.pending, due);
      sink.pending = null;
    }
    now += ms;
  };
  const perPage = shape.itemsPerPage ?? 10;
  const target = shape.target ?? 100;
  const ms = { ...QUICK_MS, ...shape.stepMs };
  for (const { name } of PIPELINE_STEPS) {
    if (options.loaded?.fromStep === name) estimator = options.loaded.eta;
    tracker.startStep(name);
    wait(ms[name]);
    if (name === "tool_execution") {
      tracker.reportSubProgress({ itemsCollected: 0, itemsTarget: target, pagesVisited: 0 });
      shape.pageMs.forEach((pageMs, index) => {
        wait(pageMs);
        const items = Math.min(target, (index + 1) * perPage);
        tracker.reportSubProgress({ itemsCollected: items, itemsTarget: target, pagesVisited: index + 1 });
      });
    }
    tracker.completeStep(name);
  }
  // The final write carries the completed snapshot (a listener sees it last).
  if (sink.pending) raw.push(sink.pending);
  const total = now - start;
  return raw.map(({ atMs, snapshot }) => ({
    atMs,
    snapshot,
    eta: snapshot.eta_seconds ?? Number.NaN,
    truth: (total - atMs) / 1000,
  }));
}

/** A finished run as the history query would return it. */
export function historyRunFrom(shape: RunShape): HistoryRun {
  const points = runTimeline(() => null, shape);
  const last = points.at(-1)?.snapshot;
  if (!last) throw new Error("empty timeline");
  const stepMs: HistoryRun["stepMs"] = {};
  for (const step of last.completed_steps) stepMs[step.step_name] = step.duration_ms ?? 0;
  return {
    tool: "web_extract",
    stepMs,
    target: last.items_target,
    items: last.total_items_collected,
    pages: last.pages_visited,
    pageMarksMs: last.page_marks_ms ?? null,
  };
}

/** Absolute percentage error of the snapshots up to the end (the last is 0 for 0 left). */
export function errors(points: readonly Point[]): number[] {
  return points.filter((point) => point.truth > 0).map((point) => Math.abs(point.eta - point.truth) / point.truth);
}

/** The error of the snapshot closest to `share` of the run's duration. */
export function errorAt(points: readonly Point[], share: number): number {
  const total = points.at(-1)?.atMs ?? 0;
  const live = points.filter((point) => point.truth > 0);
  const closest = live.reduce((best, point) =>
    Math.abs(point.atMs - share * total) < Math.abs(best.atMs - share * total) ? point : best,
  );
  return Math.abs(closest.eta - closest.truth) / closest.truth;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * Largest move of the implied finish between consecutive snapshots beyond the slack, as a
 * share of the time then left (the bench's measure, nothing explained by pages).
 */
export function largestFinishJump(points: readonly Point[]): number {
  const live = points.filter((point) => point.truth > 0).map((point) => point.snapshot);
  return Math.max(0, ...finishMoves(live, () => null).map((move) => move.share));
}

/** An extraction mission as planning writes it (the bench's and the runs). */
export const EXTRACT_MISSION = {
  objective: "Extract the products from https://shop.example/list",
  plan: { tool: "web_extract" as const },
};
