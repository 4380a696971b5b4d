import assert from "node:assert/strict";
import { readAggregates, readTotals } from "../../functions/src/analytics/aggregates";
import { recordMissionFinished } from "../../functions/src/analytics/aggregateWrites";
import { QueryLog } from "../../functions/src/analytics/queryLog";
import { OWNER_SHARDS, shardCount, shardOf } from "../../functions/src/analytics/shards";
import { createDraft, db, uniqueId, waitFor, waitForTerminal } from "../helpers/emulator";
import { finishedFacts, STEP_MS } from "./seed";

describe("incremental analytics aggregates (emulator)", function () {
  this.timeout(60_000);

  it("records a run once per execution id, even when called twice at the same time", async () => {
    const owner = uniqueId("agg-owner");
    const facts = finishedFacts(uniqueId("agg-once"), owner);
    const results = await Promise.all([recordMissionFinished(db(), facts), recordMissionFinished(db(), facts)]);
    assert.deepEqual([...results].sort(), [false, true]);
    assert.equal(await recordMissionFinished(db(), facts), false, "a later repeat changes nothing");
    const totals = await readTotals(db(), { kind: "owner", uid: owner });
    assert.equal(totals.finished, 1);
    assert.equal(totals.completed, 1);
    assert.equal(totals.steps.finalize.completed, 1);
  });

  it("adds runs up across shards: outcomes, durations per step, tools, cost, failures by step, today", async () => {
    const owner = uniqueId("agg-sum");
    const now = Date.now();
    const yesterday = now - 24 * 3600_000;
    const runs = [
      ...Array.from({ length: 7 }, (_, i) =>
        finishedFacts(uniqueId(`ok${i}`), owner, { tool: "calculate", costMicroUsd: 0 }),
      ),
      ...Array.from({ length: 3 }, (_, i) =>
        finishedFacts(uniqueId(`web${i}`), owner, { tool: "web_extract", costMicroUsd: 2000 }),
      ),
      ...Array.from({ length: 2 }, (_, i) =>
        finishedFacts(uniqueId(`bad${i}`), owner, { outcome: "failed", tool: "web_search" }),
      ),
      finishedFacts(uniqueId("old"), owner, { finishedAtMs: yesterday }),
    ];
    const shards = new Set(runs.map((run) => shardOf(run.runId, OWNER_SHARDS)));
    assert.ok(shards.size > 1, "the runs spread over several shards");
    await Promise.all(runs.map((run) => recordMissionFinished(db(), run)));

    const log = new QueryLog();
    const { totals, today } = await readAggregates(db(), { kind: "owner", uid: owner }, now, log);
    assert.equal(totals.finished, 13);
    assert.equal(totals.completed, 11);
    assert.equal(totals.failed, 2);
    assert.deepEqual(totals.tools, { calculate: 8, web_extract: 3, web_search: 2 });
    assert.equal(totals.costMicroUsdSum, 3 * 2000 + 2000);
    assert.equal(totals.steps.verification.completed, 13);
    assert.equal(totals.steps.tool_execution.completed, 11);
    assert.equal(totals.steps.tool_execution.durationMsSum, 11 * STEP_MS);
    assert.equal(totals.failedAt.tool_execution, 2);
    assert.equal(totals.durationMsSum, 13 * 7 * STEP_MS);
    assert.equal(today.finished, 12, "yesterday's run is not today's");
    assert.equal(today.failed, 2);
    assert.ok(
      log.billedReads <= 2 * OWNER_SHARDS,
      `${log.billedReads} reads: at most the scope's shards, however many runs`,
    );
  });

  it("keeps owners apart, and the all-missions scope holds everyone's runs", async () => {
    const alice = uniqueId("alice");
    const bob = uniqueId("bob");
    const before = await readTotals(db(), { kind: "all" });
    await recordMissionFinished(db(), finishedFacts(uniqueId("a"), alice));
    await recordMissionFinished(db(), finishedFacts(uniqueId("b"), bob, { outcome: "failed" }));
    await recordMissionFinished(db(), finishedFacts(uniqueId("nobody"), null));
    const aliceTotals = await readTotals(db(), { kind: "owner", uid: alice });
    const bobTotals = await readTotals(db(), { kind: "owner", uid: bob });
    assert.deepEqual([aliceTotals.completed, aliceTotals.failed], [1, 0]);
    assert.deepEqual([bobTotals.completed, bobTotals.failed], [0, 1]);
    const after = await readTotals(db(), { kind: "all" });
    // Other tests may finish missions meanwhile: at least these three were added.
    assert.ok(after.finished - before.finished >= 3, `${before.finished} → ${after.finished}`);
  });

  it("a mission finished by the pipeline (through the trigger) lands in its owner's aggregates", async () => {
    const owner = uniqueId("agg-pipe");
    const ref = await createDraft({ owner_uid: owner, objective: "What is 15% of 2,340?" });
    await ref.update({ status: "approved", approved_at: new Date() });
    const data = await waitForTerminal(ref);
    assert.equal(data.status, "completed");
    const totals = await waitFor(`the aggregates of ${owner} to count ${ref.id}`, async () => {
      const current = await readTotals(db(), { kind: "owner", uid: owner });
      return current.finished === 1 ? current : undefined;
    });
    assert.equal(totals.completed, 1);
    assert.equal(totals.tools.calculate, 1);
    assert.equal(totals.durationMsSum, data.execution_record.duration_ms);
    for (const step of Object.values(totals.steps)) assert.equal(step.completed, 1);
    const marker = await db().collection("analytics_recorded").doc(data.execution_record.run_id).get();
    assert.equal(marker.get("mission_id"), ref.id);
  });

  it("counts each of 600 runs exactly once under concurrent repeats, spread over the all scope's many shards", async function () {
    // The repeats of a run deadlock on its marker's lock, which the emulator breaks only by a
    // lock timeout (firebase/firebase-tools#2452): ~2,200 of them, 34 s in a full suite here.
    this.timeout(180_000);
    // A day of its own (in 1991, picked per test run), so the all scope's daily shards hold only these runs.
    const dayMs = Date.UTC(1991, 0, 1) + Math.floor(Math.random() * 365) * 86_400_000 + 12 * 3600_000;
    const runs = Array.from({ length: 600 }, (_, i) =>
      finishedFacts(uniqueId(`many${i}`), null, { finishedAtMs: dayMs, outcome: i % 5 === 0 ? "failed" : "completed" }),
    );
    const shards = shardCount({ kind: "all" });
    assert.ok(shards >= 100, `the all scope has ${shards} shards, sized for 100 finished missions/s`);
    const used = new Set(runs.map((run) => shardOf(run.runId, shards)));
    assert.ok(used.size > 100, `600 runs spread over ${used.size} shards`);

    // Every run recorded three times at once, all 1800 recordings in flight together.
    const results = await Promise.all(runs.flatMap((run) => [0, 1, 2].map(() => recordMissionFinished(db(), run))));
    assert.equal(results.filter(Boolean).length, 600, "one recording per run counted");

    const log = new QueryLog();
    const { today } = await readAggregates(db(), { kind: "all" }, dayMs, log);
    assert.equal(today.finished, 600);
    assert.equal(today.failed, 120);
    assert.equal(today.completed, 480);
    assert.equal(today.byHour[12], 600);
    assert.ok(log.billedReads <= 2 * shards, `${log.billedReads} reads > 2 × ${shards} shards`);
  });
});
