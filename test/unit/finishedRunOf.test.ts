import assert from "node:assert/strict";
import { Timestamp } from "firebase-admin/firestore";
import { finishedRunOf } from "../../functions/src/analytics/finishedRunOf";
import { MissionProgressTracker } from "../../functions/src/progress/tracker";
import { isFinish } from "../../functions/src/triggers/missionFinished";

const FINISHED_AT = Date.parse("2026-11-24T12:00:00Z");

function completedSnapshot() {
  let clock = FINISHED_AT - 100;
  const tracker = new MissionProgressTracker("m1", { now: () => (clock += 5) });
  tracker.startStep("verification");
  tracker.completeStep("verification");
  tracker.startStep("intent_classification");
  tracker.completeStep("intent_classification");
  return tracker.snapshot();
}

describe("what analytics counts of a finished mission, read from its stored record", () => {
  it("takes outcome, owner, run, duration, tool, cost and step durations from the record", () => {
    const finished = finishedRunOf("m1", {
      status: "completed",
      owner_uid: "u1",
      execution_record: {
        run_id: "run-1",
        execution_id: "exec-1",
        finished_at: Timestamp.fromMillis(FINISHED_AT),
        duration_ms: 42,
        tool_used: "calculate",
        actual_cost_microusd: 7,
        progress_tracker: completedSnapshot(),
        error: null,
      },
    });
    assert.ok(finished.ok);
    assert.deepEqual(finished.value, {
      missionId: "m1",
      runId: "run-1",
      ownerUid: "u1",
      outcome: "completed",
      finishedAtMs: FINISHED_AT,
      durationMs: 42,
      tool: "calculate",
      costMicroUsd: 7,
      completedSteps: [
        { name: "verification", durationMs: 5 },
        { name: "intent_classification", durationMs: 5 },
      ],
      failedStep: null,
    });
  });

  it("names the failed step, and counts an end written before any claim by its execution id", () => {
    const finished = finishedRunOf("m2", {
      status: "failed",
      owner_uid: "u2",
      execution_record: {
        execution_id: "exec-2",
        finished_at: Timestamp.fromMillis(FINISHED_AT),
        error: { step: "verification", kind: "validation", message: "objective: required" },
      },
    });
    assert.ok(finished.ok);
    assert.equal(finished.value.runId, "exec-2");
    assert.equal(finished.value.failedStep, "verification");
    assert.equal(finished.value.durationMs, 0);
    assert.deepEqual(finished.value.completedSteps, []);
  });

  it("refuses a record it cannot count, naming the field", () => {
    const finished = finishedRunOf("m3", { status: "failed", execution_record: { run_id: "r" } });
    assert.equal(finished.ok, false);
    assert.match(finished.ok ? "" : finished.message, /execution_record\.finished_at/);
  });

  it("counts only the write that ended the mission", () => {
    assert.equal(isFinish({ status: "executing" }, { status: "completed" }), true);
    assert.equal(isFinish({ status: "approved" }, { status: "cancelled" }), true);
    assert.equal(isFinish({ status: "completed" }, { status: "completed" }), false, "a later write to a finished one");
    assert.equal(isFinish(undefined, { status: "completed" }), false, "created finished: never run here");
    assert.equal(isFinish({ status: "executing" }, undefined), false, "deleted");
    assert.equal(isFinish({ status: "draft" }, { status: "approved" }), false);
  });
});
