import assert from "node:assert/strict";
import { Timestamp } from "firebase-admin/firestore";
import { loadPipelineConfig } from "../../functions/src/config";
import { readDayTotals, reserveDailyBudget } from "../../functions/src/pipeline/budget/budgetLedger";
import {
  armFaults,
  closedTransactionError,
  disarmFaults,
  faultsLeft,
} from "../../functions/src/pipeline/run/faultInjection";
import { executeMission } from "../../functions/src/pipeline/run/executeMission";
import { utcDay } from "../../functions/src/shared/days";
import { sweepExpiredLease } from "../../functions/src/triggers/leaseSweep";
import { db, uniqueId } from "../helpers/emulator";
import { createApproved, pipelineDeps, runDirect } from "../helpers/pipeline";
import { withoutTriggers } from "../helpers/triggers";
import { toolCosts } from "../helpers/toolCosts";

/**
 * Issue 20, item 7: every ending of a run, whoever writes it, settles or releases what the
 * run reserved. Each test reads the day's reserved total before, ends a paid run one way,
 * and checks the total is back where it was.
 */
const PRICE = 2_000;
const config = { toolCostMicroUsd: toolCosts({ calculate: PRICE }) };
const CAP = loadPipelineConfig(config).dailyBudgetMicroUsd;

async function reservedToday(): Promise<number> {
  return (await readDayTotals(db(), utcDay(Date.now()), CAP)).reservedMicroUsd;
}

async function entryState(runId: string): Promise<unknown> {
  const entry = await db().collection("budget_ledger").doc(utcDay(Date.now())).collection("entries").doc(runId).get();
  return entry.get("state");
}

/** A run some earlier worker claimed and reserved for: the record and ledger entry it left. */
async function reservedRun(runId: string, startedAtMs: number): Promise<void> {
  await reserveDailyBudget(db(), {
    day: utcDay(startedAtMs),
    runId,
    estimateMicroUsd: PRICE,
    capMicroUsd: CAP,
  });
}

