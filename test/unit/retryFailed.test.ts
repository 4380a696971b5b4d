import assert from "node:assert/strict";
import { Timestamp } from "firebase-admin/firestore";
import { decideClaim, type ClaimPolicy } from "../../functions/src/pipeline/claim/claimDecision";
import { retryRefusal, retryUpdate } from "../../functions/src/pipeline/run/retryFailed";
import { MissionProgressTracker } from "../../functions/src/progress/tracker";

const NOW = Date.parse("2026-12-03T12:00:00Z");

const failed = (kind: string, record: Record<string, unknown> = {}) => ({
  owner_uid: "u1",
  objective: "What is 1 + 1?",
  status: "failed",
  execution_record: {
    run_id: "run-1",
    execution_id: "exec-1",
    attempt: 2,
    status: "failed",
    error: { step: "tool_execution", kind, message: "it went wrong" },
    ...record,
  },
});

function policy(): ClaimPolicy {
  const tracker = new MissionProgressTracker("m1", { now: () => NOW });
  tracker.startStep("verification");
  return {
    missionId: "m1",
    executionId: "exec-new",
    leaseMs: 600_000,
    maxAttempts: 2,
    now: () => NOW,
    newRunId: () => "run-new",
    freshSnapshot: () => tracker.snapshot(),
    validateResume: () => null,
  };
}

/** The mission as the retry's write leaves it (dotted record fields applied). */
function afterRetry(data: ReturnType<typeof failed>) {
  const update = retryUpdate(data) as Record<string, unknown>;
  const record: Record<string, unknown> = { ...data.execution_record };
  for (const [path, value] of Object.entries(update)) {
    if (path.startsWith("execution_record.")) record[path.slice("execution_record.".length)] = value;
  }
  return { ...data, status: update.status, execution_record: record };
}

describe("retrying a failed mission (pure)", () => {
  it("refuses what is not failed, and failures a retry would repeat, saying why", () => {
    assert.equal(retryRefusal({ ...failed("transient"), status: "completed" })?.code, "not_failed");
    assert.equal(retryRefusal({ ...failed("transient"), status: "executing" })?.code, "not_failed");
    for (const kind of ["validation", "refused", "tool_input", "invalid_record"]) {
      const refusal = retryRefusal(failed(kind));
      assert.equal(refusal?.code, "cannot_succeed_again", kind);
      assert.match(refusal?.reason ?? "", new RegExp(`${kind} error`));
    }
    for (const kind of ["transient", "lease_expired", "attempts_exhausted", "tool_failed", "deadline"]) {
      assert.equal(retryRefusal(failed(kind)), null, kind);
    }
  });

  it("re-approves the same run as re-queued; the claim resumes it with fresh attempts", () => {
    const data = failed("attempts_exhausted", { started_at: Timestamp.fromMillis(NOW - 60_000) });
    // Without the retry, the exhausted run could not be claimed again.
    const stuck = decideClaim(
      { ...data, status: "approved", execution_record: { ...data.execution_record, requeued: true } },
      policy(),
    );
    assert.equal(stuck.kind, "end");
    const retried = afterRetry(data);
    assert.equal(retried.status, "approved");
    assert.equal(retried.execution_record.retried_after_attempt, 2);
    assert.equal(retried.execution_record.error, null);
    const decision = decideClaim(retried, policy());
    assert.equal(decision.kind, "claim");
    assert.ok(decision.kind === "claim");
    assert.equal(decision.runId, "run-1");
    assert.equal(decision.attempt, 3);
  });
});
