import assert from "node:assert/strict";
import { EtaHistoryCache, estimatorFor } from "../../functions/src/analytics/eta";
import { defaultTimeEta } from "../../functions/src/progress/etaModel";
import type { EtaEstimate, EtaEstimator } from "../../functions/src/progress/eta";
import { SteadyEta } from "../../functions/src/progress/etaSteady";
import type { ProgressSnapshot } from "../../functions/src/progress/schema";
import { expectationFrom, finishMoves } from "../../scripts/bench/etaMoves";
import { nextEtaEnd } from "../../web/whiteboard/src/format";
import {
  errors,
  EVEN,
  EXTRACT_MISSION,
  historyRunFrom,
  median,
  runTimeline,
  SLOWER,
  UNEVEN,
  type Point,
  type RunShape,
} from "./etaTimeline";

/** What a listener sees of one run: the claim's write, then one write a second at most. */
function written(claim: EtaEstimator, shape: RunShape, loaded: EtaEstimator = claim): Point[] {
  // The history arrives beside the first steps: the estimator switches while they run.
  return runTimeline(claim, shape, { writeIntervalMs: 1000, loaded: { eta: loaded, fromStep: "budget_check" } });
}

function historyOf(pageMs: readonly number[], runs = 5) {
  return Array.from({ length: runs }, () => historyRunFrom({ pageMs }));
}

/** Moves of the implied finish between executing snapshots, against the pages of `history`. */
function movesOf(points: readonly Point[], history: readonly { pageMarksMs: readonly number[] | null }[]) {
  const live = points.filter((point) => point.truth > 0).map((point) => point.snapshot);
  return finishMoves(live, expectationFrom(history.map((run) => run.pageMarksMs ?? [])));
}

/** The whiteboard's countdown end over the snapshots: it must never move later while running. */
function assertCountsDown(points: readonly Point[]): void {
  let shown: number | null = null;
  for (const point of points.filter((candidate) => candidate.truth > 0)) {
    const next = nextEtaEnd(shown, point.eta, point.atMs);
    if (shown !== null && shown > point.atMs) assert.ok(next !== null && next <= shown, `counted up at ${point.atMs}`);
    shown = next;
  }
}

function assertNeverNegative(points: readonly Point[]): void {
  for (const { snapshot } of points) {
    assert.ok((snapshot.eta_seconds ?? 0) >= 0 && (snapshot.eta_low_seconds ?? 0) >= 0, "a negative ETA");
  }
}

const pct = (value: number) => `${(value * 100).toFixed(0)} %`;

describe("ETA steadiness (issue 12: the implied finish moves ≤ 25 % of the time left between snapshots)", () => {
  it("first run on a cold instance: the claim prices the mission it read, so the history read next moves nothing", () => {
    const cold = new EtaHistoryCache();
    const points = written(cold.claimEstimator(EXTRACT_MISSION), { pageMs: EVEN }, estimatorFor([], EXTRACT_MISSION));
    const moves = movesOf(points, []);
    const first = moves[0]?.share ?? 0;
    assert.ok(first <= 0.25, `the claim's finish moved ${pct(first)} at the next snapshot`);
    assert.ok(
      moves.every((move) => move.share <= 0.25),
      `moves ${moves.map((move) => pct(move.share)).join(", ")}`,
    );
    assert.ok(errors(points).length > 0 && median(errors(points)) <= 0.35, "no history, and still near");
    assertNeverNegative(points);
    assertCountsDown(points);
  });

  it("the claim's old pricing (no idea of the tool) is the jump this fixes", () => {
    const points = written(defaultTimeEta, { pageMs: EVEN }, estimatorFor([], EXTRACT_MISSION));
    const first = points[0]?.eta ?? 0;
    assert.ok(first < 0.5 * (points[0]?.truth ?? 0), `a crawl priced as ${first} s`);
  });

  it("the claim's price follows the mission: a crawl is not a calculation", () => {
    const cold = new EtaHistoryCache();
    const at = (mission: Parameters<EtaHistoryCache["claimEstimator"]>[0]) =>
      runTimeline(cold.claimEstimator(mission), { pageMs: EVEN })[0]?.eta ?? 0;
    assert.ok(at(EXTRACT_MISSION) >= 8, `a crawl of ~100 items: ${at(EXTRACT_MISSION)} s`);
    assert.ok(at({ objective: "What is 15% of 2340?" }) < 2, "a calculation");
    const half = { ...EXTRACT_MISSION, plan: { tool: "web_extract" as const, input: { target: 50 } } };
    assert.ok(at(half) < at(EXTRACT_MISSION), "half the target, a shorter crawl");
  });

  it("uneven run after five even runs: every move is within the bound beyond what its pages explain", () => {
    const history = historyOf(EVEN);
    const eta = estimatorFor(history, EXTRACT_MISSION);
    const points = written(eta, { pageMs: UNEVEN });
    const moves = movesOf(points, history);
    assert.ok(moves.length >= 5, "a snapshot at least every second and a half");
    const worst = Math.max(...moves.map((move) => move.unexplained));
    assert.ok(worst <= 0.25, `unexplained moves ${moves.map((move) => pct(move.unexplained)).join(", ")}`);
    // Leaning long: the quick first pages do not convince it that the slow ones will be quick.
    const error = median(errors(points));
    assert.ok(error <= 0.6, `median error ${pct(error)}`);
    assertNeverNegative(points);
    assertCountsDown(points);
  });

  it("the accuracy targets still hold through the writes (repeats ≤ 10 %, 60 % slower ≤ 30 %)", () => {
    for (const [pageMs, run, target] of [
      [EVEN, EVEN, 0.1],
      [UNEVEN, UNEVEN, 0.1],
      [EVEN, SLOWER, 0.3],
    ] as const) {
      const history = historyOf(pageMs);
      const points = written(estimatorFor(history, EXTRACT_MISSION), { pageMs: run });
      const error = median(errors(points));
      assert.ok(error <= target, `median error ${pct(error)} (target ≤ ${pct(target)})`);
      const worst = Math.max(...movesOf(points, history).map((move) => move.unexplained));
      assert.ok(worst <= 0.25, `an unexplained move of ${pct(worst)}`);
      assertNeverNegative(points);
      assertCountsDown(points);
    }
  });
});

