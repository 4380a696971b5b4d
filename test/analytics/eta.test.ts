import assert from "node:assert/strict";
import type { Firestore } from "firebase-admin/firestore";
import { createBlendedEta, loadEtaEstimator, type StepHistory } from "../../functions/src/analytics/eta";
import { PIPELINE_STEPS, type StepName } from "../../functions/src/shared/steps";
import { rateBasedEta, type EtaEstimator } from "../../functions/src/progress/eta";
import { MissionProgressTracker } from "../../functions/src/progress/tracker";

/** A typical run: quick checks, a long tool step reporting sub-progress, quick writes. */
const TYPICAL_MS: Record<StepName, number> = {
  verification: 40,
  intent_classification: 10,
  budget_check: 30,
  tool_selection: 10,
  tool_execution: 3000,
  artifact_creation: 50,
  finalize: 60,
};
const TOOL_PROGRESS_POINTS = [0.2, 0.4, 0.6, 0.8];

interface Point {
  atMs: number;
  eta: number | null;
  /** The time actually left when the estimate was made, in seconds. */
  truth: number;
  label: string;
}

/**
 * Drives a real tracker through one synthetic run on a manual clock (every step `scale` times
 * its typical length) and records the ETA the tracker stored after each event.
 */
function timeline(eta: EtaEstimator, scale = 1): Point[] {
  let now = 1_700_000_000_000;
  const start = now;
  const tracker = new MissionProgressTracker("eta-test", { now: () => now, eta });
  const raw: { atMs: number; eta: number | null; label: string }[] = [];
  tracker.onEvent((event, snapshot) =>
    raw.push({ atMs: now - start, eta: snapshot.eta_seconds, label: `${event.type}:${event.step}:${event.percent}` }),
  );
  for (const step of PIPELINE_STEPS) {
    const length = TYPICAL_MS[step.name] * scale;
    tracker.startStep(step.name);
    if (step.name === "tool_execution") {
      let done = 0;
      for (const fraction of TOOL_PROGRESS_POINTS) {
        now += length * (fraction - done);
        done = fraction;
        tracker.reportSubProgress({ fraction });
      }
      now += length * (1 - done);
    } else {
      now += length;
    }
    tracker.completeStep(step.name);
  }
  const total = now - start;
  return raw.map((point) => ({ ...point, truth: (total - point.atMs) / 1000 }));
}

function historyOf(samples: number, scale = 1): StepHistory {
  return Object.fromEntries(
    PIPELINE_STEPS.map((step) => [step.name, { averageMs: TYPICAL_MS[step.name] * scale, samples }]),
  );
}

function meanAbsoluteError(points: readonly Point[]): number {
  const judged = points.filter((point) => point.eta !== null);
  return judged.reduce((sum, point) => sum + Math.abs((point.eta ?? 0) - point.truth), 0) / judged.length;
}

const TOTAL_S = Object.values(TYPICAL_MS).reduce((sum, ms) => sum + ms, 0) / 1000;

describe("blended ETA (synthetic timelines)", () => {
  it("first mission with no history: this run's own rate, always an answer, 0 at the end", () => {
    const points = timeline(createBlendedEta({}));
    const rateOnly = timeline(rateBasedEta);
    assert.deepEqual(
      points.map((point) => point.eta),
      rateOnly.map((point) => point.eta),
      "without history the estimate is the rate-based one",
    );
    for (const point of points.slice(1)) {
      assert.ok(point.eta !== null && Number.isFinite(point.eta) && point.eta >= 0, `${point.label}: ${point.eta}`);
    }
    assert.equal(points.at(-1)?.eta, 0);
  });

  it("hundredth mission (100 runs of history): within 10% of the run's length at every event", () => {
    const points = timeline(createBlendedEta(historyOf(100)));
    for (const point of points) {
      assert.ok(point.eta !== null, `${point.label}: no estimate`);
      assert.ok(
        Math.abs(point.eta - point.truth) <= 0.1 * TOTAL_S,
        `${point.label}: estimated ${point.eta} s, ${point.truth.toFixed(3)} s were left`,
      );
    }
    // Rate alone is badly wrong early (the long tool step is still ahead): history fixes that.
    const rateError = meanAbsoluteError(timeline(rateBasedEta));
    const blendedError = meanAbsoluteError(points);
    assert.ok(blendedError < rateError / 5, `blended error ${blendedError} vs rate-only ${rateError}`);
    // At the first event the rate knows nothing useful; history already says about 3.2 s.
    assert.ok(Math.abs((points[0]?.eta ?? 0) - TOTAL_S) < 0.3, `first estimate ${points[0]?.eta}`);
  });

  it("a day's first mission with one run of history lies between the rate and the history", () => {
    const blended = timeline(createBlendedEta(historyOf(1)));
    const rateOnly = timeline(rateBasedEta);
    const historyOnly = timeline(createBlendedEta(historyOf(1_000_000)));
    blended.forEach((point, i) => {
      const rate = rateOnly[i]?.eta;
      const history = historyOnly[i]?.eta;
      if (rate === null || rate === undefined || history === null || history === undefined) return;
      const low = Math.min(rate, history) - 0.11;
      const high = Math.max(rate, history) + 0.11;
      assert.ok(
        point.eta !== null && point.eta >= low && point.eta <= high,
        `${point.label}: ${point.eta} not in [${low}, ${high}]`,
      );
    });
    assert.ok(meanAbsoluteError(blended) < meanAbsoluteError(rateOnly), "one run of history already helps");
  });

  it("a run twice as slow as history: the estimate catches up as the tool step reports progress", () => {
    const points = timeline(createBlendedEta(historyOf(100)), 2);
    const toolPoints = points.filter((point) => point.label.startsWith("step_progress:tool_execution"));
    const last = toolPoints.at(-1);
    assert.ok(last && last.eta !== null);
    assert.ok(
      Math.abs(last.eta - last.truth) <= 0.25 * last.truth,
      `at ${last.label}: estimated ${last.eta} s, ${last.truth.toFixed(3)} s were left`,
    );
    // And it never goes negative or absurd meanwhile.
    for (const point of points) assert.ok(point.eta !== null && point.eta >= 0 && point.eta < 4 * 2 * TOTAL_S);
  });

  it("a run with a step that has no history yet falls back on its own rate", () => {
    const partial = historyOf(100);
    delete partial.finalize;
    const points = timeline(createBlendedEta(partial));
    const rateOnly = timeline(rateBasedEta);
    assert.deepEqual(
      points.map((point) => point.eta),
      rateOnly.map((point) => point.eta),
    );
  });

  it("loading history never throws and never waits long: without it, the rate-based estimator", async () => {
    const failing = {
      collection: () => ({ doc: (id: string) => ({ id }) }),
      getAll: () => Promise.reject(new Error("unavailable")),
    } as unknown as Firestore;
    assert.equal(await loadEtaEstimator(failing), rateBasedEta);
    const hanging = {
      collection: () => ({ doc: (id: string) => ({ id }) }),
      getAll: () => new Promise(() => undefined),
    } as unknown as Firestore;
    const started = Date.now();
    assert.equal(await loadEtaEstimator(hanging, 50), rateBasedEta);
    assert.ok(Date.now() - started < 1000, "gave up after its timeout");
  });
});
