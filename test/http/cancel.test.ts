import assert from "node:assert/strict";
import { Timestamp } from "firebase-admin/firestore";
import { createDraft, db, uniqueId, waitForTerminal } from "../helpers/emulator";
import { bearer, functionUrl, idTokenFor } from "./helpers";
import { startSlowShop } from "./slowShop";

async function cancel(missionId: string, token: string, method = "POST") {
  const response = await fetch(functionUrl(`/missions/${missionId}/cancel`), { method, headers: bearer(token) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe("POST /api/missions/{id}/cancel (emulator)", function () {
  this.timeout(60_000);

  it("cancels a draft at once, stops a running mission, and says a finished one is left as it is", async () => {
    const owner = uniqueId("cancel-owner");
    const token = await idTokenFor(owner);

    const draft = await createDraft({ owner_uid: owner, objective: "What is 1 + 1?" });
    assert.deepEqual(await cancel(draft.id, token), {
      status: 200,
      body: { mission_id: draft.id, status: "cancelled" },
    });
    assert.equal((await draft.get()).get("status"), "cancelled");

    const shop = await startSlowShop(400);
    try {
      const running = await createDraft({
        owner_uid: owner,
        objective: `extract the products from ${shop.url}`,
        plan: { tool: "web_extract", input: { url: shop.url } },
      });
      await running.update({ status: "approved" });
      const asked = await cancel(running.id, token);
      assert.deepEqual(asked, { status: 202, body: { mission_id: running.id, status: "cancel_requested" } });
      const ended = await waitForTerminal(running, 30_000);
      assert.equal(ended.status, "cancelled");
      const again = await cancel(running.id, token);
      assert.equal(again.status, 409);
      const error = again.body.error as { code: string; message: string };
      assert.equal(error.code, "already_finished");
      assert.match(error.message, /already ended cancelled; cancelling changes nothing/);
    } finally {
      await shop.close();
    }
  });

  it("cancels a queued mission through the trigger: it ends cancelled and its owner is told", async () => {
    const owner = uniqueId("queue-owner");
    const token = await idTokenFor(owner);
    const waiting = await createDraft({ owner_uid: owner, objective: "What is 3 + 3?" });
    // As the claim leaves a mission whose owner has no free slot (queue/userSlots.ts).
    await waiting.update({
      status: "queued",
      execution_record: { queue: { place: 1, queued_at: Timestamp.now() } },
      updated_at: Timestamp.now(),
    });
    assert.deepEqual(await cancel(waiting.id, token), {
      status: 202,
      body: { mission_id: waiting.id, status: "cancel_requested" },
    });
    const ended = await waitForTerminal(waiting, 30_000);
    assert.equal(ended.status, "cancelled");
    assert.match(String(ended.execution_record.result_summary), /cancelled before it started/);
    const runId = String(ended.execution_record.run_id);
    const inbox = await db().collection("users").doc(owner).collection("inbox").doc(runId).get();
    assert.equal(inbox.get("status"), "cancelled");
  });

  it("hides another user's mission, refuses other methods and unsigned requests", async () => {
    const mine = await createDraft({ owner_uid: uniqueId("someone"), objective: "What is 2 + 2?" });
    const stranger = await idTokenFor(uniqueId("stranger"));
    assert.equal((await cancel(mine.id, stranger)).status, 404);
    assert.equal((await cancel(mine.id, stranger, "GET")).status, 405);
    const unsigned = await fetch(functionUrl(`/missions/${mine.id}/cancel`), { method: "POST" });
    assert.equal(unsigned.status, 401);
    assert.equal((await mine.get()).get("status"), "draft");
  });
});
