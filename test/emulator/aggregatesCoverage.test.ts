import assert from "node:assert/strict";
import { Timestamp } from "firebase-admin/firestore";
import { readTotals } from "../../functions/src/analytics/aggregates";
import { loadPipelineConfig } from "../../functions/src/config";
import { sweepStaleMissions } from "../../functions/src/triggers/sweeper";
import { db, uniqueId, waitFor, waitForTerminal } from "../helpers/emulator";
import { createApproved } from "../helpers/pipeline";

/**
 * Every path that ends a mission `failed` also counts it in the owner's dashboard totals: the
 * count comes from the ending write's own trigger event (triggers/missionFinished.ts), so
 * these run with the emulator's triggers on.
 */
describe("failures outside a claimed run reach the aggregates", function () {
  this.timeout(30_000);

  async function ownerTotals(owner: string, what: string) {
    return waitFor(`the aggregates of ${owner} to count ${what}`, async () => {
      const totals = await readTotals(db(), { kind: "owner", uid: owner });
      return totals.finished >= 1 ? totals : undefined;
    });
  }

  it("counts a mission that failed verification for its owner", async () => {
    const owner = uniqueId("agg-invalid-owner");
    const ref = await createApproved(
      { owner_uid: owner, objective: "What is 1+1?", budget: -1 },
      uniqueId("agg-invalid"),
    );
    assert.equal((await waitForTerminal(ref)).status, "failed");
    const totals = await ownerTotals(owner, ref.id);
    assert.equal(totals.failed, 1);
    assert.equal(totals.failedAt.verification, 1);
  });

  it("counts a mission the sweeper failed after its last attempt, at the step it was in", async () => {
    const owner = uniqueId("agg-swept-owner");
    const ref = db().collection("missions").doc(uniqueId("agg-swept"));
    await ref.set({
      owner_uid: owner,
      objective: "What is 9 * 9?",
      status: "executing",
      execution_record: {
        execution_id: uniqueId("dead-worker"),
        attempt: 2,
        started_at: Timestamp.fromMillis(Date.now() - 700_000),
        lease_expires_at: Timestamp.fromMillis(Date.now() - 60_000),
      },
    });
    const result = await sweepStaleMissions({ db: db(), config: loadPipelineConfig({ maxAttempts: 2 }) });
    assert.ok(result.failed.includes(ref.id));
    const totals = await ownerTotals(owner, ref.id);
    assert.equal(totals.failed, 1);
    assert.ok(totals.durationMsSum >= 700_000, `duration ${totals.durationMsSum}`);
  });
});
