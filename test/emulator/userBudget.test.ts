import assert from "node:assert/strict";
import { BudgetExceededError } from "../../functions/src/errors";
import { readDayTotals, settleOrRelease } from "../../functions/src/pipeline/budget/budgetLedger";
import { reserveRunBudget } from "../../functions/src/pipeline/budget/runBudget";
import { userDayRef } from "../../functions/src/pipeline/budget/userBudget";
import { utcDay } from "../../functions/src/shared/days";
import { db, uniqueId } from "../helpers/emulator";
import { bearer, functionUrl, idTokenFor } from "../http/helpers";

const ESTIMATE = 1_000;

/** Reserves `count` runs of one owner at once; returns each run's id and its outcome. */
async function race(uid: string, day: string, count: number, caps: { user: number; deployment: number }) {
  const runIds = Array.from({ length: count }, () => uniqueId("run"));
  const results = await Promise.allSettled(
    runIds.map((runId) =>
      reserveRunBudget(db(), {
        uid,
        day,
        runId,
        estimateMicroUsd: ESTIMATE,
        userCapMicroUsd: caps.user,
        deploymentCapMicroUsd: caps.deployment,
      }),
    ),
  );
  return runIds.map((runId, index) => ({ runId, result: results[index] }));
}

function refusals(outcomes: Awaited<ReturnType<typeof race>>): string[] {
  return outcomes.flatMap(({ result }) => {
    if (result?.status !== "rejected") return [];
    assert.ok(result.reason instanceof BudgetExceededError, `unexpected failure: ${String(result.reason)}`);
    return [result.reason.message];
  });
}

describe("per-user daily budget (emulator)", function () {
  this.timeout(120_000);

  // All racers read and write the person's one day document, and on the emulator such races
  // are decided mostly by lock timeouts (docs/users.md): 24 racers took 4-9 s alone but once
  // over 120 s in a full suite. 12 against room for 5 is the same race with less waiting.
  it("lets exactly 5 of 12 concurrent reservations of one person fit room for 5 (an administrator's override)", async () => {
    const uid = uniqueId("spender");
    const day = uniqueId("day");
    await db()
      .collection("user_budgets")
      .doc(uid)
      .set({ daily_budget_microusd: 5 * ESTIMATE });
    const outcomes = await race(uid, day, 12, { user: 1_000_000, deployment: 1_000_000_000 });
    const granted = outcomes.filter(({ result }) => result?.status === "fulfilled");
    assert.equal(granted.length, 5);
    const messages = refusals(outcomes);
    assert.equal(messages.length, 7);
    for (const message of messages) {
      assert.match(message, /^user daily cap: .* exceeds what is left of your daily budget \(\$0\.0000 of \$0\.0050\)/);
    }
    const userDay = (await userDayRef(db(), uid, day).get()).data();
    assert.deepEqual([userDay?.reserved_microusd, userDay?.spent_microusd], [5 * ESTIMATE, 0]);
    const deployment = await readDayTotals(db(), day, 1_000_000_000);
    assert.equal(deployment.reservedMicroUsd, 5 * ESTIMATE, "only the granted runs reached the deployment's ledger");

    // Every ending settles both: one run spent 600, one spent nothing.
    const [spent, idle] = granted;
    await settleOrRelease(db(), { day, runId: spent?.runId ?? "", spentMicroUsd: 600 });
    await settleOrRelease(db(), { day, runId: idle?.runId ?? "", spentMicroUsd: 0 });
    await settleOrRelease(db(), { day, runId: idle?.runId ?? "", spentMicroUsd: 0 }); // repeated: no change
    const after = (await userDayRef(db(), uid, day).get()).data();
    assert.deepEqual([after?.reserved_microusd, after?.spent_microusd], [3 * ESTIMATE, 600]);
    const totals = await readDayTotals(db(), day, 1_000_000_000);
    assert.deepEqual([totals.reservedMicroUsd, totals.spentMicroUsd], [3 * ESTIMATE, 600]);
  });

  it("books nothing on a person's day when there is no per-person cap", async () => {
    const uid = uniqueId("uncapped");
    const day = uniqueId("day");
    const outcomes = await race(uid, day, 3, { user: 0, deployment: 1_000_000 });
    assert.equal(refusals(outcomes).length, 0);
    assert.equal((await userDayRef(db(), uid, day).get()).exists, false);
    assert.equal((await readDayTotals(db(), day, 1_000_000)).reservedMicroUsd, 3 * ESTIMATE);
  });

  it("gives the person's reservation back when the deployment's day refuses, and says which cap", async () => {
    const uid = uniqueId("spender");
    const day = uniqueId("day");
    const outcomes = await race(uid, day, 6, { user: 1_000_000, deployment: 2 * ESTIMATE });
    const granted = outcomes.filter(({ result }) => result?.status === "fulfilled");
    assert.equal(granted.length, 2);
    const messages = refusals(outcomes);
    assert.equal(messages.length, 4);
    for (const message of messages) assert.match(message, /^deployment daily cap: .*today's budget/);
    const userDay = (await userDayRef(db(), uid, day).get()).data();
    assert.equal(userDay?.reserved_microusd, 2 * ESTIMATE, "refused runs hold nothing of the person's day");
    const refused = outcomes.find(({ result }) => result?.status === "rejected");
    assert.equal(
      (
        await db()
          .collection("user_budget_entries")
          .doc(refused?.runId ?? "")
          .get()
      ).exists,
      false,
    );
  });

  it("answers GET /api/me/budget with the caller's own day only", async () => {
    const uid = uniqueId("reader");
    const day = utcDay(Date.now());
    await userDayRef(db(), uid, day).set({ reserved_microusd: 2_000, spent_microusd: 3_000 });
    await db().collection("user_budgets").doc(uid).set({ daily_budget_microusd: 10_000 });
    const response = await fetch(functionUrl("/me/budget"), { headers: bearer(await idTokenFor(uid)) });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      uid,
      day,
      cap_microusd: 10_000,
      cap_source: "user_budgets override",
      reserved_microusd: 2_000,
      spent_microusd: 3_000,
      left_microusd: 5_000,
    });
    const other = await fetch(functionUrl("/me/budget"), { headers: bearer(await idTokenFor(uniqueId("other"))) });
    const body = (await other.json()) as { spent_microusd: number; cap_microusd: number | null; cap_source: string };
    // functions/.env.local: USER_DAILY_BUDGET_MICROUSD=0, no per-person cap without an override.
    assert.deepEqual([body.spent_microusd, body.cap_microusd, body.cap_source], [0, null, "none"]);
    assert.equal((await fetch(functionUrl("/me/budget"))).status, 401);
  });
});
