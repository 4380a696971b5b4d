import assert from "node:assert/strict";
import { Timestamp } from "firebase-admin/firestore";
import { loadPipelineConfig } from "../../functions/src/config";
import { finishMission, missionRef } from "../../functions/src/pipeline/missionStore";
import { sweepStaleMissions } from "../../functions/src/triggers/sweeper";
import { db, uniqueId, waitFor } from "../helpers/emulator";

/** A mission whose worker died mid-run: `executing`, with a lease that ran out a minute ago. */
async function createStuck(id: string, attempt: number) {
  const ref = db().collection("missions").doc(id);
  await ref.set({
    owner_uid: "user-1",
    objective: "What is 9 * 9?",
    status: "executing",
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

describe("lease sweeper", function () {
  this.timeout(60_000);

  it("re-queues a mission whose lease expired, and the trigger runs it again as attempt 2", async () => {
    const ref = await createStuck(uniqueId("stuck"), 1);
    const result = await sweepStaleMissions(db(), loadPipelineConfig({ maxAttempts: 2 }));
    assert.ok(result.requeued.includes(ref.id), `not re-queued: ${JSON.stringify(result)}`);
    const data = await waitFor(`mission ${ref.id} to complete after re-queueing`, async () => {
      const current = (await ref.get()).data();
      return current?.status === "completed" ? current : undefined;
    });
    assert.equal(data.execution_record.attempt, 2);
    assert.notEqual(data.execution_record.execution_id, "dead-worker-1");
  });

  it("fails a mission whose last attempt's lease expired, naming the step it was in", async () => {
    const ref = await createStuck(uniqueId("stuck-final"), 2);
    const result = await sweepStaleMissions(db(), loadPipelineConfig({ maxAttempts: 2 }));
    assert.ok(result.failed.includes(ref.id));
    const data = (await ref.get()).data();
    assert.equal(data?.status, "failed");
    assert.equal(data?.execution_record.error.kind, "lease_expired");
    assert.match(data?.execution_record.error.message, /lease expired\) on attempt 2 of 2/);
  });

  it("leaves a mission with a live lease alone", async () => {
    const id = uniqueId("alive");
    const ref = await createStuck(id, 1);
    await ref.update({ "execution_record.lease_expires_at": Timestamp.fromMillis(Date.now() + 60_000) });
    const result = await sweepStaleMissions(db(), loadPipelineConfig());
    assert.ok(!result.requeued.includes(id) && !result.failed.includes(id));
    assert.equal((await ref.get()).get("status"), "executing");
  });

  it("does not let a stale worker overwrite the result of the run that replaced it", async () => {
    const ref = await createStuck(uniqueId("stale-writer"), 1);
    const refusal = await finishMission(missionRef(db(), ref.id), "some-other-execution", { status: "completed" });
    assert.equal(refusal, "mission now belongs to execution dead-worker-1");
    assert.equal((await ref.get()).get("status"), "executing");
  });

  it("runs an approved mission whose trigger event never started it", async () => {
    const id = uniqueId("stranded");
    // Created directly as approved (no update, so no trigger) and last touched 20 minutes ago.
    const ref = db().collection("missions").doc(id);
    await ref.set({
      owner_uid: "user-1",
      objective: "What is 8 * 8?",
      status: "approved",
      updated_at: Timestamp.fromMillis(Date.now() - 20 * 60_000),
    });
    const result = await sweepStaleMissions(db(), loadPipelineConfig());
    assert.deepEqual(result.ran, [id]);
    const data = (await ref.get()).data();
    assert.equal(data?.status, "completed");
    assert.equal(data?.execution_record.execution_result.value, 64);
  });
});
