import assert from "node:assert/strict";
import { Timestamp, type WriteBatch } from "firebase-admin/firestore";
import { OWNER_SHARDS } from "../../functions/src/analytics/shards";
import { recordMissionFinished } from "../../functions/src/analytics/aggregateWrites";
import { LIVE_AGENTS_LIMIT, TASK_PIPELINE_LIMIT, type Scope } from "../../functions/src/analytics/queries";
import { QueryLog } from "../../functions/src/analytics/queryLog";
import { loadAnalytics } from "../../functions/src/analytics/report";
import { analyticsResponseSchema } from "../../functions/src/analytics/schema";
import { db, uniqueId } from "../helpers/emulator";
import { missingIndex } from "./indexCheck";
import { executingMission, finishedFacts, finishedMission, writeInBatches } from "./seed";

/** Runs 1 and 5 of an owner's finished missions failed; the rest completed. */
const outcomeOf = (i: number) => (i % 4 === 1 ? "failed" : "completed");

/** Seeds one owner's missions: one executing, `finished` finished ones (with aggregates), a draft. */
async function seedOwner(owner: string, finished: number): Promise<{ executing: string; lastFinished: string[] }> {
  const executing = uniqueId("rep-exec");
  const base = Date.now() - 60_000;
  const ids = Array.from({ length: finished }, (_, i) => `${owner}-done-${String(i).padStart(4, "0")}`);
  await writeInBatches(db(), [
    (batch) =>
      batch.set(
        db().collection("missions").doc(executing),
        executingMission(executing, owner, { step: "tool_selection" }),
      ),
    (batch) =>
      batch.set(db().collection("missions").doc(uniqueId("rep-draft")), {
        owner_uid: owner,
        objective: "later",
        status: "draft",
      }),
    ...ids.map(
      (id, i) => (batch: WriteBatch) =>
        batch.set(
          db().collection("missions").doc(id),
          finishedMission(id, owner, { finishedAtMs: base + i * 10, outcome: outcomeOf(i) }),
        ),
    ),
  ]);
  await Promise.all(
    ids.map((id, i) =>
      recordMissionFinished(db(), finishedFacts(id, owner, { finishedAtMs: base + i * 10, outcome: outcomeOf(i) })),
    ),
  );
  return { executing, lastFinished: ids.slice(-TASK_PIPELINE_LIMIT).reverse() };
}

