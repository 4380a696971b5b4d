import assert from "node:assert/strict";
import { Timestamp } from "firebase-admin/firestore";
import { loadPipelineConfig } from "../../functions/src/config";
import { finishRun, missionRef } from "../../functions/src/pipeline/record/missionStore";
import { missionUpdate } from "../../functions/src/pipeline/record/recordWrites";
import { armFaults, disarmFaults, faultsLeft, lockTimeoutError } from "../../functions/src/pipeline/run/faultInjection";
import { sweepStaleMissions } from "../../functions/src/triggers/sweeper";
import { db, uniqueId, waitFor, waitForTerminal } from "../helpers/emulator";
import { setTriggers } from "../helpers/triggers";

/** A mission whose worker died mid-run: `executing`, with a lease that ran out a minute ago. */
async function createStuck(id: string, attempt: number, extra: Record<string, unknown> = {}) {
  const ref = db().collection("missions").doc(id);
  await ref.set({
    owner_uid: "user-1",
    objective: "What is 9 * 9?",
    status: "executing",
    ...extra,
    execution_record: {
      execution_id: `dead-worker-${attempt}`,
      attempt,
      requeued: false,
      status: "executing",
      started_at: Timestamp.fromMillis(Date.now() - 700_000),
      lease_expires_at: Timestamp.fromMillis(Date.now() - 60_000),
    },
  });
  return ref;
}

const sweep = (maxAttempts = 2) => sweepStaleMissions({ db: db(), config: loadPipelineConfig({ maxAttempts }) });

/** Creates approved missions the trigger never saw (its events "lost"), last touched `ageMs` ago. */
async function createStranded(missions: { id: string; fields: Record<string, unknown>; ageMs: number }[]) {
  await setTriggers(false);
  try {
    for (const { id, fields, ageMs } of missions) {
      await db()
        .collection("missions")
        .doc(id)
        .set({
          owner_uid: "user-1",
          objective: "What is 8 * 8?",
          status: "approved",
          updated_at: Timestamp.fromMillis(Date.now() - ageMs),
          ...fields,
        });
    }
  } finally {
    await setTriggers(true);
  }
}

