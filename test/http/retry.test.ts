import assert from "node:assert/strict";
import { CATALOG_PAGES, CATALOG_PRODUCTS } from "../../scripts/demo/catalogSite";
import { LEASE_MS, loadPipelineConfig } from "../../functions/src/config";
import type { ExecutionStep } from "../../functions/src/progress/schema";
import { utcDay } from "../../functions/src/shared/days";
import { sweepStaleMissions } from "../../functions/src/triggers/sweeper";
import { countingShop } from "../helpers/countingShop";
import { db, uniqueId, waitFor } from "../helpers/emulator";
import { setTriggers } from "../helpers/triggers";
import { killWorker, startWorker } from "../helpers/worker";
import { bearer, functionUrl, idTokenFor } from "./helpers";

/**
 * `POST /api/missions/{id}/retry` on a mission whose worker was killed (SIGKILL) in the middle
 * of an extraction and which then failed (no attempts left): the retried run resumes from the
 * stored checkpoint, fetches no stored page again, and is charged once.
 */
describe("POST /api/missions/{id}/retry (emulator, a killed worker)", function () {
  this.timeout(180_000);

  it("resumes a mission killed at tool_execution without repeating a stored page or a charge", async () => {
    const shop = await countingShop(600);
    const owner = uniqueId("retry-owner");
    try {
      await setTriggers(false);
      const ref = db().collection("missions").doc(uniqueId("retry-killed"));
      const url = `${shop.server.url}/slow`;
      await ref.set({
        owner_uid: owner,
        objective: `extract the products from ${url}`,
        status: "approved",
        created_at: new Date(),
        plan: { tool: "web_extract", input: { url } },
      });
      const worker = startWorker(ref.id, "never");
      const runId = await waitFor("the worker's claim", async () => {
        return (await ref.get()).get("execution_record.run_id") as string | undefined;
      });
      await waitFor("a stored extraction cursor with two pages", async () => {
        const stored = (await db().collection("run_outputs").doc(runId).get()).get("tool_cursor") as
          { pages: string[] } | undefined;
        return stored && stored.pages.length >= 2 ? stored : undefined;
      });
      await killWorker(worker.child);
      const stored = (await db().collection("run_outputs").doc(runId).get()).get("tool_cursor") as { pages: string[] };
      // The lease runs out with no attempts left: the sweeper fails the mission.
      const swept = await sweepStaleMissions({
        db: db(),
        config: { ...loadPipelineConfig(), maxAttempts: 1 },
        now: () => Date.now() + LEASE_MS + 1_000,
      });
      assert.ok(swept.failed.includes(ref.id), `swept: ${JSON.stringify(swept)}`);
      const failed = (await ref.get()).data();
      assert.equal(failed?.status, "failed");
      assert.equal(failed?.execution_record.error.kind, "lease_expired");
      const entry = db().collection("budget_ledger").doc(utcDay(Date.now())).collection("entries").doc(runId);
      // A tool cut off mid-run may have made its paid calls: the failure settled its price.
      const atFailure = (await entry.get()).data();
      assert.equal(atFailure?.state, "settled");
      assert.equal(atFailure?.actual_microusd, loadPipelineConfig().toolCostMicroUsd.web_extract);
      await setTriggers(true);

      const token = await idTokenFor(owner);
      const stranger = await idTokenFor(uniqueId("retry-stranger"));
      const hidden = await fetch(functionUrl(`/missions/${ref.id}/retry`), {
        method: "POST",
        headers: bearer(stranger),
      });
      assert.equal(hidden.status, 404);
      const response = await fetch(functionUrl(`/missions/${ref.id}/retry?wait=60`), {
        method: "POST",
        headers: bearer(token),
      });
      const result = (await response.json()) as Record<string, unknown>;
      assert.equal(response.status, 200, JSON.stringify(result));
      assert.equal(result.status, "completed", JSON.stringify(result.error));
      assert.equal(result.success, true);
      assert.equal(result.attempt, 2);
      const executed = result.execution_result as { items_collected: number; pages_visited: number };
      assert.equal(executed.items_collected, CATALOG_PRODUCTS);
      assert.equal(executed.pages_visited, CATALOG_PAGES);
      const steps = (result.progress_tracker as { completed_steps: ExecutionStep[] }).completed_steps;
      // The steps the killed attempt completed are kept (attempt 1); the rest ran on the retry.
      assert.equal(steps.find((step) => step.step_name === "budget_check")?.attempt, 1);
      assert.equal(steps.find((step) => step.step_name === "tool_execution")?.attempt, 2);
      for (const page of stored.pages) {
        const path = new URL(page).pathname + new URL(page).search;
        assert.equal(shop.hits.get(path), 1, `page ${path} fetched ${shop.hits.get(path)} times`);
      }
      // One run, one ledger entry, settled once: the retry charged nothing more.
      const settled = await entry.get();
      assert.equal(settled.get("state"), "settled");
      assert.equal(settled.get("actual_microusd"), atFailure?.actual_microusd);
      assert.equal(result.actual_cost_microusd, loadPipelineConfig().toolCostMicroUsd.web_extract);
      const again = await fetch(functionUrl(`/missions/${ref.id}/retry`), { method: "POST", headers: bearer(token) });
      assert.equal(again.status, 409);
    } finally {
      await setTriggers(true);
      await shop.server.close();
    }
  });
});
