import assert from "node:assert/strict";
import { EtaHistoryCache } from "../../functions/src/analytics/eta";
import { profileFor } from "../../functions/src/analytics/etaHistory";
import { createTimeEta, defaultTimeEta } from "../../functions/src/progress/etaModel";
import { TOOL_CATALOG } from "../../functions/src/tools/catalog";
import { rateBasedEta, type EtaEstimator } from "../../functions/src/progress/eta";
import { progressSnapshotSchema } from "../../functions/src/progress/schema";
import { MissionProgressTracker } from "../../functions/src/progress/tracker";
import {
  errorAt,
  errors,
  EVEN,
  EXTRACT_MISSION,
  historyRunFrom,
  largestFinishJump,
  median,
  runTimeline,
  SLOWER,
  UNEVEN,
  type Point,
  type RunShape,
} from "./etaTimeline";

/** The estimator of a run whose tool is known and whose history is `runs` runs shaped like `shape`. */
function withHistory(shape: RunShape | null, runs = 5): EtaEstimator {
  const history = shape ? Array.from({ length: runs }, () => historyRunFrom(shape)) : [];
  return createTimeEta({
    tool: "web_extract",
    toolEta: TOOL_CATALOG.web_extract.eta,
    itemsTarget: null,
    profile: profileFor(history, "web_extract", null),
  });
}

/** What a listener sees: the sink writes at most once a second, the latest snapshot each time. */
function asWritten(points: readonly Point[], intervalMs = 1000): Point[] {
  const written: Point[] = [];
  let lastWrite = Number.NEGATIVE_INFINITY;
  for (const [index, point] of points.entries()) {
    const next = points[index + 1];
    const isLast = !next;
    if (isLast || point.atMs - lastWrite >= intervalMs || (next && next.atMs - lastWrite >= intervalMs)) {
      if (!next || next.atMs !== point.atMs) {
        written.push(point);
        lastWrite = point.atMs;
      }
    }
  }
  return written;
}

const pct = (value: number) => `${(value * 100).toFixed(0)} %`;

