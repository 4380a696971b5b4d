import assert from "node:assert/strict";
import { Timestamp } from "firebase-admin/firestore";
import { decideClaim, type ClaimPolicy } from "../../functions/src/pipeline/claim/claimDecision";
import { MissionProgressTracker } from "../../functions/src/progress/tracker";

const NOW = Date.parse("2026-11-24T12:00:00Z");

function policy(overrides: Partial<ClaimPolicy> = {}): ClaimPolicy {
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
    ...overrides,
  };
}

const mission = (fields: Record<string, unknown> = {}) => ({
  owner_uid: "u1",
  objective: "What is 1 + 1?",
  status: "approved",
  ...fields,
});

/** A snapshot in which verification and intent_classification completed. */
function twoStepsDone() {
  const tracker = new MissionProgressTracker("m1", { now: () => NOW - 5_000 });
  tracker.startStep("verification");
  tracker.completeStep("verification");
  tracker.startStep("intent_classification");
  tracker.completeStep("intent_classification");
  return tracker.snapshot();
}

describe("claim decision (pure)", () => {
  it("claims a fresh approval as attempt 1 of a new run", () => {
    const decision = decideClaim(mission(), policy());
    assert.equal(decision.kind, "claim");
    assert.ok(decision.kind === "claim");
    assert.equal(decision.runId, "run-new");
    assert.equal(decision.attempt, 1);
    assert.equal(decision.resume, null);
  });

  it("skips what is not approved and what does not exist, writing nothing", () => {
    assert.deepEqual(decideClaim(undefined, policy()), { kind: "skip", reason: "mission does not exist" });
    assert.equal(decideClaim(mission({ status: "executing" }), policy()).kind, "skip");
    assert.equal(decideClaim(mission({ status: "APPROVED" }), policy()).kind, "skip");
  });

  it("resumes a re-queued run as the next attempt of the same run, with its record and checkpoint", () => {
    const snapshot = twoStepsDone();
    const checkpoint = {
      decision: {
        tool: "calculate",
        input: { expression: "1+1" },
        source: "rules",
        confidence: 0.9,
        reason: "r",
        estimate_microusd: 0,
      },
    };
    const started = Timestamp.fromMillis(NOW - 60_000);
    const decision = decideClaim(
      mission({
        execution_record: {
          run_id: "run-1",
          execution_id: "exec-1",
          attempt: 1,
          requeued: true,
          status: "requeued",
          started_at: started,
          progress_tracker: snapshot,
          checkpoint,
        },
      }),
      policy(),
    );
    assert.ok(decision.kind === "claim");
    assert.equal(decision.runId, "run-1");
    assert.equal(decision.attempt, 2);
    assert.equal(decision.runStartedAtMs, started.toMillis());
    assert.deepEqual(decision.resume?.snapshot.completed_step_names, ["verification", "intent_classification"]);
    assert.equal(decision.resume?.checkpoint.decision?.tool, "calculate");
  });

  it("ends an approval cancelled before it started as cancelled", () => {
    const decision = decideClaim(mission({ cancel_requested_at: Timestamp.fromMillis(NOW) }), policy());
    assert.ok(decision.kind === "end");
    assert.equal(decision.status, "cancelled");
    assert.equal(decision.update.status, "cancelled");
    assert.equal(decision.update["execution_record.actual_cost_microusd"], 0, "analytics counts the cost it stores");
  });

  it("leaves a queued mission waiting, and ends it cancelled once its owner asks", () => {
    const queue = { place: 3, queued_at: Timestamp.fromMillis(NOW - 1_000) };
    const waiting = mission({ status: "queued", execution_record: { queue } });
    assert.equal(decideClaim(waiting, policy()).kind, "skip", "a queued mission runs only once promoted");
    const decision = decideClaim({ ...waiting, cancel_requested_at: Timestamp.fromMillis(NOW) }, policy());
    assert.ok(decision.kind === "end");
    assert.equal(decision.update.status, "cancelled");
    assert.equal(decision.ending?.notice.status, "cancelled", "its owner hears of it like any ending");
  });

  it("restores a re-approved finished mission and says why", () => {
    const decision = decideClaim(
      mission({ execution_record: { execution_id: "e", run_id: "r", status: "failed" } }),
      policy(),
    );
    assert.ok(decision.kind === "end");
    assert.equal(decision.status, "failed");
    assert.equal(
      decision.update["execution_record.run_id"],
      undefined,
      "the run keeps its id, so its analytics marker holds it to one count",
    );
    assert.equal(decision.update.status, "failed");
    assert.match(decision.reason, /already ended failed/);
  });

  const failures: [string, Record<string, unknown>, string, RegExp][] = [
    [
      "an execution_record that is an array",
      { execution_record: [1] },
      "invalid_record",
      /must be a map, got an array/,
    ],
    [
      "an attempt that is not a number",
      { execution_record: { attempt: "x" } },
      "invalid_record",
      /execution_record\.attempt must be a number/,
    ],
    [
      "an attempt counter at the limit",
      { execution_record: { attempt: 7, requeued: true, execution_id: "x" } },
      "attempts_exhausted",
      /tried 7 time\(s\); the limit is 2/,
    ],
    [
      "a claimed execution that was never re-queued",
      { execution_record: { execution_id: "x", status: "executing" } },
      "invalid_record",
      /never re-queued/,
    ],
    [
      "a malformed checkpoint",
      { execution_record: { execution_id: "x", requeued: true, checkpoint: { estimate_microusd: -1 } } },
      "invalid_record",
      /execution_record\.checkpoint\.estimate_microusd/,
    ],
    ["an invalid mission", { objective: "" }, "validation", /objective must be a non-empty string/],
  ];
  for (const [name, fields, kind, message] of failures) {
    it(`fails an approval with ${name}, naming it`, () => {
      const decision = decideClaim(mission(fields), policy());
      assert.ok(decision.kind === "end", JSON.stringify(decision));
      assert.equal(decision.status, "failed");
      const error =
        decision.update["execution_record.error"] ?? (decision.update.execution_record as { error?: unknown })?.error;
      assert.equal((error as { kind: string }).kind, kind);
      assert.match((error as { message: string }).message, message);
    });
  }

  it("refuses to resume a record whose checkpoint lacks a completed step's output", () => {
    const decision = decideClaim(
      mission({
        execution_record: {
          execution_id: "x",
          run_id: "r",
          requeued: true,
          progress_tracker: twoStepsDone(),
          checkpoint: {},
        },
      }),
      policy({ validateResume: () => "execution_record.checkpoint lacks the output of intent_classification" }),
    );
    assert.ok(decision.kind === "end");
    assert.match(decision.reason, /lacks the output of intent_classification/);
  });
});
