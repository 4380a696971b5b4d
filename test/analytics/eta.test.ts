import assert from "node:assert/strict";
import { createServer, type Server } from "node:net";
import type { AddressInfo } from "node:net";
import { Firestore } from "firebase-admin/firestore";
import { EtaHistoryCache, loadEtaEstimator, predictTool } from "../../functions/src/analytics/eta";
import { etaHistoryQuery, historyRunOf, profileFor } from "../../functions/src/analytics/etaHistory";
import type { EtaEstimate, EtaEstimator } from "../../functions/src/progress/eta";
import { executeMission } from "../../functions/src/pipeline/run/executeMission";
import { db, uniqueId } from "../helpers/emulator";
import { createApproved, pipelineDeps } from "../helpers/pipeline";
import { withoutTriggers } from "../helpers/triggers";
import { historyRunFrom, EVEN, EXTRACT_MISSION } from "../unit/etaTimeline";
import { missingIndex } from "./indexCheck";

const EXTRACT = EXTRACT_MISSION;

/** The estimate at a run's claim (verification started, nothing else known). */
function atClaim(eta: EtaEstimator): EtaEstimate {
  const value = eta({ elapsedMs: 0, percent: 5, currentStep: "verification", completedSteps: [], stepElapsedMs: 0 });
  assert.ok(value !== null && typeof value === "object", "a full estimate");
  return value;
}

/** A completed extraction mission's document, shaped like the pipeline's final write. */
function completedMission(pageMs: readonly number[], startedAt: Date) {
  const run = historyRunFrom({ pageMs });
  return {
    owner_uid: "eta-history",
    objective: EXTRACT.objective,
    status: "completed",
    execution_record: {
      started_at: startedAt,
      tool_used: "web_extract",
      progress_tracker: {
        completed_steps: Object.entries(run.stepMs).map(([step_name, duration_ms]) => ({ step_name, duration_ms })),
        items_target: run.target,
        total_items_collected: run.items,
        pages_visited: run.pages,
        page_marks_ms: run.pageMarksMs,
      },
    },
  };
}

describe("ETA history (the last completed runs, per tool and size)", () => {
  it("its one query is bounded, projected, and served by a declared composite index", () => {
    const query = etaHistoryQuery();
    assert.ok(query.limit <= 50 && (query.select?.length ?? 0) > 0);
    assert.equal(missingIndex(query), null);
  });

  it("skips rows of another shape and runs resumed by a later attempt", () => {
    assert.equal(historyRunOf({ execution_record: { tool_used: "web_extract" } }), null);
    const row = completedMission(EVEN, new Date());
    assert.ok(historyRunOf(row));
    const resumed = structuredClone(row);
    resumed.execution_record.progress_tracker.completed_steps.push({
      step_name: "finalize",
      duration_ms: 5,
      attempt: 2,
    } as never);
    assert.equal(historyRunOf(resumed), null);
  });

  it("profiles by tool and prefers runs at the same target; a calculation does not borrow a crawl's time", () => {
    const runs = [historyRunFrom({ pageMs: EVEN }), { ...historyRunFrom({ pageMs: EVEN.slice(0, 5), target: 50 }) }];
    assert.equal(profileFor(runs, "web_extract", 100)?.pages, 10);
    assert.equal(profileFor(runs, "web_extract", 50)?.pages, 5);
    assert.equal(profileFor(runs, "calculate", null), null);
    assert.equal(predictTool({ objective: "What is 15% of 2340?" }), "calculate");
    assert.equal(predictTool(EXTRACT), "web_extract");
  });

  it("reads the emulator's completed runs: the claim-time estimate is the history's length", async function () {
    this.timeout(30_000);
    const firestore = db();
    const base = Date.now() + 365 * 24 * 3600 * 1000; // newer than any other test's missions
    await Promise.all(
      [0, 1, 2].map((index) =>
        firestore
          .collection("missions")
          .doc(uniqueId("eta-history"))
          .set(completedMission(EVEN, new Date(base + index))),
      ),
    );
    const cache = new EtaHistoryCache();
    const estimate = atClaim(await loadEtaEstimator(firestore, EXTRACT, { cache }));
    // 4 quick steps, 10 pages of 800 ms, two quick writes: about 8.2 s.
    assert.ok(Math.abs(estimate.seconds - 8.2) < 0.5, `estimated ${estimate.seconds} s`);
    assert.ok(estimate.historyRuns >= 3);
    assert.equal(estimate.confidence, "high");
    const next = atClaim(cache.claimEstimator(EXTRACT)).seconds;
    assert.ok(Math.abs(next - estimate.seconds) < 0.5, "the next claim reuses it");
  });

  it("never throws and never waits long: an unreachable or silent database gives the default model", async () => {
    const silent: Server = createServer(() => undefined); // accepts, never answers
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      for (const host of ["127.0.0.1:1", `127.0.0.1:${port}`]) {
        const unreachable = new Firestore({ projectId: "demo-eta", host, ssl: false });
        const started = Date.now();
        const eta = await loadEtaEstimator(unreachable, EXTRACT, { timeoutMs: 300 });
        assert.ok(Date.now() - started < 3000, `gave up on ${host} after its timeout`);
        const estimate = atClaim(eta);
        assert.equal(estimate.confidence, "low");
        assert.equal(estimate.historyRuns, 0);
        await unreachable.terminate();
      }
      assert.equal(atClaim(new EtaHistoryCache().claimEstimator(EXTRACT)).historyRuns, 0);
    } finally {
      silent.close();
    }
  });
});

describe("ETA at the claim (the pipeline called directly)", () => {
  // The mission is created as `approved`, which fires the trigger: it must not win the claim.
  withoutTriggers();

  it("the claim's own snapshot prices the mission the claim read: a crawl on a cold instance is a crawl", async function () {
    this.timeout(30_000);
    const id = uniqueId("eta-claim");
    const ref = await createApproved(EXTRACT, id);
    let atClaimSeconds: unknown = null;
    const deps = pipelineDeps({
      hooks: {
        beforeStep: async (step) => {
          if (step !== "intent_classification") return;
          // The sink writes a second after the claim at the earliest: this is the claim's snapshot.
          atClaimSeconds = (await ref.get()).get("execution_record.progress_tracker.eta_seconds");
          throw new Error("stopped by the test after the claim");
        },
      },
    });
    deps.claimEta = (mission) => new EtaHistoryCache().claimEstimator(mission);
    await executeMission(id, deps);
    // Ten pages of the default model, not the 3 s of a run whose tool is unknown.
    assert.ok(typeof atClaimSeconds === "number" && atClaimSeconds >= 8, `the claim said ${String(atClaimSeconds)} s`);
  });
});
