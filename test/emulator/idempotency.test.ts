import assert from "node:assert/strict";
import { createDraft, db, uniqueId, updateAsOutsider, waitFor, waitForTerminal } from "../helpers/emulator";
import { assertCompletedHistory, createApproved, runDirect } from "../helpers/pipeline";
import { withoutTriggers } from "../helpers/triggers";

async function countFor(collection: string, missionId: string): Promise<number> {
  return (await db().collection(collection).where("mission_id", "==", missionId).count().get()).data().count;
}

describe("exactly-once execution (the handler called directly)", function () {
  this.timeout(60_000);
  withoutTriggers();

  it("executes once when the same approval is delivered twice at the same time", async () => {
    const id = uniqueId("dup-concurrent");
    await createApproved({ objective: "What is 12 * 12?" }, id);
    const outcomes = await Promise.all([runDirect(id), runDirect(id)]);
    assert.deepEqual(outcomes.map((outcome) => outcome.kind).sort(), ["completed", "skipped"]);
    const data = (await db().collection("missions").doc(id).get()).data();
    assert.equal(data?.status, "completed");
    assert.equal(data?.execution_record.attempt, 1);
    assertCompletedHistory(assert, data ?? {}, id);
    assert.equal(await countFor("artifacts", id), 1);
    assert.equal(await countFor("learning_signals", id), 1);
  });

  it("executes once when the same approval is delivered twice in a row", async () => {
    const id = uniqueId("dup-sequential");
    await createApproved({ objective: "What is 12 * 12?" }, id);
    const first = await runDirect(id);
    const before = (await db().collection("missions").doc(id).get()).data();
    const second = await runDirect(id);
    assert.equal(first.kind, "completed");
    assert.deepEqual(second, { kind: "skipped", reason: 'status is "completed", not "approved"' });
    const after = (await db().collection("missions").doc(id).get()).data();
    assert.deepEqual(after, before, "the second delivery changed the mission");
  });
});

describe("exactly-once execution (through the trigger)", function () {
  this.timeout(60_000);

  it("leaves a completed mission that is approved again completed, and says why", async () => {
    const ref = await createDraft({ objective: "What is 7 * 6?" });
    await ref.update({ status: "approved" });
    const done = await waitForTerminal(ref);
    assert.equal(done.status, "completed");

    await updateAsOutsider(ref, { status: "approved" }); // an admin tool, say: clients cannot (see the rules)
    const after = await waitFor(`mission ${ref.id} to be restored to completed after its re-approval`, async () => {
      const current = (await ref.get()).data();
      return current?.status === "completed" && current.execution_record.reapproval_refused ? current : undefined;
    });
    assert.match(
      after.execution_record.reapproval_refused.reason,
      /already ended completed; a finished mission is never run again/,
    );
    assert.equal(after.execution_record.execution_id, done.execution_record.execution_id);
    assert.deepEqual(after.execution_record.finished_at, done.execution_record.finished_at);
    assert.equal(await countFor("artifacts", ref.id), 1);
    assert.equal(await countFor("learning_signals", ref.id), 1);
  });

  it("runs 10 missions approved at the same moment, each exactly once with its own history", async () => {
    const objectives = Array.from({ length: 10 }, (_, index) => `What is ${index + 1} * 11?`);
    const refs = await Promise.all(objectives.map((objective) => createDraft({ objective })));
    const batch = db().batch();
    for (const ref of refs) batch.update(ref, { status: "approved" });
    await batch.commit();

    const results = await Promise.all(refs.map((ref) => waitForTerminal(ref, 45_000)));
    for (const [index, data] of results.entries()) {
      const ref = refs[index];
      assert.ok(ref);
      assert.equal(data.status, "completed", `${ref.id}: ${JSON.stringify(data.execution_record?.error)}`);
      assert.equal(data.execution_record.attempt, 1);
      assert.equal(data.execution_record.execution_result.value, (index + 1) * 11);
      assertCompletedHistory(assert, data, ref.id);
      assert.equal(await countFor("artifacts", ref.id), 1);
      assert.equal(await countFor("learning_signals", ref.id), 1);
    }
  });
});