describe("analytics report (emulator)", function () {
  this.timeout(60_000);

  it("builds live agents, the last 5 missions and the figures of one owner's missions", async () => {
    const owner = uniqueId("rep-owner");
    const { executing, lastFinished } = await seedOwner(owner, 8);
    const scope: Scope = { kind: "owner", uid: owner };
    const report = await loadAnalytics(db(), scope);
    analyticsResponseSchema.parse(report);

    assert.equal(report.scope, "own");
    assert.equal(report.live_agents.length, 1);
    const agent = report.live_agents[0];
    assert.ok(agent);
    assert.equal(agent.id, executing);
    assert.equal(agent.label, "Execution: 45% | Selecting tool");
    assert.equal(agent.current_step, "tool_selection");
    assert.ok(agent.elapsed_seconds >= 2.5, `elapsed ${agent.elapsed_seconds}`);

    assert.deepEqual(
      report.task_pipeline.map((entry) => entry.id),
      // The executing mission was updated 3 s ago; the finished ones a minute ago.
      [executing, ...lastFinished.slice(0, 4)],
    );
    const [inProgress, latest, , failed] = report.task_pipeline;
    assert.equal(inProgress?.status_label, "In Progress");
    assert.equal(inProgress?.completion_percent, 45);
    assert.equal(latest?.status_label, "Complete");
    assert.equal(latest?.completion_percent, 100);
    assert.deepEqual(latest?.artifact, {
      reference: `artifacts/art-${latest?.id}`,
      url: `/api/artifacts/art-${latest?.id}`,
    });
    assert.equal(failed?.status_label, "Failed");
    assert.equal(failed?.artifact, null);

    assert.deepEqual(report.counts_by_status, {
      draft: 1,
      approved: 0,
      queued: 0,
      executing: 1,
      completed: 6,
      failed: 2,
      cancelled: 0,
    });
    assert.deepEqual(report.counts_capped, []);
    assert.equal(report.success_rate, 0.75);
    assert.equal(report.tool_usage.calculate, 8);
    assert.equal(report.duration.per_step.finalize.samples, 6);
    assert.equal(report.duration.per_step.verification.samples, 8);
    assert.equal(report.failures_by_step.tool_execution, 2);
    assert.equal(report.cost.total_microusd, 6 * 2000);
    assert.equal(report.cost.average_microusd, (6 * 2000) / 8);
    assert.equal(report.missions_today.finished, 8);
    // Every step took STEP_MS (20 ms): its p90 is the 20 ms bucket's bound.
    assert.equal(report.duration.per_step.verification.p90_ms, 20);
    assert.equal(report.duration.per_step.finalize.p90_ms, 20);
    // All 8 finished within the last minute: in this UTC hour, or (across the hour) the one before.
    const byHour = report.missions_today.finished_by_hour;
    assert.equal(byHour.length, 24);
    assert.equal(
      byHour.reduce((sum, n) => sum + n, 0),
      8,
    );
    const hour = new Date().getUTCHours();
    assert.ok(
      byHour.every((n, h) => n === 0 || h === hour || h === (hour + 23) % 24),
      `by hour: ${byHour.join(",")}`,
    );
  });

  it("issues only indexed, bounded queries, and its reads do not grow with the missions", async () => {
    const owner = uniqueId("rep-reads");
    await seedOwner(owner, 6);
    const scope: Scope = { kind: "owner", uid: owner };
    const before = new QueryLog();
    await loadAnalytics(db(), scope, { log: before });

    for (const entry of before.entries) {
      if (entry.descriptor) assert.equal(missingIndex(entry.descriptor), null);
    }
    assert.deepEqual(before.entries.map((entry) => entry.name).sort(), [
      "aggregates",
      "count_approved",
      "count_cancelled",
      "count_draft",
      "count_executing",
      "live_agents",
      "task_pipeline",
    ]);
    const bound = LIVE_AGENTS_LIMIT + TASK_PIPELINE_LIMIT + 4 + 2 * OWNER_SHARDS;
    assert.ok(before.billedReads <= bound, `${before.billedReads} reads > bound ${bound}`);

    // Sixty more finished missions: same queries, same reads.
    const more = Array.from({ length: 60 }, (_, i) => `${owner}-more-${i}`);
    await writeInBatches(
      db(),
      more.map(
        (id, i) => (batch) =>
          batch.set(
            db().collection("missions").doc(id),
            finishedMission(id, owner, { finishedAtMs: Date.now() - 120_000 + i }),
          ),
      ),
    );
    await Promise.all(more.map((id) => recordMissionFinished(db(), finishedFacts(id, owner))));
    const after = new QueryLog();
    const report = await loadAnalytics(db(), scope, { log: after });
    assert.equal(report.counts_by_status.completed, 4 + 60, "4 of the first 6 completed, then 60");
    assert.equal(after.billedReads, before.billedReads);
  });

  it("an admin's report covers every owner's missions", async () => {
    const owner = uniqueId("rep-admin-view");
    const id = uniqueId("rep-other");
    await db()
      .collection("missions")
      .doc(id)
      .set({
        ...executingMission(id, owner, { step: "budget_check" }),
        // the newest start, so it heads the admin's live agents whatever else runs
        execution_record: {
          ...(executingMission(id, owner, { step: "budget_check" }).execution_record as object),
          started_at: Timestamp.fromMillis(Date.now() + 60_000),
        },
      });
    const report = await loadAnalytics(db(), { kind: "all" });
    assert.equal(report.scope, "all");
    const agent = report.live_agents.find((candidate) => candidate.id === id);
    assert.ok(agent, "the admin sees another owner's executing mission");
    assert.equal(agent.label, "Execution: 35% | Checking budget");
    const ownReport = await loadAnalytics(db(), { kind: "owner", uid: uniqueId("stranger") });
    assert.equal(ownReport.live_agents.length, 0);
    assert.equal(ownReport.task_pipeline.length, 0);
  });
});
