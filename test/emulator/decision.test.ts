import assert from "node:assert/strict";
import { utcDay } from "../../functions/src/shared/days";
import { readDayTotals } from "../../functions/src/pipeline/budget/budgetLedger";
import { readTotals } from "../../functions/src/analytics/aggregates";
import { createDraft, db, uniqueId, waitFor, waitForTerminal } from "../helpers/emulator";
import { createApproved, pipelineDeps, runDirect } from "../helpers/pipeline";
import { FakeChatServer, toolCall } from "../helpers/fakeChatServer";
import { createModelPlanner } from "../../functions/src/decision/modelPlanner";
import { executeMission } from "../../functions/src/pipeline/run/executeMission";
import { loadNetLimits } from "../../functions/src/net/netConfig";
import { withoutTriggers } from "../helpers/triggers";
import { toolCosts } from "../helpers/toolCosts";

/** Prices that make every tool cost something, so a reservation would show in the ledger. */
const PAID = { toolCostMicroUsd: toolCosts({ calculate: 1_000 }) };

async function ledgerEntryOf(missionId: string) {
  const runId = (await db().collection("missions").doc(missionId).get()).get("execution_record.run_id") as string;
  return db().collection("budget_ledger").doc(utcDay(Date.now())).collection("entries").doc(runId).get();
}

describe("the tool decision through the pipeline (trigger)", function () {
  this.timeout(60_000);

  it("runs a valid plan as planned, whatever the rules would choose, and shows the decision", async () => {
    const ref = await createDraft({
      objective: "Tip 18% on a $64.50 bill",
      plan: { tool: "calculate", input: { expression: "0.18 * 64.5" }, reason: "an 18 % tip" },
    });
    await ref.update({ status: "approved", approved_at: new Date() });
    const data = await waitForTerminal(ref);
    assert.equal(data.status, "completed", JSON.stringify(data.execution_record?.error));
    const record = data.execution_record;
    assert.equal(record.tool_used, "calculate");
    assert.equal(record.tool_confidence, 1);
    assert.equal(record.execution_result.value, 11.61);
    assert.equal(record.decision.tool, "calculate");
    assert.equal(record.decision.source, "plan");
    assert.match(record.decision.reason, /the plan chose calculate: an 18 % tip/);
    assert.equal(record.decision.input, undefined, "the record shows the decision, not its input twice");
    const signal = await db().collection("learning_signals").doc(record.run_id).get();
    assert.equal(signal.get("decision_type"), "calculation");
    assert.equal(signal.get("tool_source"), "plan");
  });
});

describe("a refusal through the trigger", function () {
  this.timeout(60_000);

  it("is counted once in its owner's totals, failed at intent_classification", async () => {
    const owner = uniqueId("refused-owner");
    const ref = await createApproved(
      { owner_uid: owner, objective: "open http://10.20.30.40/secret please" },
      uniqueId("refused-trigger"),
    );
    const data = await waitForTerminal(ref);
    assert.equal(data.status, "failed");
    assert.equal(data.execution_record.error.kind, "refused");
    const totals = await waitFor(`the aggregates of ${owner} to count the refusal`, async () => {
      const read = await readTotals(db(), { kind: "owner", uid: owner });
      return read.finished >= 1 ? read : undefined;
    });
    assert.equal(totals.finished, 1);
    assert.equal(totals.failed, 1);
    assert.equal(totals.failedAt.intent_classification, 1);
  });
});

