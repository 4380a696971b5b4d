import assert from "node:assert/strict";
import { Timestamp, type DocumentReference } from "firebase-admin/firestore";
import { aggregatesRecorder } from "../../functions/src/analytics/recorder";
import { executeMission, type PipelineDeps, type PipelineHooks } from "../../functions/src/pipeline/run/executeMission";
import { UNCLAIMED_START_WINDOW_MS, type DeliveredMission } from "../../functions/src/pipeline/record/missionStore";
import type { StepName } from "../../functions/src/shared/steps";
import { calculateTool } from "../../functions/src/tools/calculate";
import { createToolRegistry } from "../../functions/src/tools/registry";
import type { Tool } from "../../functions/src/tools/types";
import { recordFinishedMission } from "../../functions/src/triggers/missionFinished";
import { OpCounter, total } from "../../scripts/bench/firestoreOps";
import { db, uniqueId } from "../helpers/emulator";
import { assertCompletedHistory, createApproved, pipelineDeps } from "../helpers/pipeline";
import { withoutTriggers } from "../helpers/triggers";
import { killWorker, startWorker } from "../helpers/worker";
import { toolCosts } from "../helpers/toolCosts";

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

function run(ref: DocumentReference, seen: DeliveredMission, hooks?: PipelineHooks, deps: Partial<PipelineDeps> = {}) {
  return executeMission(ref.id, { ...pipelineDeps(hooks ? { hooks } : {}), ...deps }, seen);
}

/** The mission's status as the run reaches `step` (a real read, made from the hook). */
function statusAt(ref: DocumentReference, step: StepName, seen: string[]): PipelineHooks {
  return {
    afterStep: async (done) => {
      if (done === step) seen.push(String((await ref.get()).get("status")));
    },
  };
}

/** calculate as a tool that may reach outside the process (not `pure`): it must run claimed. */
function impureCalculate(ref: DocumentReference, seen: string[]): Tool {
  return {
    name: "calculate",
    serves: calculateTool.serves,
    run: async (context) => {
      seen.push(String((await ref.get()).get("status")));
      return calculateTool.run(context);
    },
  };
}

/** A hook that writes to the mission just before finalize, as another party would. */
function beforeFinalize(write: (ref: DocumentReference) => Promise<unknown>, ref: DocumentReference): PipelineHooks {
  return {
    beforeStep: async (step) => {
      if (step === "finalize") await write(ref);
    },
  };
}

