import type { ProgressSnapshot } from "../../functions/src/progress/schema";
import { median } from "./stats";

/**
 * The steadiness the issue asks for: between consecutive snapshots a viewer sees, the implied
 * finish (eta_at + eta_seconds) moves by at most 25 % of the time then left, "beyond what a
 * new page's real timing explains". A page that was expected to take 800 ms and took 1500 ms
 * makes the run 700 ms later whatever any model says, so a move of the finish toward the
 * pages' own lateness (their real durations minus the expected ones, summed with signs), and
 * no larger, is explained; the rest of a move (extrapolating to the pages still to come, the
 * model's own choice) is held to the bound. The
 * expectation comes from outside the model: the same page in the earlier runs (median), else
 * this run's own pages before it, else (the first page of a first run) none, which explains
 * nothing.
 */
export interface FinishMove {
  /** The whole move beyond the slack, as a share of the time left under the earlier snapshot. */
  share: number;
  /** What is left of it once the real timing of the pages done in between is taken out. */
  unexplained: number;
}

/** Expected duration of page `page` (1-based), given this run's earlier page durations. */
export type PageExpectation = (page: number, earlierMs: readonly number[]) => number | null;

/** A move this small is not a jump (the limiter's own slack; the snapshots' timestamps are ms). */
export const MOVE_SLACK_MS = 250;

/** Durations of each page from its marks (ms since the step started, one per page). */
export function pageDurations(marksMs: readonly number[]): number[] {
  return marksMs.map((mark, index) => mark - (index > 0 ? (marksMs[index - 1] ?? 0) : 0));
}

/** Page expectations from earlier runs' page marks (median per page), else this run's mean so far. */
export function expectationFrom(history: readonly (readonly number[])[]): PageExpectation {
  const durations = history.map(pageDurations);
  return (page, earlierMs) => {
    const before = durations.flatMap((run) => {
      const ms = run[page - 1];
      return ms === undefined ? [] : [ms];
    });
    if (before.length > 0) return median(before);
    if (earlierMs.length === 0) return null;
    return earlierMs.reduce((sum, ms) => sum + ms, 0) / earlierMs.length;
  };
}

function finishOf(snapshot: ProgressSnapshot): { madeAtMs: number; finishMs: number } | null {
  if (!snapshot.eta_at || snapshot.eta_seconds === null) return null;
  const madeAtMs = Date.parse(snapshot.eta_at);
  return { madeAtMs, finishMs: madeAtMs + snapshot.eta_seconds * 1000 };
}

/**
 * How much the pages completed between `before` and `after` move the finish by themselves
 * (ms, signed): each page's real duration minus its expected one. Signed, so a quick page and
 * a slow one that cancel out explain nothing.
 */
function explainedMs(before: ProgressSnapshot, after: ProgressSnapshot, expect: PageExpectation): number {
  const durations = pageDurations(after.page_marks_ms ?? []);
  // Marks cover this attempt's pages only; earlier pages of a resumed crawl have none.
  const offset = after.pages_visited - durations.length;
  let explained = 0;
  for (let page = before.pages_visited + 1; page <= after.pages_visited; page += 1) {
    const actual = durations[page - offset - 1];
    const expected = expect(page, durations.slice(0, Math.max(0, page - offset - 1)));
    if (actual !== undefined && expected !== null) explained += actual - expected;
  }
  return explained;
}

/** Every move between consecutive snapshots (in the order a listener received them). */
export function finishMoves(snapshots: readonly ProgressSnapshot[], expect: PageExpectation): FinishMove[] {
  const moves: FinishMove[] = [];
  for (let index = 1; index < snapshots.length; index += 1) {
    const before = snapshots[index - 1];
    const after = snapshots[index];
    if (!before || !after) continue;
    const from = finishOf(before);
    const to = finishOf(after);
    if (!from || !to) continue;
    const left = Math.max(MOVE_SLACK_MS, from.finishMs - to.madeAtMs);
    const moved = to.finishMs - from.finishMs;
    const explained = explainedMs(before, after, expect);
    // Explained: a move toward the pages' lateness, up to its size. Not moving is never a jump
    // (a model that expected the late page already has nothing to correct).
    const unexplained = Math.max(0, moved - Math.max(0, explained), Math.min(0, explained) - moved);
    moves.push({
      share: Math.max(0, Math.abs(moved) - MOVE_SLACK_MS) / left,
      unexplained: Math.max(0, unexplained - MOVE_SLACK_MS) / left,
    });
  }
  return moves;
}