describe("ETA as a model of time (synthetic timelines of the issue's runs)", () => {
  it("defect 1: the claim's snapshot already has an ETA, with a range and low confidence", () => {
    for (const eta of [defaultTimeEta, new EtaHistoryCache().claimEstimator(EXTRACT_MISSION)]) {
      const tracker = new MissionProgressTracker("claim", { now: () => 1_000, eta });
      tracker.startStep("verification"); // the snapshot the claim writes, elapsed 0
      const snapshot = progressSnapshotSchema.parse(tracker.snapshot());
      assert.ok(snapshot.eta_seconds !== null && snapshot.eta_seconds > 0, "an ETA from the first snapshot");
      assert.equal(snapshot.eta_confidence, "low");
      assert.ok((snapshot.eta_low_seconds ?? -1) < snapshot.eta_seconds);
      assert.ok((snapshot.eta_high_seconds ?? 0) > snapshot.eta_seconds);
      assert.equal(snapshot.eta_history_runs, 0);
    }
    // The rate-based estimator had nothing to say at elapsed 0: the defect this fixes.
    assert.equal(rateBasedEta({ elapsedMs: 0, percent: 5, currentStep: "verification", completedSteps: [] }), null);
  });

  it("defect 1: a warm instance's claim uses the history it read last; a stale one falls back", () => {
    let now = 0;
    const cache = new EtaHistoryCache(60_000, () => now);
    cache.remember(Array.from({ length: 4 }, () => historyRunFrom({ pageMs: EVEN })));
    const points = runTimeline(cache.claimEstimator(EXTRACT_MISSION), { pageMs: EVEN });
    assert.ok(errorAt(points, 0) < 0.05, `first snapshot within 5 %: ${pct(errorAt(points, 0))}`);
    assert.equal(points[0]?.snapshot.eta_confidence, "high");
    now = 120_000;
    const stale = runTimeline(cache.claimEstimator(EXTRACT_MISSION), { pageMs: EVEN })[0]?.snapshot;
    assert.equal(stale?.eta_history_runs, 0, "a stale history is not used");
  });

  it("defect 2: percent is not time: 55 % after 0.1 s does not mean 0.1 s left", () => {
    for (const eta of [withHistory(null), withHistory({ pageMs: EVEN })]) {
      const points = runTimeline(eta, { pageMs: EVEN });
      const atToolStart = points.find((point) => point.snapshot.current_step?.step_name === "tool_execution");
      assert.ok(atToolStart);
      assert.equal(atToolStart.snapshot.progress_percent, 55);
      assert.ok(atToolStart.eta > 0.5 * atToolStart.truth, `${atToolStart.eta} s shown, ${atToolStart.truth} s left`);
    }
    const rate = runTimeline(rateBasedEta, { pageMs: EVEN }).find((point) => point.snapshot.progress_percent === 55);
    assert.ok(rate && rate.eta < 0.2 * rate.truth, "the rate-based estimate underestimates by ~80 % here");
  });

  it("defect 3: without history the ETA does not rise while time passes, nor jump, and ends near 0", () => {
    const points = asWritten(runTimeline(withHistory(null), { pageMs: EVEN }));
    const midRun = errorAt(points, 0.5);
    assert.ok(midRun <= 0.35, `error at 50 % of the run ${pct(midRun)} (target ≤ 35 %)`);
    for (let index = 1; index < points.length; index += 1) {
      const [before, after] = [points[index - 1], points[index]];
      assert.ok(before && after);
      assert.ok(after.eta <= before.eta + 0.25, `rose from ${before.eta} to ${after.eta} s at ${after.atMs} ms`);
    }
    assert.ok(largestFinishJump(points) <= 0.25, `implied finish moved ${pct(largestFinishJump(points))}`);
    const nearEnd = points.filter((point) => point.truth > 0 && point.truth <= 0.4);
    for (const point of nearEnd) assert.ok(point.eta <= 0.6, `${point.eta} s shown with ${point.truth} s left`);
  });

  it("defect 4: with history the answer is the history's, not a blend with a bad rate (≤ 10 % on repeats)", () => {
    for (const pageMs of [EVEN, UNEVEN]) {
      const points = asWritten(runTimeline(withHistory({ pageMs }), { pageMs }));
      const error = median(errors(points));
      assert.ok(error <= 0.1, `median error ${pct(error)} on a repeating workload`);
      assert.ok(largestFinishJump(points) <= 0.25, `implied finish moved ${pct(largestFinishJump(points))}`);
    }
  });

  it("online correction: a run 60 % slower than its history is seen as such (median ≤ 30 %)", () => {
    const points = asWritten(runTimeline(withHistory({ pageMs: EVEN }), { pageMs: SLOWER }));
    const error = median(errors(points));
    assert.ok(error <= 0.3, `median error ${pct(error)} on the slower run`);
    assert.ok(errorAt(points, 0.75) < errorAt(points, 0.25), "the correction improves as pages come in");
    assert.ok(largestFinishJump(points) <= 0.25, `implied finish moved ${pct(largestFinishJump(points))}`);
  });

  it('with five runs of history, no worse than the naive "history mean − elapsed" (issue 22)', () => {
    // A run ahead of its history is held to the naive floor: quick first pages that meet slow
    // ones (uneven after even), and a run quicker throughout, where the floor is all it shows.
    const faster = EVEN.map((ms) => ms * 0.6);
    for (const [name, pageMs] of [
      ["a repeat", EVEN],
      ["uneven after even", UNEVEN],
      ["60 % slower", SLOWER],
      ["40 % faster", faster],
    ] as const) {
      const historyMs = runTimeline(() => null, { pageMs: EVEN }).at(-1)?.atMs ?? Number.NaN;
      const points = asWritten(runTimeline(withHistory({ pageMs: EVEN }), { pageMs }));
      const live = points.filter((point) => point.truth > 0);
      const naive = median(
        live.map((point) => Math.abs(Math.max(0, historyMs - point.atMs) / 1000 - point.truth) / point.truth),
      );
      const ours = median(errors(points));
      assert.ok(ours <= naive + 0.02, `${name}: median error ${pct(ours)} against the naive ${pct(naive)}`);
      assert.ok(largestFinishJump(points) <= 0.25, `${name}: implied finish moved ${pct(largestFinishJump(points))}`);
    }
  });

  it("by the size of the work: half the target, about half the crawl", () => {
    const full = { pageMs: EVEN };
    const history = Array.from({ length: 5 }, () => historyRunFrom(full));
    const half = createTimeEta({
      tool: "web_extract",
      toolEta: TOOL_CATALOG.web_extract.eta,
      itemsTarget: 50,
      profile: profileFor(history, "web_extract", 50),
    });
    const points = runTimeline(half, { pageMs: EVEN.slice(0, 5), target: 50 });
    const error = median(errors(points));
    assert.ok(error <= 0.15, `median error ${pct(error)} at a target the history never ran`);
  });

  it("is never negative, and is 0 once the run completed", () => {
    for (const shape of [{ pageMs: EVEN }, { pageMs: UNEVEN }, { pageMs: SLOWER }]) {
      const points = runTimeline(withHistory({ pageMs: UNEVEN }), shape);
      assert.ok(points.every((point) => point.eta >= 0 && (point.snapshot.eta_low_seconds ?? 0) >= 0));
      assert.equal(points.at(-1)?.eta, 0);
    }
  });

  it("a resumed attempt keeps estimating from its own pages, not the dead worker's", () => {
    let now = 0;
    const eta = withHistory({ pageMs: EVEN });
    const first = new MissionProgressTracker("r", { now: () => now, eta });
    for (const step of ["verification", "intent_classification", "budget_check", "tool_selection"] as const) {
      first.startStep(step);
      now += 10;
      first.completeStep(step);
    }
    first.startStep("tool_execution");
    for (let page = 1; page <= 4; page += 1) {
      now += 800;
      first.reportSubProgress({ itemsCollected: page * 10, itemsTarget: 100, pagesVisited: page });
    }
    now += 600_000; // swept, re-queued
    const second = new MissionProgressTracker("r", { now: () => now, eta, attempt: 2, resumeFrom: first.snapshot() });
    second.startStep("tool_execution");
    second.reportSubProgress({ itemsCollected: 40, itemsTarget: 100, pagesVisited: 4 });
    now += 800;
    second.reportSubProgress({ itemsCollected: 50, itemsTarget: 100, pagesVisited: 5 });
    const snapshot = second.snapshot();
    assert.deepEqual(snapshot.page_marks_ms, [800], "this attempt's pages only");
    const left = snapshot.eta_seconds ?? -1;
    assert.ok(left > 3 && left < 5.5, `about 4 s left after 5 of 10 pages, not ${left}`);
  });
});