describe("SteadyEta: the finish a viewer was shown holds, however many events come before the next write", () => {
  const estimate = (seconds: number): EtaEstimate => ({
    seconds,
    lowSeconds: seconds / 2,
    highSeconds: seconds * 2,
    confidence: "high",
    historyRuns: 5,
  });

  it("ten estimates that each shrink the finish by a quarter move it a quarter in all", () => {
    const steady = new SteadyEta();
    let finish = 10_000;
    steady.next(estimate(10), 0);
    steady.showed(finish, 0);
    for (let event = 1; event <= 10; event += 1) {
      const next = steady.next(estimate((finish * 0.7) / 1000), event);
      finish = event + next.seconds * 1000;
    }
    assert.ok(finish >= 10_000 - 0.25 * (10_000 - 10) - 100, `the finish moved to ${finish} ms`);
  });

  it("a page's own lateness moves it at once; the model's extrapolation of it is held to the share", () => {
    const steady = new SteadyEta();
    steady.next(estimate(4), 0);
    steady.showed(4_000, 5);
    // Page 6 was 1 s late: the finish may follow by 1 s, plus a quarter of the 2 s left.
    const late = { pages: 6, latenessSince: (pages: number) => (pages < 6 ? 1_000 : 0) };
    const next = steady.next(estimate(9), 2_000, late);
    assert.equal(next.seconds, 3.5);
    assert.ok(next.lowSeconds >= 0 && next.lowSeconds <= next.seconds && next.highSeconds >= next.seconds);
  });
});

describe("the bench's steadiness measure (etaMoves.ts)", () => {
  const snapshot = (atMs: number, seconds: number, marks: readonly number[]): ProgressSnapshot =>
    ({
      eta_at: new Date(atMs).toISOString(),
      eta_seconds: seconds,
      pages_visited: marks.length,
      page_marks_ms: [...marks],
    }) as ProgressSnapshot;
  const expect800 = expectationFrom([[800, 1600, 2400]]);

  it("a move toward a page's lateness, up to its size, is explained; the rest is not", () => {
    const before = snapshot(0, 4, [800]);
    // Page 2 took 1500 ms, 700 ms late: the finish moved 700 ms later, all explained.
    const [explained] = finishMoves([before, snapshot(2300, 2.4, [800, 2300])], expect800);
    assert.ok(explained && explained.share > 0.25 && explained.unexplained === 0);
    // The same page, but the finish moved 1.7 s later: a second of it is the model's own.
    const [beyond] = finishMoves([before, snapshot(2300, 3.4, [800, 2300])], expect800);
    assert.ok(beyond && beyond.unexplained > 0.25);
    // Moving the other way is never explained by a late page.
    const [against] = finishMoves([before, snapshot(2300, 0.7, [800, 2300])], expect800);
    assert.ok(against && against.unexplained > 0.25);
  });

  it("not moving is never a jump, and no page done explains nothing", () => {
    const [still] = finishMoves([snapshot(0, 4, [800]), snapshot(2300, 1.7, [800, 2300])], expect800);
    assert.equal(still?.unexplained, 0);
    const [nothing] = finishMoves([snapshot(0, 4, []), snapshot(500, 8, [])], expect800);
    assert.ok(nothing && nothing.unexplained === nothing.share && nothing.share > 1);
  });
});
