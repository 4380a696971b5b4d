import assert from "node:assert/strict";
import { createDraft, db, uniqueId, waitForTerminal } from "../helpers/emulator";
import { bearer, functionUrl, hostingUrl, idTokenFor } from "./helpers";
import { startSlowShop } from "./slowShop";

type Json = Record<string, unknown>;

async function call(url: string, init: RequestInit & { token?: string } = {}) {
  const headers: Record<string, string> = { ...(init.token ? bearer(init.token) : {}) };
  if (init.body) headers["Content-Type"] = "application/json";
  const response = await fetch(url, { ...init, headers: { ...headers, ...(init.headers as Record<string, string>) } });
  return { status: response.status, headers: response.headers, body: (await response.json()) as Json };
}

const errorOf = (body: Json) => body.error as { code: string; message: string };

describe("REST missions API (emulator)", function () {
  this.timeout(90_000);

  it("creates, reads and lists missions for their owner and admins only; refuses bad bodies naming the field", async () => {
    const owner = uniqueId("rest-owner");
    const [token, stranger, admin] = await Promise.all([
      idTokenFor(owner),
      idTokenFor(uniqueId("rest-stranger")),
      idTokenFor(uniqueId("rest-admin"), { admin: true }),
    ]);
    const created = await call(hostingUrl("/api/missions"), {
      method: "POST",
      token,
      body: JSON.stringify({ objective: "What is 6 * 7?", budget: 1 }),
    });
    assert.equal(created.status, 201);
    assert.equal(created.body.status, "draft");
    assert.equal(created.body.owner_uid, owner);
    const id = String(created.body.mission_id);

    assert.equal((await call(functionUrl(`/missions/${id}`), { token })).body.objective, "What is 6 * 7?");
    assert.equal((await call(functionUrl(`/missions/${id}`), { token: admin })).status, 200);
    assert.equal((await call(functionUrl(`/missions/${id}`), { token: stranger })).status, 404);
    assert.equal((await call(functionUrl(`/missions/${id}`))).status, 401);
    assert.equal((await call(functionUrl(`/missions/${id}/approve`), { method: "POST", token: stranger })).status, 404);

    const bad = await call(functionUrl("/missions"), {
      method: "POST",
      token,
      body: JSON.stringify({ objective: "" }),
    });
    assert.equal(bad.status, 400);
    assert.match(errorOf(bad.body).message, /objective/);
    const extra = await call(functionUrl("/missions"), {
      method: "POST",
      token,
      body: JSON.stringify({ objective: "x", status: "completed" }),
    });
    assert.equal(extra.status, 400);
    assert.match(errorOf(extra.body).message, /status/);
    const badWait = await call(functionUrl(`/missions/${id}/approve?wait=600`), { method: "POST", token });
    assert.equal(badWait.status, 400);
    assert.match(errorOf(badWait.body).message, /wait/);

    // Listing: the caller's own, newest first, paged; an admin may name the owner; others may not.
    await call(functionUrl("/missions"), {
      method: "POST",
      token,
      body: JSON.stringify({ objective: "What is 1 + 1?" }),
    });
    const first = await call(functionUrl("/missions?limit=1"), { token });
    assert.equal(first.status, 200);
    const firstPage = first.body.missions as Json[];
    assert.equal(firstPage.length, 1);
    assert.equal(firstPage[0]?.objective, "What is 1 + 1?");
    assert.equal(typeof first.body.next_cursor, "string");
    const second = await call(functionUrl(`/missions?limit=1&cursor=${String(first.body.next_cursor)}`), { token });
    assert.deepEqual(
      (second.body.missions as Json[]).map((m) => m.mission_id),
      [id],
    );
    const drafts = await call(functionUrl(`/missions?status=draft&owner=${owner}`), { token: admin });
    assert.equal((drafts.body.missions as Json[]).length, 2);
    assert.equal((await call(functionUrl(`/missions?owner=${owner}`), { token: stranger })).status, 403);
    const badStatus = await call(functionUrl("/missions?status=done"), { token });
    assert.equal(badStatus.status, 400);
    assert.match(errorOf(badStatus.body).message, /status/);
    // The older past-step listing is still answered when its parameter is present.
    const past = await call(functionUrl("/missions?past_step=verification"), { token });
    assert.equal(past.body.past_step, "verification");
  });

  it("two concurrent POSTs with one Idempotency-Key make one mission; another body with that key is refused", async () => {
    const owner = uniqueId("rest-idem");
    const token = await idTokenFor(owner);
    const post = (objective: string) =>
      call(hostingUrl("/api/missions"), {
        method: "POST",
        token,
        headers: { "Idempotency-Key": "order-42" },
        body: JSON.stringify({ objective }),
      });
    const [a, b] = await Promise.all([post("What is 2 + 2?"), post("What is 2 + 2?")]);
    assert.deepEqual([a.status, b.status].sort(), [200, 201]);
    assert.equal(a.body.mission_id, b.body.mission_id);
    const stored = await db().collection("missions").where("owner_uid", "==", owner).get();
    assert.equal(stored.size, 1);
    const other = await post("What is 3 + 3?");
    assert.equal(other.status, 422);
    assert.equal(errorOf(other.body).code, "idempotency_key_reused");
  });

  it("approve?wait answers the whole execute_mission() result of a calculation", async () => {
    const token = await idTokenFor(uniqueId("rest-wait"));
    const created = await call(hostingUrl("/api/missions"), {
      method: "POST",
      token,
      body: JSON.stringify({ objective: "What is 15% of 2,340?" }),
    });
    const id = String(created.body.mission_id);
    const result = await call(hostingUrl(`/api/missions/${id}/approve?wait=30`), { method: "POST", token });
    assert.equal(result.status, 200);
    assert.equal(result.body.success, true);
    assert.equal(result.body.status, "completed");
    assert.equal(result.body.tool_used, "calculate");
    assert.equal((result.body.execution_result as Json).value, 351);
    assert.match(String(result.body.artifact_reference), /^artifacts\//);
    assert.equal((result.body.progress_tracker as Json).progress_percent, 100);
    const again = await call(hostingUrl(`/api/missions/${id}/approve`), { method: "POST", token });
    assert.equal(again.status, 409);
    assert.equal(errorOf(again.body).code, "not_a_draft");
  });

  it("approve?wait answers 202 with the run so far when a slow extraction outlasts the wait", async () => {
    const token = await idTokenFor(uniqueId("rest-slow"));
    const shop = await startSlowShop(1500);
    try {
      const created = await call(functionUrl("/missions"), {
        method: "POST",
        token,
        body: JSON.stringify({
          objective: `extract the products from ${shop.url}`,
          plan: { tool: "web_extract", input: { url: shop.url } },
        }),
      });
      const id = String(created.body.mission_id);
      const started = Date.now();
      const answer = await call(functionUrl(`/missions/${id}/approve?wait=2`), { method: "POST", token });
      const waitedMs = Date.now() - started;
      assert.equal(answer.status, 202);
      assert.equal(answer.body.finished, false);
      assert.equal(answer.body.success, false);
      assert.ok(waitedMs >= 1900 && waitedMs < 10_000, `waited ${waitedMs} ms for a 2 s wait`);
      await call(functionUrl(`/missions/${id}/cancel`), { method: "POST", token });
      await waitForTerminal(db().collection("missions").doc(id), 30_000);
    } finally {
      await shop.close();
    }
  });

  it("retry refuses a mission that is not failed, and one whose failure (validation) a retry would repeat", async () => {
    const owner = uniqueId("rest-retry");
    const token = await idTokenFor(owner);
    const draft = await createDraft({ owner_uid: owner, objective: "What is 1 + 1?" });
    const notFailed = await call(functionUrl(`/missions/${draft.id}/retry`), { method: "POST", token });
    assert.equal(notFailed.status, 409);
    assert.equal(errorOf(notFailed.body).code, "not_failed");

    const invalid = await createDraft({ owner_uid: owner, objective: "What is 1 + 1?", budget: -1 });
    await invalid.update({ status: "approved" });
    const failed = await waitForTerminal(invalid, 20_000);
    assert.equal(failed.status, "failed");
    const refused = await call(functionUrl(`/missions/${invalid.id}/retry`), { method: "POST", token });
    assert.equal(refused.status, 409);
    assert.equal(errorOf(refused.body).code, "cannot_succeed_again");
    assert.match(errorOf(refused.body).message, /validation/);
  });
});
