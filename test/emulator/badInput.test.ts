import assert from "node:assert/strict";
import type { DocumentData } from "firebase-admin/firestore";
import { createDraft, db, uniqueId, waitForTerminal } from "../helpers/emulator";
import { createApproved, runDirect } from "../helpers/pipeline";
import { withoutTriggers } from "../helpers/triggers";

/** Everything but what the backend owns: the status, updated_at and execution_record. */
function userFields(data: DocumentData | undefined): DocumentData {
  const { status: _status, updated_at: _updated, execution_record: _record, ...rest } = data ?? {};
  return rest;
}

const BAD_MISSIONS: { name: string; fields: Record<string, unknown>; error: RegExp }[] = [
  { name: "a missing objective", fields: {}, error: /^invalid mission: objective is required \(a string\)$/ },
  {
    name: "an objective of the wrong type",
    fields: { objective: ["a", "list"] },
    error: /^invalid mission: objective must be a string, got an array$/,
  },
  {
    name: "an owner of the wrong type",
    fields: { objective: "What is 1+1?", owner_uid: 12 },
    error: /owner_uid must be a string, got number 12/,
  },
  {
    name: "an unknown pre-selected tool",
    fields: { objective: "What is 1+1?", plan: { tool: "teleport" } },
    error: /plan\.tool must be one of "web_search", "web_extract", "calculate", got "teleport"/,
  },
  {
    name: "a negative budget",
    fields: { objective: "What is 1+1?", budget: -5 },
    error: /^invalid mission: budget must be >= 0$/,
  },
  {
    name: "a non-numeric budget",
    fields: { objective: "What is 1+1?", budget: "lots" },
    error: /^invalid mission: budget must be a number, got "lots"$/,
  },
];

describe("bad input", function () {
  this.timeout(60_000);

  for (const bad of BAD_MISSIONS) {
    it(`fails a mission with ${bad.name}, naming the field, and changes nothing else`, async () => {
      const ref = await createDraft({ ...bad.fields, notes: { keep: "me" } });
      const before = (await ref.get()).data();
      await ref.update({ status: "approved" });
      const after = await waitForTerminal(ref);

      assert.equal(after.status, "failed");
      const record = after.execution_record;
      assert.equal(record.success, false);
      assert.equal(record.error.step, "verification");
      assert.equal(record.error.kind, "validation");
      assert.match(record.error.message, bad.error);
      assert.equal(record.progress_tracker.current_step.status, "failed");
      assert.deepEqual(record.progress_tracker.completed_steps, []);
      assert.deepEqual(userFields(after), userFields(before));
    });
  }
});

describe("bad input (the handler called directly)", function () {
  this.timeout(60_000);
  withoutTriggers();

  it("fails a mission with a 1 MB objective without echoing it back", async () => {
    const id = uniqueId("huge");
    const objective = "x".repeat(1_000_000);
    const ref = await createApproved({ objective }, id);
    const outcome = await runDirect(id);
    assert.equal(outcome.kind, "failed");
    const after = (await ref.get()).data();
    assert.equal(after?.status, "failed");
    assert.equal(
      after?.execution_record.error.message,
      "invalid mission: objective must be at most 4000 characters (got 1000000)",
    );
    assert.equal(after?.objective, objective, "the objective itself must be kept");
    assert.ok(JSON.stringify(after?.execution_record).length < 10_000, "the error must not copy the objective");
  });

  it("leaves a mission it cannot read the status of untouched", async () => {
    const id = uniqueId("no-status");
    const ref = db().collection("missions").doc(id);
    await ref.set({ owner_uid: "user-1", objective: "What is 1+1?", status: "APPROVED!" });
    const outcome = await runDirect(id);
    assert.equal(outcome.kind, "skipped");
    assert.deepEqual((await ref.get()).data(), { owner_uid: "user-1", objective: "What is 1+1?", status: "APPROVED!" });
  });
});
