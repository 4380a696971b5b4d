import assert from "node:assert/strict";
import { Timestamp } from "firebase-admin/firestore";
import { loadPipelineConfig } from "../../functions/src/config";
import { sweepStaleMissions } from "../../functions/src/triggers/sweeper";
import { db, uniqueId, waitFor, waitForTerminal } from "../helpers/emulator";
import { useEmulatorParams } from "../helpers/params";

/**
 * Endings other than a run's own final write also reach the owner's inbox and create the
 * notification in the same commit: the lease sweep's failure and cancellation, and a
 * cancellation decided at the claim. (The webhook's delivery: notifications.test.ts.)
 */
async function ending(owner: string, runId: string) {
  const [inbox, notification] = await Promise.all([
    db().collection("users").doc(owner).collection("inbox").doc(runId).get(),
    db().collection("notifications").doc(runId).get(),
  ]);
  return { inbox: inbox.data(), notification: notification.data() };
}

/** A mission whose worker died: `executing`, on its last attempt, its lease run out a minute ago. */
async function createDead(owner: string, runId: string, extra: Record<string, unknown>) {
  const ref = db().collection("missions").doc(uniqueId("dead"));
  await ref.set({
    owner_uid: owner,
    objective: "What is 9 * 9?",
    status: "executing",
    // An unreachable port: the notification is created; its delivery fails and is retried.
    notify_url: "http://127.0.0.1:9/hook",
    ...extra,
    execution_record: {
      run_id: runId,
      execution_id: "dead-worker",
      attempt: 2,
      requeued: false,
      status: "executing",
      started_at: Timestamp.fromMillis(Date.now() - 700_000),
      lease_expires_at: Timestamp.fromMillis(Date.now() - 60_000),
    },
  });
  return ref;
}

describe("mission endings outside the run's final write (emulator)", function () {
  this.timeout(60_000);
  before(() => useEmulatorParams());
  const sweep = () => sweepStaleMissions({ db: db(), config: loadPipelineConfig({ maxAttempts: 2 }) });

  it("a lease swept on the last attempt: failed, in the inbox, notification created", async () => {
    const owner = uniqueId("owner");
    const runId = uniqueId("run");
    const ref = await createDead(owner, runId, {});
    await sweep();
    assert.equal((await ref.get()).get("status"), "failed");
    const { inbox, notification } = await ending(owner, runId);
    assert.equal(inbox?.status, "failed");
    assert.equal(inbox?.error?.kind, "lease_expired");
    assert.equal(notification?.mission_id, ref.id);
    assert.equal(JSON.parse(String(notification?.body)).status, "failed");
  });

  it("a lease swept after a cancellation request: cancelled, in the inbox", async () => {
    const owner = uniqueId("owner");
    const runId = uniqueId("run");
    const ref = await createDead(owner, runId, { cancel_requested_at: Timestamp.now() });
    await sweep();
    assert.equal((await ref.get()).get("status"), "cancelled");
    assert.equal((await ending(owner, runId)).inbox?.status, "cancelled");
  });

  it("an approval cancelled before it started: cancelled at the claim, in the inbox once", async () => {
    const owner = uniqueId("owner");
    const ref = db().collection("missions").doc(uniqueId("precancel"));
    await ref.set({
      owner_uid: owner,
      objective: "What is 2 + 2?",
      status: "draft",
      created_at: new Date(),
    });
    await ref.update({ status: "approved", cancel_requested_at: Timestamp.now() });
    const data = await waitForTerminal(ref);
    assert.equal(data.status, "cancelled");
    const runId = String(data.execution_record.run_id);
    const entries = await waitFor("the inbox entry", async () => {
      const snapshot = await db().collection("users").doc(owner).collection("inbox").get();
      return snapshot.size > 0 ? snapshot.docs : undefined;
    });
    assert.deepEqual(
      entries.map((doc): [string, unknown] => [doc.id, doc.get("status")]),
      [[runId, "cancelled"]],
    );
  });
});
