import assert from "node:assert/strict";
import { BudgetExceededError } from "../../functions/src/errors";
import {
  readDayTotals,
  releaseDailyBudget,
  reserveDailyBudget,
  settleDailyBudget,
} from "../../functions/src/pipeline/budget/budgetLedger";
import { utcDay } from "../../functions/src/shared/days";
import { db, uniqueId } from "../helpers/emulator";
import { createApproved, runDirect } from "../helpers/pipeline";
import { withoutTriggers } from "../helpers/triggers";
import { toolCosts } from "../helpers/toolCosts";

/** The ledger entry of a mission's run (entries are keyed by the run, not the attempt). */
async function ledgerEntry(missionId: string) {
  const runId = (await db().collection("missions").doc(missionId).get()).get("execution_record.run_id") as string;
  return db().collection("budget_ledger").doc(utcDay(Date.now())).collection("entries").doc(runId).get();
}

describe("budget check", function () {
  this.timeout(30_000);
  withoutTriggers();

  it("refuses a mission whose estimate exceeds its own budget", async () => {
    const id = uniqueId("budget-mission");
    await createApproved({ objective: "search for otter facts", budget: 0.001 }, id);
    const outcome = await runDirect(id);
    assert.equal(outcome.kind, "failed");
    const record = (await db().collection("missions").doc(id).get()).get("execution_record");
    assert.equal(record.error.step, "budget_check");
    assert.equal(record.error.kind, "budget_exceeded");
    assert.equal(record.error.message, "estimated cost $0.0050 of web_search exceeds the mission budget $0.0010");
  });

  it("refuses a mission when the global daily budget has too little left", async () => {
    const id = uniqueId("budget-daily");
    await createApproved({ objective: "search for otter facts" }, id);
    const outcome = await runDirect(id, { config: { dailyBudgetMicroUsd: 1 } });
    assert.equal(outcome.kind, "failed");
    const record = (await db().collection("missions").doc(id).get()).get("execution_record");
    assert.equal(record.error.kind, "budget_exceeded");
    assert.match(record.error.message, /exceeds what is left of today's budget \(\$0\.0000 of \$0\.0000\)/);
  });

  it("reserves the estimate and settles it at the actual cost when the mission completes", async () => {
    const id = uniqueId("budget-settle");
    await createApproved({ objective: "What is 3 * 3?" }, id);
    const outcome = await runDirect(id, {
      config: { toolCostMicroUsd: toolCosts({ calculate: 1_000 }) },
    });
    assert.equal(outcome.kind, "completed");
    const entry = await ledgerEntry(id);
    assert.equal(entry.get("state"), "settled");
    assert.equal(entry.get("estimate_microusd"), 1_000);
    assert.equal(entry.get("actual_microusd"), 0);
    const record = (await db().collection("missions").doc(id).get()).get("execution_record");
    assert.equal(record.estimated_cost_microusd, 1_000);
    assert.equal(record.actual_cost_microusd, 0);
  });

  it("releases the reservation when a later step fails", async () => {
    const id = uniqueId("budget-release");
    await createApproved({ objective: "What is 3 * 3?" }, id);
    const outcome = await runDirect(id, {
      config: { toolCostMicroUsd: toolCosts({ calculate: 1_000 }) },
      hooks: {
        beforeStep: (step) => {
          if (step === "tool_execution") throw new Error("tool crashed");
        },
      },
    });
    assert.equal(outcome.kind, "failed");
    const entry = await ledgerEntry(id);
    assert.equal(entry.get("state"), "released");
  });
});

describe("daily budget under a race for the last dollars", function () {
  // The emulator breaks a deadlock between transactions by letting a lock wait time out
  // (firebase/firebase-tools#2452), where production wounds the younger transaction at once:
  // racers that all read every shard near the cap queue on those timeouts. Here 12 racers took
  // 4-9 s on a busy machine, and 24 once took over 60 s in a full suite.
  this.timeout(120_000);

  it("lets exactly as many reservations through as the cap holds, never more, across shards", async () => {
    const day = uniqueId("race-day"); // a ledger of its own: other tests book on today
    const cap = 10_000 + 1_500; // room for 5 reservations of 2,000 and change
    const outcomes = await Promise.allSettled(
      Array.from({ length: 12 }, (_, index) =>
        reserveDailyBudget(db(), { day, runId: `run-${index}`, estimateMicroUsd: 2_000, capMicroUsd: cap }),
      ),
    );
    const granted = outcomes.filter((outcome) => outcome.status === "fulfilled").length;
    const refused = outcomes.filter(
      (outcome) => outcome.status === "rejected" && outcome.reason instanceof BudgetExceededError,
    ).length;
    assert.equal(granted, 5, JSON.stringify(outcomes.filter((outcome) => outcome.status === "rejected").slice(0, 2)));
    assert.equal(refused, 7);
    const totals = await readDayTotals(db(), day, cap);
    assert.equal(totals.capMicroUsd, cap);
    assert.equal(totals.reservedMicroUsd, 10_000);
    assert.ok(totals.reservedMicroUsd + totals.spentMicroUsd <= cap);
  });

  it("settles and releases each run once, however often it is asked", async () => {
    const day = uniqueId("settle-day");
    const cap = 100_000;
    await reserveDailyBudget(db(), { day, runId: "a", estimateMicroUsd: 5_000, capMicroUsd: cap });
    await reserveDailyBudget(db(), { day, runId: "a", estimateMicroUsd: 5_000, capMicroUsd: cap }); // a repeat
    await reserveDailyBudget(db(), { day, runId: "b", estimateMicroUsd: 5_000, capMicroUsd: cap });
    await Promise.all([
      settleDailyBudget(db(), { day, runId: "a", actualMicroUsd: 4_000 }),
      settleDailyBudget(db(), { day, runId: "a", actualMicroUsd: 4_000 }),
      releaseDailyBudget(db(), day, "b"),
      releaseDailyBudget(db(), day, "b"),
    ]);
    assert.deepEqual(await readDayTotals(db(), day, cap), {
      shards: 200,
      capMicroUsd: cap,
      reservedMicroUsd: 0,
      spentMicroUsd: 4_000,
    });
  });

  it("pins a day's shard count when the day opens: a later setting or a racing opener does not move it", async () => {
    const day = uniqueId("pinned-day");
    const cap = 1_000_000;
    // Twelve reservations open the day at once, each asking for another count: one count wins.
    await Promise.all(
      Array.from({ length: 12 }, (_, index) =>
        reserveDailyBudget(db(), {
          day,
          runId: `open-${index}`,
          estimateMicroUsd: 1_000,
          capMicroUsd: cap,
          openWithShards: 5 + index,
        }),
      ),
    );
    const opened = await readDayTotals(db(), day, cap);
    assert.ok(opened.shards >= 5 && opened.shards <= 16, `pinned ${opened.shards} shards`);
    await reserveDailyBudget(db(), {
      day,
      runId: "later",
      estimateMicroUsd: 1_000,
      capMicroUsd: cap,
      openWithShards: 300,
    });
    const later = await readDayTotals(db(), day, cap);
    assert.equal(later.shards, opened.shards);
    assert.equal(later.capMicroUsd, cap, "the parts of the pinned count add up to the cap");
    assert.equal(later.reservedMicroUsd, 13_000);
    const dayDoc = await db().collection("budget_ledger").doc(day).get();
    assert.equal(dayDoc.get("shards"), opened.shards);
  });

  it("keeps the old count of 8 for a day whose shards were written before counts were pinned", async () => {
    const day = uniqueId("legacy-day");
    const cap = 80_000;
    await db()
      .collection("budget_ledger")
      .doc(day)
      .collection("shards")
      .doc("3")
      .set({ reserved_microusd: 10_000, spent_microusd: 0 });
    // Shard 3's part under 8 shards is 10,000: full. Under 200 shards it would already be overrun.
    await reserveDailyBudget(db(), { day, runId: "new-code", estimateMicroUsd: 9_000, capMicroUsd: cap });
    const totals = await readDayTotals(db(), day, cap);
    assert.equal(totals.shards, 8);
    assert.equal(totals.reservedMicroUsd, 19_000);
  });
});