describe("every ending settles its reservation", function () {
  this.timeout(60_000);
  withoutTriggers();
  afterEach(disarmFaults);

  it("the run's own failed ending", async () => {
    const before = await reservedToday();
    const id = uniqueId("end-failed");
    await createApproved({ objective: "What is 6 * 7?" }, id);
    const outcome = await runDirect(id, {
      config,
      hooks: {
        beforeStep: (step) => {
          if (step === "artifact_creation") throw new Error("forced failure after the tool ran");
        },
      },
    });
    assert.equal(outcome.kind, "failed");
    assert.equal(await reservedToday(), before);
  });

  it("an admin's `approved` right after the owner's cancel request, while the run goes on (the issue's leak)", async () => {
    const before = await reservedToday();
    const id = uniqueId("end-reapproved");
    const ref = await createApproved({ objective: "What is 6 * 7?" }, id);
    const first = await runDirect(id, {
      config,
      hooks: {
        afterStep: async (step) => {
          if (step !== "budget_check") return;
          await ref.update({ cancel_requested_at: Timestamp.now() });
          await new Promise((resolve) => setTimeout(resolve, 50));
          await ref.update({ status: "approved" });
        },
      },
    });
    assert.equal(first.kind, "skipped", `the refused run: ${JSON.stringify(first)}`);
    const second = await runDirect(id, { config });
    assert.equal(second.kind, "failed");
    const record = (await ref.get()).get("execution_record");
    assert.equal(record.error.kind, "invalid_record");
    assert.notEqual(await entryState(record.run_id), "reserved");
    assert.equal(await reservedToday(), before);
  });

  it("the claim's invalid_record ending, when the run that reserved is gone", async () => {
    const before = await reservedToday();
    const id = uniqueId("end-invalid");
    const runId = uniqueId("run");
    const startedAtMs = Date.now() - 1_000;
    await reservedRun(runId, startedAtMs);
    assert.equal(await reservedToday(), before + PRICE);
    await createApproved(
      {
        objective: "What is 6 * 7?",
        execution_record: {
          run_id: runId,
          execution_id: "gone-worker",
          attempt: 1,
          status: "executing",
          started_at: Timestamp.fromMillis(startedAtMs),
        },
      },
      id,
    );
    const outcome = await runDirect(id, { config });
    assert.equal(outcome.kind, "failed");
    assert.equal(
      (await db().collection("missions").doc(id).get()).get("execution_record.error.kind"),
      "invalid_record",
    );
    assert.equal(await entryState(runId), "settled", "the whole reservation charged: the run cannot say what it spent");
    assert.equal(await reservedToday(), before);
  });

  it("the claim's cancelled ending of a re-queued run", async () => {
    const before = await reservedToday();
    const id = uniqueId("end-requeued-cancel");
    const runId = uniqueId("run");
    const startedAtMs = Date.now() - 1_000;
    await reservedRun(runId, startedAtMs);
    await createApproved(
      {
        objective: "What is 6 * 7?",
        cancel_requested_at: Timestamp.now(),
        execution_record: {
          run_id: runId,
          execution_id: "swept-worker",
          attempt: 1,
          requeued: true,
          status: "requeued",
          started_at: Timestamp.fromMillis(startedAtMs),
          checkpoint: {},
        },
      },
      id,
    );
    const outcome = await runDirect(id, { config });
    assert.equal(outcome.kind, "cancelled");
    assert.equal(await reservedToday(), before);
  });

  for (const cancelled of [false, true]) {
    it(`the lease sweeper's ${cancelled ? "cancelled" : "lease_expired"} ending`, async () => {
      const before = await reservedToday();
      const id = uniqueId("end-swept");
      const runId = uniqueId("run");
      const startedAtMs = Date.now() - 1_000;
      await reservedRun(runId, startedAtMs);
      const ref = db().collection("missions").doc(id);
      await ref.set({
        owner_uid: "user-1",
        objective: "What is 6 * 7?",
        status: "executing",
        ...(cancelled ? { cancel_requested_at: Timestamp.now() } : {}),
        execution_record: {
          run_id: runId,
          execution_id: "dead-worker",
          attempt: 1,
          status: "executing",
          started_at: Timestamp.fromMillis(startedAtMs),
          lease_expires_at: Timestamp.fromMillis(Date.now() - 60_000),
        },
      });
      const action = await sweepExpiredLease(ref, {
        db: db(),
        config: loadPipelineConfig({ maxAttempts: 1 }),
        now: Date.now,
      });
      assert.equal(action, cancelled ? "cancelled" : "failed");
      assert.equal(await reservedToday(), before);
    });
  }

  it("the lease sweeper's invalid_record ending of an unreadable record that still names its run", async () => {
    const before = await reservedToday();
    const id = uniqueId("end-swept-invalid");
    const runId = uniqueId("run");
    const startedAtMs = Date.now() - 1_000;
    await reservedRun(runId, startedAtMs);
    const ref = db().collection("missions").doc(id);
    await ref.set({
      owner_uid: "user-1",
      objective: "What is 6 * 7?",
      status: "executing",
      execution_record: {
        run_id: runId,
        execution_id: "dead-worker",
        attempt: "one", // unreadable: the header's schema refuses it
        started_at: Timestamp.fromMillis(startedAtMs),
        lease_expires_at: Timestamp.fromMillis(Date.now() - 60_000),
      },
    });
    const action = await sweepExpiredLease(ref, { db: db(), config: loadPipelineConfig({}), now: Date.now });
    assert.equal(action, "failed");
    assert.equal(await reservedToday(), before);
  });

  it("a refused final write (someone else ended the mission without settling)", async () => {
    const before = await reservedToday();
    const id = uniqueId("end-refused");
    const ref = await createApproved({ objective: "What is 6 * 7?" }, id);
    const outcome = await runDirect(id, {
      config,
      hooks: {
        afterStep: async (step) => {
          if (step !== "artifact_creation") return;
          await ref.update({ status: "failed", "execution_record.execution_id": "someone-else" });
        },
      },
    });
    assert.equal(outcome.kind, "skipped");
    assert.equal(await reservedToday(), before);
  });

  it("retries a final write and a settlement whose transaction Firestore closed, with fresh transactions", async () => {
    const before = await reservedToday();
    const id = uniqueId("closed-tx");
    await createApproved({ objective: "What is 6 * 7?" }, id);
    armFaults("final write", [closedTransactionError(), closedTransactionError()]);
    armFaults("budget settlement", [closedTransactionError()]);
    const retried: string[] = [];
    const withRetries = pipelineDeps({ config });
    withRetries.onTransientRetry = (what) => retried.push(what);
    const outcome = await executeMission(id, withRetries);
    assert.equal(outcome.kind, "completed", JSON.stringify(outcome));
    assert.deepEqual(retried.sort(), ["budget settlement", "final write", "final write"]);
    assert.equal(faultsLeft("final write") + faultsLeft("budget settlement"), 0);
    const record = (await db().collection("missions").doc(id).get()).get("execution_record");
    assert.equal(await entryState(record.run_id), "settled");
    assert.equal(await reservedToday(), before);
  });
});
