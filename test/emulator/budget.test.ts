import assert from "node:assert/strict";
import { ledgerDay } from "../../functions/src/pipeline/budgetLedger";
import { db, uniqueId } from "../helpers/emulator";
import { createApproved, runDirect } from "../helpers/pipeline";

async function ledgerEntry(executionId: string) {
  return db().collection("budget_ledger").doc(ledgerDay(Date.now())).collection("entries").doc(executionId).get();
}

describe("budget check", function () {
  this.timeout(30_000);

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
      config: { toolCostMicroUsd: { calculate: 1_000, web_search: 5_000, web_extract: 2_000 } },
    });
    assert.equal(outcome.kind, "completed");
    const entry = await ledgerEntry(outcome.kind === "completed" ? outcome.executionId : "");
    assert.deepEqual(entry.data(), { state: "settled", estimate_microusd: 1_000, actual_microusd: 0 });
    const record = (await db().collection("missions").doc(id).get()).get("execution_record");
    assert.equal(record.estimated_cost_microusd, 1_000);
    assert.equal(record.actual_cost_microusd, 0);
  });

  it("releases the reservation when a later step fails", async () => {
    const id = uniqueId("budget-release");
    await createApproved({ objective: "What is 3 * 3?" }, id);
    const outcome = await runDirect(id, {
      config: { toolCostMicroUsd: { calculate: 1_000, web_search: 5_000, web_extract: 2_000 } },
      hooks: {
        beforeStep: (step) => {
          if (step === "tool_execution") throw new Error("tool crashed");
        },
      },
    });
    assert.equal(outcome.kind, "failed");
    const entry = await ledgerEntry(outcome.kind === "failed" ? outcome.executionId : "");
    assert.equal(entry.get("state"), "released");
  });
});
