import assert from "node:assert/strict";
import { PIPELINE_STEPS } from "../../functions/src/shared/steps";
import { progressSnapshotSchema } from "../../functions/src/progress/schema";
import { MissionProgressTracker } from "../../functions/src/progress/tracker";
import type { ProgressEvent } from "../../functions/src/progress/trackerTypes";

/** A clock the test moves by hand, so timings and ETAs are exact. */
function manualClock(start = 1_700_000_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

function runAllSteps(tracker: MissionProgressTracker, clock: { advance: (ms: number) => number }) {
  for (const step of PIPELINE_STEPS) {
    tracker.startStep(step.name);
    clock.advance(100);
    tracker.completeStep(step.name);
  }
}

describe("MissionProgressTracker", () => {
  it("walks the seven steps with the table's started/completed percentages, in order", () => {
    const clock = manualClock();
    const tracker = new MissionProgressTracker("m1", { now: clock.now });
    const events: ProgressEvent[] = [];
    tracker.onEvent((event) => events.push(event));
    runAllSteps(tracker, clock);

    const expected = PIPELINE_STEPS.flatMap((step) => [
      { type: "step_started", step: step.name, percent: step.startedPercent },
      { type: "step_completed", step: step.name, percent: step.completedPercent },
    ]);
    assert.deepEqual(
      events.map(({ type, step, percent }) => ({ type, step, percent })),
      expected,
    );
    const snapshot = tracker.snapshot();
    assert.equal(snapshot.progress_percent, 100);
    assert.equal(snapshot.current_step, null);
    assert.equal(snapshot.eta_seconds, 0);
    assert.deepEqual(
      snapshot.completed_steps.map((step) => [
        step.step_name,
        step.step_index,
        step.total_steps,
        step.progress_percent,
      ]),
      PIPELINE_STEPS.map((step, index) => [step.name, index + 1, 7, step.completedPercent]),
    );
    assert.deepEqual(
      snapshot.completed_step_names,
      PIPELINE_STEPS.map((step) => step.name),
    );
    for (const step of snapshot.completed_steps) {
      assert.equal(step.status, "completed");
      assert.equal(step.duration_ms, 100);
      assert.equal(Date.parse(step.completed_at ?? "") - Date.parse(step.started_at), 100);
    }
  });

  it("produces a snapshot that the persisted schema accepts, and a copy callers cannot mutate", () => {
    const tracker = new MissionProgressTracker("m2");
    tracker.startStep("verification");
    const snapshot = tracker.snapshot();
    assert.equal(progressSnapshotSchema.safeParse(snapshot).success, true);
    snapshot.progress_percent = 99;
    assert.equal(tracker.snapshot().progress_percent, 5);
  });

  it("refuses steps out of table order", () => {
    const tracker = new MissionProgressTracker("m3");
    assert.throws(() => tracker.startStep("budget_check"), /next step is verification/);
    tracker.startStep("verification");
    assert.throws(() => tracker.startStep("intent_classification"), /verification has not completed/);
    assert.throws(() => tracker.completeStep("intent_classification"), /running step is verification/);
  });

  it("moves sub-step progress between the step's marks, never backwards, and keeps the legacy fields", () => {
    const clock = manualClock();
    const tracker = new MissionProgressTracker("m4", { now: clock.now });
    for (const step of PIPELINE_STEPS.slice(0, 4)) {
      tracker.startStep(step.name);
      tracker.completeStep(step.name);
    }
    tracker.startStep("tool_execution");
    const percents: number[] = [];
    tracker.onEvent((_event, snapshot) => percents.push(snapshot.progress_percent));

    tracker.reportSubProgress({
      itemsCollected: 45,
      itemsTarget: 100,
      pagesVisited: 1,
      message: "items found: 45/100",
    });
    assert.equal(tracker.snapshot().progress_percent, 66.3); // 55 + 0.45 * 25
    assert.equal(tracker.snapshot().current_step?.message, "items found: 45/100");
    clock.advance(50);
    tracker.reportSubProgress({ itemsCollected: 45, itemsTarget: 100, pagesVisited: 2 });
    tracker.reportSubProgress({ itemsCollected: 45, itemsTarget: 100, pagesVisited: 3 });
    let snapshot = tracker.snapshot();
    assert.equal(snapshot.pages_since_last_increase, 2);
    assert.equal(snapshot.total_items_collected, 45);
    assert.equal(snapshot.pages_visited, 3);
    assert.equal(snapshot.items_target, 100);
    const lastIncrease = snapshot.last_progress_timestamp;

    tracker.reportSubProgress({ fraction: 0.2 }); // a smaller fraction must not move progress back
    clock.advance(50);
    tracker.reportSubProgress({ itemsCollected: 150, itemsTarget: 100, pagesVisited: 4 });
    snapshot = tracker.snapshot();
    assert.equal(snapshot.progress_percent, 80); // capped at the step's completed mark
    assert.equal(snapshot.pages_since_last_increase, 0);
    assert.notEqual(snapshot.last_progress_timestamp, lastIncrease);
    assert.deepEqual(
      percents,
      [...percents].sort((a, b) => a - b),
      "progress went backwards",
    );
    assert.ok(percents.every((percent) => percent >= 55 && percent <= 80));
  });

  it("records a failed step with its error and stops estimating", () => {
    const tracker = new MissionProgressTracker("m5");
    tracker.startStep("verification");
    tracker.completeStep("verification");
    tracker.startStep("intent_classification");
    tracker.failStep("intent_classification", "boom");
    const snapshot = tracker.snapshot();
    assert.equal(snapshot.current_step?.status, "failed");
    assert.equal(snapshot.current_step?.error, "boom");
    assert.equal(snapshot.completed_steps.length, 1);
    assert.equal(snapshot.progress_percent, 20);
    assert.equal(snapshot.eta_seconds, null);
  });

  it("keeps notifying other listeners when one throws, and reports the throw", () => {
    const reported: unknown[] = [];
    const tracker = new MissionProgressTracker("m6", { onListenerError: (error) => reported.push(error) });
    const seen: string[] = [];
    tracker.onEvent(() => {
      throw new Error("listener bug");
    });
    tracker.onEvent((event) => seen.push(event.type));
    const unsubscribe = tracker.onEvent((event) => seen.push(`late:${event.type}`));
    tracker.startStep("verification");
    unsubscribe();
    tracker.completeStep("verification");
    assert.deepEqual(seen, ["step_started", "late:step_started", "step_completed"]);
    assert.equal(reported.length, 2);
    assert.equal(tracker.snapshot().progress_percent, 10, "a throwing listener must not disturb the state");
  });

  it("estimates the time left from the run's own rate", () => {
    const clock = manualClock();
    const tracker = new MissionProgressTracker("m7", { now: clock.now });
    tracker.startStep("verification");
    clock.advance(1000);
    tracker.completeStep("verification"); // 10 % after 1 s → 9 s left
    assert.equal(tracker.snapshot().eta_seconds, 9);
  });
});
