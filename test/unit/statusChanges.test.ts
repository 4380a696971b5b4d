import assert from "node:assert/strict";
import { Timestamp } from "firebase-admin/firestore";
import { missionUpdate } from "../../functions/src/pipeline/record/recordWrites";
import {
  approveDraft,
  cancelDraft,
  claimRun,
  endingWrite,
  promoteFromQueue,
  queueForSlot,
  refuseReapproval,
  requeueLostRun,
  retryFailedRun,
  type EndingReason,
} from "../../functions/src/pipeline/lifecycle/statusChanges";

/** The fields every finished record holds, whoever ended the mission. */
const FINISHED_FIELDS = [
  "run_id",
  "success",
  "status",
  "result_summary",
  "error",
  "cancellation",
  "actual_cost_microusd",
  "finished_at",
  "lease_expires_at",
].map((field) => `execution_record.${field}`);

describe("status changes (pipeline/lifecycle/statusChanges.ts)", () => {
  it("refuses a move the state table does not list, naming it", () => {
    assert.throws(
      () => missionUpdate({ move: { from: "executing", to: "draft" }, record: {} }),
      /never moves from "executing" to "draft"/,
    );
    assert.throws(
      () => missionUpdate({ move: { from: "completed", to: "approved" }, record: {} }),
      /never moves from "completed" to "approved"/,
      "a completed mission is never run again",
    );
    assert.throws(
      () =>
        endingWrite({
          missionId: "m",
          runId: "r",
          from: "draft",
          reason: { status: "completed", summary: "done" },
          costMicroUsd: 0,
          atMs: 0,
        }),
      /never moves from "draft" to "completed"/,
    );
  });

  const failed: EndingReason = {
    status: "failed",
    step: "tool_execution",
    kind: "tool_failed",
    message: "the page answered 500",
  };
  const cancelled: EndingReason = {
    status: "cancelled",
    step: "tool_execution",
    why: "its owner asked",
    kept: "nothing was published",
  };
  const reasons: EndingReason[] = [{ status: "completed", summary: "2 + 2 = 4" }, failed, cancelled];
  for (const reason of reasons) {
    it(`writes every finished field for an ending ${reason.status}, and tells the owner the same`, () => {
      const { update, notice } = endingWrite({
        missionId: "m1",
        runId: "run-1",
        from: "executing",
        reason,
        costMicroUsd: 1_500,
        atMs: Date.UTC(2026, 11, 4),
        record: { duration_ms: 42 },
      });
      for (const field of FINISHED_FIELDS) assert.ok(field in update, `${field} is written`);
      assert.equal(update.status, reason.status);
      assert.equal(update["execution_record.status"], reason.status);
      assert.equal(update["execution_record.success"], reason.status === "completed");
      assert.equal(update["execution_record.duration_ms"], 42, "the caller's own fields are kept");
      assert.equal(update["execution_record.lease_expires_at"], null);
      assert.deepEqual(update["execution_record.finished_at"], Timestamp.fromMillis(Date.UTC(2026, 11, 4)));
      assert.equal(notice.status, reason.status);
      assert.equal(notice.resultSummary, update["execution_record.result_summary"]);
      assert.deepEqual(notice.error, update["execution_record.error"]);
      assert.equal(notice.costMicroUsd, 1_500);
      assert.equal(notice.runId, "run-1");
    });
  }

  it("states why in the summary: the failed step and its message, the cancelled step and why", () => {
    const summary = (reason: EndingReason) =>
      endingWrite({ missionId: "m", runId: "r", from: "executing", reason, costMicroUsd: 0, atMs: 0 }).update[
        "execution_record.result_summary"
      ];
    assert.equal(summary(failed), "Failed at tool_execution: the page answered 500");
    assert.equal(summary(cancelled), "Cancelled at tool_execution: its owner asked");
    assert.deepEqual(
      endingWrite({ missionId: "m", runId: "r", from: "executing", reason: cancelled, costMicroUsd: 7, atMs: 0 })
        .update["execution_record.cancellation"],
      { at_step: "tool_execution", kept: "nothing was published", spent_microusd: 7 },
    );
  });

  it("builds each other move from the status it leaves, all in the table", () => {
    const moves = {
      claim: claimRun({
        runId: "r",
        executionId: "e",
        attempt: 1,
        claimedAtMs: 0,
        leaseMs: 1_000,
        freshSnapshot: null,
      }),
      requeue: requeueLostRun(),
      retry: retryFailedRun(3),
      queue: queueForSlot(2, 0),
      promote: promoteFromQueue({ place: 2, queued_at: Timestamp.fromMillis(0) }, 5),
      refusal: refuseReapproval("approved", "completed", "already ended completed", 0),
      approve: approveDraft(),
      cancelDraft: cancelDraft(),
    };
    assert.deepEqual(Object.fromEntries(Object.entries(moves).map(([name, update]) => [name, update.status])), {
      claim: "executing",
      requeue: "approved",
      retry: "approved",
      queue: "queued",
      promote: "approved",
      refusal: "completed",
      approve: "approved",
      cancelDraft: "cancelled",
    });
    assert.equal(moves.retry["execution_record.retried_after_attempt"], 3);
    assert.ok("approved_at" in moves.approve, "the API's approval stamps approved_at as a client's does");
    assert.equal(moves.claim["execution_record.started_at"], undefined, "a resumed claim keeps the run's start");
  });
});
