import assert from "node:assert/strict";
import { Timestamp } from "firebase-admin/firestore";
import { readTotals } from "../../functions/src/analytics/aggregates";
import { loadPipelineConfig } from "../../functions/src/config";
import { sweepStaleMissions } from "../../functions/src/triggers/sweeper";
import { db, uniqueId } from "../helpers/emulator";
import { createApproved, runDirect } from "../helpers/pipeline";
import { withoutTriggers } from "../helpers/triggers";

/** Every path that ends a mission `failed` also counts it in the owner's dashboard totals. */
describe("failures outside a claimed run reach the aggregates", function () {
  this.timeout(30_000);
  withoutTriggers();

  it("counts a mission that failed verification for its owner", async () => {
    const owner = uniqueId("agg-invalid-owner");
    const id = uniqueId("agg-invalid");
    await createApproved({ owner_uid: owner, objective: "What is 1+1?", budget: -1 }, id);
    assert.equal((await runDirect(id)).kind, "failed");
    const totals = await readTotals(db(), { kind: "owner", uid: owner });
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
    const totals = await readTotals(db(), { kind: "owner", uid: owner });
    assert.equal(totals.failed, 1);
    assert.ok(totals.durationMsSum >= 700_000, `duration ${totals.durationMsSum}`);
  });
});
