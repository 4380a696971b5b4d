import assert from "node:assert/strict";
import { isApproval, needsPipeline, statusOf } from "../../functions/src/missions/approval";
import { canTransition, isTerminal, MISSION_STATUSES } from "../../functions/src/missions/status";

describe("mission status", () => {
  it("allows only the documented transitions", () => {
    const allowed = MISSION_STATUSES.flatMap((from) =>
      MISSION_STATUSES.filter((to) => canTransition(from, to)).map((to) => `${from}->${to}`),
    );
    assert.deepEqual(allowed.sort(), [
      "approved->cancelled",
      "approved->completed",
      "approved->executing",
      "approved->failed",
      "approved->queued",
      "draft->approved",
      "draft->cancelled",
      "executing->approved",
      "executing->cancelled",
      "executing->completed",
      "executing->failed",
      "failed->approved",
      "queued->approved",
      "queued->cancelled",
      "queued->completed",
      "queued->failed",
    ]);
  });

  it("knows the terminal states", () => {
    assert.deepEqual(MISSION_STATUSES.filter(isTerminal), ["completed", "failed", "cancelled"]);
  });

  it("treats only a move into approved as an approval", () => {
    assert.equal(isApproval({ status: "draft" }, { status: "approved" }), true);
    assert.equal(isApproval(undefined, { status: "approved" }), true);
    assert.equal(isApproval({ status: "executing" }, { status: "approved" }), true, "a re-queue is an approval");
    assert.equal(isApproval({ status: "approved" }, { status: "approved" }), false);
    assert.equal(isApproval({ status: "approved" }, { status: "executing" }), false);
    assert.equal(isApproval({ status: "executing" }, { status: "executing" }), false);
    assert.equal(isApproval({ status: "draft" }, { status: "APPROVED" }), false);
    assert.equal(isApproval({ status: "queued" }, { status: "approved" }), true, "a promotion is an approval");
    assert.equal(isApproval({ status: "approved" }, { status: "queued" }), false);
    assert.equal(statusOf({ status: 7 }), null);
    assert.equal(statusOf("not an object"), null);
  });

  it("runs the pipeline for a queued mission only when its owner asks to cancel it", () => {
    const queued = { status: "queued", execution_record: { queue: { place: 2 } } };
    assert.equal(needsPipeline({ status: "approved" }, queued), false, "being queued starts nothing");
    assert.equal(needsPipeline(queued, { ...queued, updated_at: 1 }), false);
    assert.equal(needsPipeline(queued, { ...queued, cancel_requested_at: "now" }), true);
  });
});