describe("lease sweeper and recovery", function () {
  this.timeout(90_000);

  it("re-queues a mission whose lease expired, and the trigger runs it again as attempt 2 of the same run", async () => {
    const ref = await createStuck(uniqueId("stuck"), 1);
    const result = await sweep();
    assert.ok(result.requeued.includes(ref.id), `not re-queued: ${JSON.stringify(result)}`);
    const data = await waitForTerminal(ref, 30_000);
    assert.equal(data.status, "completed");
    assert.equal(data.execution_record.attempt, 2);
    assert.notEqual(data.execution_record.execution_id, "dead-worker-1");
    assert.equal(data.execution_record.run_id, "dead-worker-1", "the run keeps its id across attempts");
  });

  it("fails a mission whose last attempt's lease expired, naming the step it was in", async () => {
    const ref = await createStuck(uniqueId("stuck-final"), 2);
    const result = await sweep();
    assert.ok(result.failed.includes(ref.id));
    const data = (await ref.get()).data();
    assert.equal(data?.status, "failed");
    assert.equal(data?.execution_record.error.kind, "lease_expired");
    assert.match(data?.execution_record.error.message, /lease expired\) on attempt 2 of 2/);
  });

  it("cancels (not re-queues) a dead worker's mission whose owner asked to cancel", async () => {
    const ref = await createStuck(uniqueId("stuck-cancel"), 1, { cancel_requested_at: Timestamp.now() });
    const result = await sweep();
    assert.ok(result.cancelled.includes(ref.id), JSON.stringify(result));
    const data = (await ref.get()).data();
    assert.equal(data?.status, "cancelled");
    assert.match(data?.execution_record.cancellation.kept, /nothing more was published/);
  });

  it("retries a mission whose sweep hits a lock timeout, instead of leaving it to the next sweep", async () => {
    const ref = await createStuck(uniqueId("stuck-locked"), 1);
    await setTriggers(false); // the re-queued mission stays as the sweep left it
    try {
      armFaults("sweep", [lockTimeoutError(), lockTimeoutError()]);
      const result = await sweep();
      assert.equal(faultsLeft("sweep"), 0, "both injected lock timeouts were met");
      assert.ok(result.requeued.includes(ref.id), JSON.stringify(result));
      assert.equal((await ref.get()).get("execution_record.requeued"), true);
    } finally {
      disarmFaults();
      await setTriggers(true);
    }
  });

  it("leaves a mission with a live lease alone", async () => {
    const id = uniqueId("alive");
    const ref = await createStuck(id, 1);
    await ref.update({ "execution_record.lease_expires_at": Timestamp.fromMillis(Date.now() + 60_000) });
    const result = await sweep();
    assert.ok(!result.requeued.includes(id) && !result.failed.includes(id));
    assert.equal((await ref.get()).get("status"), "executing");
  });

  it("does not let a stale worker overwrite the result of the run that replaced it", async () => {
    const ref = await createStuck(uniqueId("stale-writer"), 1);
    const update = missionUpdate({ move: { from: "executing", to: "completed" }, record: { status: "completed" } });
    const refusal = await finishRun(missionRef(db(), ref.id), "some-other-execution", update);
    assert.equal(refusal, "mission now belongs to execution dead-worker-1");
    assert.equal((await ref.get()).get("status"), "executing");
  });

  it("resolves stranded approvals oldest first: ends what cannot run with its reason and runs the rest", async () => {
    const finished = uniqueId("stranded-finished");
    const malformed = uniqueId("stranded-malformed");
    const forged = uniqueId("stranded-forged");
    const valid = uniqueId("stranded-valid");
    const doneRecord = { execution_id: "old", run_id: "old", status: "completed", attempt: 1 };
    await createStranded([
      // The newest-first sweep of old picked only this one, every time, and skipped it.
      { id: finished, fields: { execution_record: doneRecord }, ageMs: 11 * 60_000 },
      { id: malformed, fields: { execution_record: ["not", "a", "map"] }, ageMs: 40 * 60_000 },
      {
        id: forged,
        fields: { execution_record: { attempt: 7, requeued: true, execution_id: "x" } },
        ageMs: 35 * 60_000,
      },
      { id: valid, fields: {}, ageMs: 30 * 60_000 },
    ]);
    const result = await sweep();
    assert.deepEqual(
      new Set(result.ended.filter((id) => [finished, malformed, forged].includes(id))),
      new Set([finished, malformed, forged]),
    );
    assert.ok(result.dispatched.includes(valid), JSON.stringify(result));

    const restored = (await db().collection("missions").doc(finished).get()).data();
    assert.equal(restored?.status, "completed");
    assert.match(restored?.execution_record.reapproval_refused.reason, /never run again/);
    const bad = (await db().collection("missions").doc(malformed).get()).data();
    assert.equal(bad?.status, "failed");
    assert.equal(bad?.execution_record.error.kind, "invalid_record");
    assert.match(bad?.execution_record.error.message, /execution_record must be a map, got an array/);
    const tooMany = (await db().collection("missions").doc(forged).get()).data();
    assert.equal(tooMany?.status, "failed");
    assert.equal(tooMany?.execution_record.error.kind, "attempts_exhausted");
    assert.match(tooMany?.execution_record.error.message, /tried 7 time\(s\); the limit is 2/);
    // An ending the sweeper makes reaches its owner like any other: one inbox entry, its status.
    const inbox = await db()
      .collection("users")
      .doc("user-1")
      .collection("inbox")
      .where("mission_id", "==", malformed)
      .get();
    assert.deepEqual(
      inbox.docs.map((entry) => [String(entry.get("status")), String(entry.get("error.kind"))]),
      [["failed", "invalid_record"]],
    );

    const ran = await waitForTerminal(db().collection("missions").doc(valid), 30_000);
    assert.equal(ran.status, "completed");
    assert.equal(ran.execution_record.execution_result.value, 64);
  });
});

describe("approvals the trigger judges", function () {
  this.timeout(60_000);

  it("runs a mission created directly as approved at once (no sweeper needed)", async () => {
    const ref = db().collection("missions").doc(uniqueId("born-approved"));
    await ref.set({ owner_uid: "user-1", objective: "What is 6 * 7?", status: "approved" });
    const data = await waitForTerminal(ref, 30_000);
    assert.equal(data.status, "completed");
    assert.equal(data.execution_record.execution_result.value, 42);
  });

  it("fails an approval whose execution_record has a malformed field, naming it", async () => {
    const ref = db().collection("missions").doc(uniqueId("bad-attempt"));
    await ref.set({
      owner_uid: "user-1",
      objective: "What is 1 + 1?",
      status: "draft",
      execution_record: { attempt: "x" },
    });
    await ref.update({ status: "approved" });
    const data = await waitFor(`mission ${ref.id} to fail`, async () => {
      const current = (await ref.get()).data();
      return current?.status === "failed" ? current : undefined;
    });
    assert.equal(data.execution_record.error.kind, "invalid_record");
    assert.match(data.execution_record.error.message, /execution_record\.attempt must be a number/);
  });
});
