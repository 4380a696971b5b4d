import assert from "node:assert/strict";
import { Timestamp, type DocumentReference } from "firebase-admin/firestore";
import { executeMission, type PipelineHooks } from "../../functions/src/pipeline/executeMission";
import type { DeliveredMission } from "../../functions/src/pipeline/missionStore";
import { OpCounter, total } from "../../scripts/bench/firestoreOps";
import { db, uniqueId } from "../helpers/emulator";
import { assertCompletedHistory, createApproved, pipelineDeps } from "../helpers/pipeline";
import { withoutTriggers } from "../helpers/triggers";

/** The mission as the trigger hands it over: its data and the update time it had. */
async function delivered(ref: DocumentReference): Promise<DeliveredMission> {
  const snapshot = await ref.get();
  if (!snapshot.updateTime) throw new Error(`${ref.path} does not exist`);
  return { data: snapshot.data(), updateTime: snapshot.updateTime };
}

async function countFor(collection: string, missionId: string): Promise<number> {
  return (await db().collection(collection).where("mission_id", "==", missionId).count().get()).data().count;
}

/** Runs counted in the all-time aggregates (every shard of the `all` scope). */
async function runsCounted(): Promise<number> {
  const shards = await db().collection("analytics_totals").where("scope", "==", "all").get();
  return shards.docs.reduce((sum, shard) => sum + Number(shard.get("finished") ?? 0), 0);
}

function run(ref: DocumentReference, seen: DeliveredMission, hooks?: PipelineHooks) {
  return executeMission(ref.id, pipelineDeps(hooks ? { hooks } : {}), seen);
}

/** A hook that writes to the mission just before finalize, as another party would. */
function beforeFinalize(write: (ref: DocumentReference) => Promise<unknown>, ref: DocumentReference): PipelineHooks {
  return {
    beforeStep: async (step) => {
      if (step === "finalize") await write(ref);
    },
  };
}

describe("conditional writes: the claim and the final write skip their reads while nothing else wrote", function () {
  this.timeout(60_000);
  withoutTriggers();

  it("claims and finishes a delivered calculate mission with two commits and no read", async () => {
    const ref = await createApproved({ objective: "What is 6 * 7?" }, uniqueId("cond-fast"));
    const seen = await delivered(ref);
    const counter = new OpCounter();
    const outcome = await counter.during(() => run(ref, seen));
    assert.equal(outcome.kind, "completed");
    assert.equal(counter.unparsed, 0, "every Firestore request of the run was read by the counter");
    assert.deepEqual(Object.keys(counter.counts.rpcs), ["commit"], "no get, query or transaction");
    assert.equal(counter.counts.rpcs.commit?.length, 2, "the claim and the final write");
    assert.equal(total(counter.counts.reads) + total(counter.counts.missing), 0);
    const data = (await ref.get()).data() ?? {};
    assertCompletedHistory(assert, data, ref.id);
    assert.equal(await countFor("artifacts", ref.id), 1);
    assert.equal(await countFor("learning_signals", ref.id), 1);
    assert.equal((await db().collection("analytics_recorded").doc(data.execution_record.run_id).get()).exists, true);
  });

  it("runs one of two deliveries of the same approval: they race on its update time", async () => {
    const ref = await createApproved({ objective: "What is 12 * 12?" }, uniqueId("cond-race"));
    const seen = await delivered(ref);
    const countedBefore = await runsCounted();
    const outcomes = await Promise.all([run(ref, seen), run(ref, seen)]);
    assert.deepEqual(outcomes.map((outcome) => outcome.kind).sort(), ["completed", "skipped"]);
    assert.equal((await ref.get()).get("execution_record.attempt"), 1);
    assert.equal(await countFor("artifacts", ref.id), 1);
    assert.equal(await countFor("learning_signals", ref.id), 1);
    assert.equal(await runsCounted(), countedBefore + 1);
  });

  it("decides from a read when the mission changed after the delivery", async () => {
    const ref = await createApproved({ objective: "What is 2 + 2?" }, uniqueId("cond-stale"));
    const seen = await delivered(ref);
    await ref.update({ updated_at: new Date() });
    const outcome = await run(ref, seen);
    assert.equal(outcome.kind, "completed");
    assertCompletedHistory(assert, (await ref.get()).data() ?? {}, ref.id);
  });

  it("does not run a stale delivery of a mission cancelled since", async () => {
    const ref = await createApproved({ objective: "What is 3 + 3?" }, uniqueId("cond-stale-cancel"));
    const seen = await delivered(ref);
    await ref.update({ cancel_requested_at: Timestamp.now() });
    const outcome = await run(ref, seen);
    assert.equal(outcome.kind, "cancelled");
    assert.equal((await ref.get()).get("status"), "cancelled");
    assert.equal(await countFor("artifacts", ref.id), 0);
  });

  it("finishes through the fenced transaction when someone wrote the mission during the run", async () => {
    const ref = await createApproved({ objective: "What is 5 * 5?" }, uniqueId("cond-touched"));
    const seen = await delivered(ref);
    const countedBefore = await runsCounted();
    const outcome = await run(
      ref,
      seen,
      beforeFinalize((mission) => mission.update({ updated_at: new Date() }), ref),
    );
    assert.equal(outcome.kind, "completed");
    assertCompletedHistory(assert, (await ref.get()).data() ?? {}, ref.id);
    assert.equal(await countFor("artifacts", ref.id), 1);
    assert.equal(await runsCounted(), countedBefore + 1);
  });

  it("does not count a run twice when its marker exists: the conditional commit fails as a whole", async () => {
    const ref = await createApproved({ objective: "What is 9 * 9?" }, uniqueId("cond-counted"));
    const seen = await delivered(ref);
    const countedBefore = await runsCounted();
    const markRunCounted = async (mission: DocumentReference) => {
      const runId: unknown = (await mission.get()).get("execution_record.run_id");
      if (typeof runId !== "string") throw new Error("the claim stored no run_id");
      await db().collection("analytics_recorded").doc(runId).set({ mission_id: mission.id, run_id: runId });
    };
    const outcome = await run(ref, seen, beforeFinalize(markRunCounted, ref));
    assert.equal(outcome.kind, "completed");
    assert.equal((await ref.get()).get("status"), "completed");
    assert.equal(await countFor("artifacts", ref.id), 1);
    assert.equal(await runsCounted(), countedBefore, "the run was counted again");
  });

  it("lets a worker that lost the mission finish nothing", async () => {
    const ref = await createApproved({ objective: "What is 8 * 8?" }, uniqueId("cond-lost"));
    const seen = await delivered(ref);
    const countedBefore = await runsCounted();
    const takeOver = (mission: DocumentReference) =>
      mission.update({ "execution_record.execution_id": "successor-execution" });
    const outcome = await run(ref, seen, beforeFinalize(takeOver, ref));
    assert.equal(outcome.kind, "skipped");
    const data = (await ref.get()).data() ?? {};
    assert.equal(data.status, "executing");
    assert.equal(data.execution_record.execution_id, "successor-execution");
    assert.equal(await countFor("artifacts", ref.id), 0);
    assert.equal(await runsCounted(), countedBefore);
  });
});