describe("conditional writes: a fresh delivery claims with its first write; no write reads first while nothing else wrote", function () {
  this.timeout(60_000);
  withoutTriggers();
  // The claim that rides on a run's first write exists only without a per-person limit: with
  // one, the claim reads the owner's slots in a transaction (queue/userSlots.ts). The worker
  // process these tests start reads its params from this environment.
  let limitBefore: string | undefined;
  before(() => {
    limitBefore = process.env.USER_MAX_RUNNING;
    process.env.USER_MAX_RUNNING = "0";
  });
  after(() => {
    if (limitBefore === undefined) delete process.env.USER_MAX_RUNNING;
    else process.env.USER_MAX_RUNNING = limitBefore;
  });

  it("runs a delivered calculate mission with one commit and no read: the claim rides on the final write", async () => {
    const ref = await createApproved({ objective: "What is 6 * 7?" }, uniqueId("cond-fast"));
    const seen = await delivered(ref);
    const counter = new OpCounter();
    const outcome = await counter.during(() => run(ref, seen));
    assert.equal(outcome.kind, "completed");
    assert.equal(counter.unparsed, 0, "every Firestore request of the run was read by the counter");
    assert.deepEqual(Object.keys(counter.counts.rpcs), ["commit"], "no get, query or transaction");
    assert.equal(counter.counts.rpcs.commit?.length, 1, "the final write, carrying the claim");
    assert.equal(total(counter.counts.reads) + total(counter.counts.missing), 0);
    // The mission had no record: the write creates it as one map, not one path per key.
    const missionMasks = counter.updateMasks.filter((mask) => mask.collection === "missions");
    assert.deepEqual(
      missionMasks.map((mask) => mask.fieldPaths.filter((path) => path.startsWith("execution_record"))),
      [["execution_record"]],
    );
    const data = (await ref.get()).data() ?? {};
    assertCompletedHistory(assert, data, ref.id);
    assert.equal(data.execution_record.attempt, 1);
    assert.equal(typeof data.execution_record.run_id, "string");
    assert.equal(data.execution_record.document_writes, 1);
    assert.equal(await countFor("artifacts", ref.id), 1);
    assert.equal(await countFor("learning_signals", ref.id), 1);
  });

  it("adds to a record the mission already had at delivery, field by field, keeping what it held", async () => {
    const ref = await createApproved(
      { objective: "What is 8 * 7?", execution_record: { operator_note: "kept" } },
      uniqueId("cond-record"),
    );
    const counter = new OpCounter();
    const outcome = await counter.during(async () => run(ref, await delivered(ref)));
    assert.equal(outcome.kind, "completed");
    const [missionMask, ...more] = counter.updateMasks.filter((mask) => mask.collection === "missions");
    assert.equal(more.length, 0, "one write to the mission");
    assert.ok(missionMask?.fieldPaths.includes("execution_record.progress_tracker"), "written field by field");
    const data = (await ref.get()).data() ?? {};
    assertCompletedHistory(assert, data, ref.id);
    assert.equal(data.execution_record.operator_note, "kept");
  });

  it("counts a finished mission from its terminal write, once however often the event comes", async () => {
    const ref = await createApproved({ objective: "What is 7 * 7?" }, uniqueId("cond-counted"));
    assert.equal((await run(ref, await delivered(ref))).kind, "completed");
    const finished = (await ref.get()).data();
    const countedBefore = await runsCounted();
    const deliveries = await Promise.all([
      recordFinishedMission(db(), aggregatesRecorder, ref.id, finished),
      recordFinishedMission(db(), aggregatesRecorder, ref.id, finished),
    ]);
    assert.deepEqual(deliveries.sort(), ["already recorded", "recorded"]);
    assert.equal(await recordFinishedMission(db(), aggregatesRecorder, ref.id, finished), "already recorded");
    assert.equal(await runsCounted(), countedBefore + 1);
  });

  it("runs one of two deliveries of the same approval: they race on its update time", async () => {
    const ref = await createApproved({ objective: "What is 12 * 12?" }, uniqueId("cond-race"));
    const seen = await delivered(ref);
    const outcomes = await Promise.all([run(ref, seen), run(ref, seen)]);
    assert.deepEqual(outcomes.map((outcome) => outcome.kind).sort(), ["completed", "skipped"]);
    assert.equal((await ref.get()).get("execution_record.attempt"), 1);
    assert.equal(await countFor("artifacts", ref.id), 1);
  });

  it("decides from a read when the mission changed after the delivery", async () => {
    const ref = await createApproved({ objective: "What is 2 + 2?" }, uniqueId("cond-stale"));
    const seen = await delivered(ref);
    await ref.update({ updated_at: new Date() });
    const outcome = await run(ref, seen);
    assert.equal(outcome.kind, "completed");
    assertCompletedHistory(assert, (await ref.get()).data() ?? {}, ref.id);
  });

  it("publishes nothing for a stale delivery of a mission cancelled since, and ends it cancelled", async () => {
    const ref = await createApproved({ objective: "What is 3 + 3?" }, uniqueId("cond-stale-cancel"));
    const seen = await delivered(ref);
    await ref.update({ cancel_requested_at: Timestamp.now() });
    const outcome = await run(ref, seen);
    assert.notEqual(outcome.kind, "completed");
    assert.equal((await ref.get()).get("status"), "cancelled");
    assert.equal(await countFor("artifacts", ref.id), 0);
  });

  it("finishes through the fenced transaction when someone wrote the mission during the run", async () => {
    const ref = await createApproved({ objective: "What is 5 * 5?" }, uniqueId("cond-touched"));
    const seen = await delivered(ref);
    const outcome = await run(
      ref,
      seen,
      beforeFinalize((mission) => mission.update({ updated_at: new Date() }), ref),
    );
    assert.equal(outcome.kind, "completed");
    const data = (await ref.get()).data() ?? {};
    assertCompletedHistory(assert, data, ref.id);
    assert.equal(data.execution_record.attempt, 1);
    assert.equal(await countFor("artifacts", ref.id), 1);
  });

  it("lets a delivery whose mission another execution claimed meanwhile finish nothing", async () => {
    const ref = await createApproved({ objective: "What is 8 * 8?" }, uniqueId("cond-lost"));
    const seen = await delivered(ref);
    const takeOver = (mission: DocumentReference) =>
      mission.update({
        status: "executing",
        "execution_record.execution_id": "successor-execution",
        "execution_record.run_id": "successor-run",
      });
    const outcome = await run(ref, seen, beforeFinalize(takeOver, ref));
    assert.equal(outcome.kind, "skipped");
    const data = (await ref.get()).data() ?? {};
    assert.equal(data.status, "executing");
    assert.equal(data.execution_record.execution_id, "successor-execution");
    assert.equal(await countFor("artifacts", ref.id), 0);
  });

  it("leaves a mission re-queued for another run meanwhile to that run's own delivery", async () => {
    const ref = await createApproved({ objective: "What is 8 * 9?" }, uniqueId("cond-requeued"));
    const seen = await delivered(ref);
    const requeueForAnother = (mission: DocumentReference) =>
      mission.update({
        execution_record: {
          run_id: "other-run",
          execution_id: "other-execution",
          attempt: 1,
          requeued: true,
          status: "requeued",
          started_at: Timestamp.now(),
        },
      });
    const outcome = await run(ref, seen, beforeFinalize(requeueForAnother, ref));
    assert.equal(outcome.kind, "skipped");
    const data = (await ref.get()).data() ?? {};
    assert.equal(data.status, "approved", "not claimed by this delivery");
    assert.equal(data.execution_record.execution_id, "other-execution");
    assert.equal(await countFor("artifacts", ref.id), 0);
  });

  it("writes the claim before anything leaves the process: a tool that is not pure, or a budget reservation", async () => {
    const pure = await createApproved({ objective: "What is 4 * 4?" }, uniqueId("cond-pure"));
    const pureSeen: string[] = [];
    assert.equal(
      (await run(pure, await delivered(pure), statusAt(pure, "tool_execution", pureSeen))).kind,
      "completed",
    );
    assert.deepEqual(pureSeen, ["approved"], "calculate ran before the claim was written");

    const impure = await createApproved({ objective: "What is 4 * 5?" }, uniqueId("cond-impure"));
    const toolSaw: string[] = [];
    const tools = createToolRegistry({ calculate: impureCalculate(impure, toolSaw) });
    assert.equal((await run(impure, await delivered(impure), undefined, { tools })).kind, "completed");
    assert.deepEqual(toolSaw, ["executing"], "the tool ran only once the mission was claimed");

    const paid = await createApproved({ objective: "What is 4 * 6?" }, uniqueId("cond-paid"));
    const paidSeen: string[] = [];
    const deps = pipelineDeps({
      config: { toolCostMicroUsd: toolCosts({ calculate: 10 }) },
    });
    const outcome = await executeMission(
      paid.id,
      { ...deps, hooks: statusAt(paid, "budget_check", paidSeen) },
      await delivered(paid),
    );
    assert.equal(outcome.kind, "completed");
    assert.deepEqual(paidSeen, ["executing"], "the reservation was made by a claimed run");
  });

  it("claims first on a late delivery and on the sweeper's re-delivery", async () => {
    const late = await createApproved({ objective: "What is 9 + 1?" }, uniqueId("cond-late"));
    const lateSeen: string[] = [];
    const later = () => Date.now() + UNCLAIMED_START_WINDOW_MS + 1_000;
    const lateOutcome = await run(late, await delivered(late), statusAt(late, "intent_classification", lateSeen), {
      now: later,
    });
    assert.equal(lateOutcome.kind, "completed");
    assert.deepEqual(lateSeen, ["executing"]);

    const redelivered = await createApproved(
      { objective: "What is 9 + 2?", execution_record: { dispatched_at: Timestamp.now() } },
      uniqueId("cond-redelivered"),
    );
    const redeliveredSeen: string[] = [];
    const outcome = await run(
      redelivered,
      await delivered(redelivered),
      statusAt(redelivered, "intent_classification", redeliveredSeen),
    );
    assert.equal(outcome.kind, "completed");
    assert.deepEqual(redeliveredSeen, ["executing"]);
  });

  it("loses nothing when the worker dies before its claim is written: the next delivery runs it as attempt 1", async () => {
    const ref = await createApproved({ objective: "What is 11 * 11?" }, uniqueId("cond-crash"));
    const worker = startWorker(ref.id, "before:tool_execution", { intervalMs: 1000, delivered: true });
    await worker.parked;
    await killWorker(worker.child);
    const untouched = (await ref.get()).data() ?? {};
    assert.equal(untouched.status, "approved");
    assert.equal(untouched.execution_record, undefined, "nothing of the dead run was written");

    const outcome = await run(ref, await delivered(ref));
    assert.equal(outcome.kind, "completed");
    const data = (await ref.get()).data() ?? {};
    assert.equal(data.execution_record.attempt, 1);
    assert.equal(await countFor("artifacts", ref.id), 1);
  });
});