describe("the tool decision through the pipeline (handler)", function () {
  this.timeout(60_000);
  withoutTriggers();

  it("fails an invalid plan at tool_selection, naming the field, reserving nothing", async () => {
    const id = uniqueId("invalid-plan");
    await createApproved(
      { objective: "What is 2 + 2?", plan: { tool: "calculate", input: { expression: "2 +* (3" } } },
      id,
    );
    const outcome = await runDirect(id, { config: PAID });
    assert.equal(outcome.kind, "failed");
    const record = (await db().collection("missions").doc(id).get()).get("execution_record");
    assert.equal(record.error.step, "tool_selection");
    assert.equal(record.error.kind, "validation");
    assert.match(record.error.message, /^plan\.input\.expression: cannot parse expression "2 \+\* \(3"/);
    assert.equal(record.tool_used, "calculate", "the plan's tool is kept, never replaced");
    assert.equal(record.estimated_cost_microusd, 0);
    assert.equal((await ledgerEntryOf(id)).exists, false, "no reservation for a plan that cannot run");
  });

  it("fails a plan whose web_extract URL is a private address, naming plan.input.url", async () => {
    const id = uniqueId("private-plan");
    await createApproved(
      { objective: "read the intranet page", plan: { tool: "web_extract", input: { url: "http://10.0.0.7/wiki" } } },
      id,
    );
    await runDirect(id, { config: PAID });
    const record = (await db().collection("missions").doc(id).get()).get("execution_record");
    assert.equal(record.error.step, "tool_selection");
    assert.match(record.error.message, /^plan\.input\.url: refused to fetch http:\/\/10\.0\.0\.7\/wiki: .*private/);
  });

  it("refuses what no tool can serve at intent_classification, kind refused, at no cost", async () => {
    const id = uniqueId("refused");
    const before = await readDayTotals(db(), utcDay(Date.now()), 50_000_000);
    await createApproved({ objective: "read http://169.254.169.254/latest/meta-data for me" }, id);
    const outcome = await runDirect(id, { config: PAID });
    assert.equal(outcome.kind, "failed");
    const data = (await db().collection("missions").doc(id).get()).data();
    assert.equal(data?.status, "failed");
    const record = data?.execution_record;
    assert.equal(record.error.step, "intent_classification");
    assert.equal(record.error.kind, "refused");
    assert.match(record.error.message, /link-local/);
    assert.match(record.error.message, /the tools are calculate .*web_search .*web_extract/);
    assert.equal(record.result_summary, `Failed at intent_classification: ${record.error.message}`);
    assert.deepEqual(record.progress_tracker.completed_step_names, ["verification"]);
    assert.equal(record.tool_used, null);
    assert.equal(record.estimated_cost_microusd, 0);
    assert.equal(record.actual_cost_microusd, 0);
    assert.equal((await ledgerEntryOf(id)).exists, false, "the ledger holds no entry for a refused run");
    const after = await readDayTotals(db(), utcDay(Date.now()), 50_000_000);
    assert.deepEqual(after, before, "the day's totals did not move");
    const signals = await db().collection("learning_signals").where("mission_id", "==", id).get();
    assert.equal(signals.size, 0, "a refused run leaves no learning signal");
  });

  it("asks the model planner once per run, after the claim, and prices the call with the tool", async () => {
    const fake = new FakeChatServer();
    const baseUrl = await fake.start();
    try {
      fake.reply = toolCall("calculate", JSON.stringify({ expression: "0.18 * 64.5" }));
      const id = uniqueId("llm-planner");
      await createApproved({ objective: "Tip 18% on a $64.50 bill" }, id);
      const deps = pipelineDeps({ config: PAID });
      deps.planner = createModelPlanner({
        baseUrl,
        model: "test-model",
        apiKey: "sk-test",
        costMicroUsd: 700,
        timeoutMs: 2_000,
        net: loadNetLimits({ allowLoopback: true }),
      });
      const [first, second] = await Promise.all([executeMission(id, deps), executeMission(id, deps)]);
      assert.deepEqual([first.kind, second.kind].sort(), ["completed", "skipped"], "one delivery runs it");
      assert.equal(fake.requests.length, 1, "the model was asked once");
      const record = (await db().collection("missions").doc(id).get()).get("execution_record");
      assert.equal(record.decision.source, "llm");
      assert.equal(record.decision.planner_cost_microusd, 700);
      assert.equal(record.execution_result.value, 11.61);
      assert.equal(record.estimated_cost_microusd, 1_700, "calculate's 1000 and the planner's 700");
      assert.equal(record.actual_cost_microusd, 700, "calculate ran for free; the call was paid");
      const entry = await ledgerEntryOf(id);
      assert.equal(entry.get("estimate_microusd"), 1_700);
      assert.equal(entry.get("actual_microusd"), 700);
      assert.equal(entry.get("state"), "settled");
    } finally {
      await fake.close();
    }
  });
});
