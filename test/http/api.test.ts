import assert from "node:assert/strict";
import { recordMissionFinished } from "../../functions/src/analytics/aggregateWrites";
import { analyticsResponseSchema, type AnalyticsResponse } from "../../functions/src/analytics/schema";
import { db, uniqueId } from "../helpers/emulator";
import { executingMission, finishedFacts, finishedMission } from "../analytics/seed";
import { bearer, functionUrl, hostingUrl, idTokenFor } from "./helpers";

interface ErrorBody {
  error: { code: string; message: string };
}

describe("HTTP API: auth, analytics, past-step, artifacts (emulator)", function () {
  this.timeout(60_000);
  const alice = uniqueId("alice");
  const bob = uniqueId("bob");
  const aliceRunning = uniqueId("alice-run");
  const aliceDone = uniqueId("alice-done");
  const bobRunning = uniqueId("bob-run");
  let aliceToken: string;
  let bobToken: string;
  let adminToken: string;

  before(async () => {
    const missions = db().collection("missions");
    await missions.doc(aliceRunning).set(executingMission(aliceRunning, alice, { step: "tool_selection" }));
    await missions.doc(aliceDone).set(finishedMission(aliceDone, alice));
    await db()
      .collection("artifacts")
      .doc(`art-${aliceDone}`)
      .set({
        artifact_id: `art-${aliceDone}`,
        mission_id: aliceDone,
        owner_uid: alice,
        execution_id: `exec-${aliceDone}`,
        tool: "calculate",
        summary: "6 * 7 = 42",
        content: JSON.stringify({ expression: "6 * 7", value: 42 }),
        content_bytes: 33,
        truncated: false,
      });
    await recordMissionFinished(db(), finishedFacts(aliceDone, alice));
    await missions.doc(bobRunning).set(executingMission(bobRunning, bob, { step: "tool_execution" }));
    [aliceToken, bobToken, adminToken] = await Promise.all([
      idTokenFor(alice),
      idTokenFor(bob),
      idTokenFor(uniqueId("admin"), { admin: true }),
    ]);
  });

  async function getJson<T>(url: string, headers: Record<string, string> = {}) {
    const response = await fetch(url, { headers });
    return { response, body: (await response.json()) as T };
  }

  describe("authentication", () => {
    it("answers 401 with a JSON error when there is no token", async () => {
      const { response, body } = await getJson<ErrorBody>(hostingUrl("/api/analytics/all"));
      assert.equal(response.status, 401);
      assert.equal(body.error.code, "missing_token");
      assert.match(response.headers.get("www-authenticate") ?? "", /^Bearer/);
      assert.match(response.headers.get("content-type") ?? "", /application\/json/);
    });

    it("answers 401 to a malformed token, one made for another project, and a non-Bearer scheme", async () => {
      const [, payload] = aliceToken.split(".");
      const claims = JSON.parse(Buffer.from(payload ?? "", "base64url").toString()) as Record<string, unknown>;
      const forgedPayload = Buffer.from(JSON.stringify({ ...claims, admin: true, aud: "someone-else" })).toString(
        "base64url",
      );
      const forged = aliceToken.replace(payload ?? "", forgedPayload);
      for (const [headers, code] of [
        [bearer("not-a-token"), "invalid_token"],
        [bearer(forged), "invalid_token"],
        [{ Authorization: `Basic ${aliceToken}` }, "missing_token"],
      ] as const) {
        const { response, body } = await getJson<ErrorBody>(hostingUrl("/api/analytics/all"), headers);
        assert.equal(response.status, 401, JSON.stringify(headers).slice(0, 40));
        assert.equal(body.error.code, code);
      }
    });

    it("protects the streams and the artifacts too", async () => {
      for (const path of [
        "/api/analytics/live",
        `/api/missions/${aliceRunning}/progress`,
        `/api/artifacts/art-${aliceDone}`,
      ]) {
        const response = await fetch(functionUrl(path));
        assert.equal(response.status, 401, path);
        assert.equal(((await response.json()) as ErrorBody).error.code, "missing_token");
      }
    });
  });

  describe("GET /api/analytics/all", () => {
    it("shows a user only their own missions, validated and cacheable for one poll period", async () => {
      const { response, body } = await getJson<AnalyticsResponse>(hostingUrl("/api/analytics/all"), bearer(aliceToken));
      assert.equal(response.status, 200);
      analyticsResponseSchema.parse(body);
      assert.equal(response.headers.get("cache-control"), "private, max-age=4");
      assert.match(response.headers.get("vary") ?? "", /Authorization/);
      assert.equal(body.scope, "own");
      assert.deepEqual(
        body.live_agents.map((agent) => [agent.id, agent.label]),
        [[aliceRunning, "Execution: 45% | Selecting tool"]],
      );
      // Most recently active first: the finished one was written last.
      assert.deepEqual(
        body.task_pipeline.map((entry) => [entry.id, entry.status_label]),
        [
          [aliceDone, "Complete"],
          [aliceRunning, "In Progress"],
        ],
      );
      assert.equal(body.counts_by_status.completed, 1);
      assert.equal(body.counts_by_status.executing, 1);
      assert.equal(body.success_rate, 1);
    });

    it("shows an admin everyone's missions", async () => {
      const { response, body } = await getJson<AnalyticsResponse>(hostingUrl("/api/analytics/all"), bearer(adminToken));
      assert.equal(response.status, 200);
      assert.equal(body.scope, "all");
      const ids = body.live_agents.map((agent) => agent.id);
      // Other suites may run missions too: these two must be among them.
      assert.ok(body.counts_by_status.executing >= 2);
      assert.ok(ids.includes(aliceRunning) || body.live_agents_truncated, "alice's running mission");
      assert.ok(ids.includes(bobRunning) || body.live_agents_truncated, "bob's running mission");
    });

    it("works on the function's own URL as well as through the Hosting rewrite", async () => {
      const { response, body } = await getJson<AnalyticsResponse>(functionUrl("/analytics/all"), bearer(bobToken));
      assert.equal(response.status, 200);
      assert.deepEqual(
        body.live_agents.map((agent) => agent.label),
        ["Execution: 55% | Running tool"],
      );
    });
  });

  describe("other routes", () => {
    it("lists the missions that got past a step (served by the completed_step_names index)", async () => {
      const past = async (step: string) => {
        const { response, body } = await getJson<{ missions: { id: string }[] }>(
          hostingUrl(`/api/missions?past_step=${step}`),
          bearer(aliceToken),
        );
        assert.equal(response.status, 200);
        return body.missions.map((mission) => mission.id).sort();
      };
      assert.deepEqual(await past("budget_check"), [aliceDone, aliceRunning].sort());
      assert.deepEqual(await past("tool_execution"), [aliceDone]);
      const bad = await getJson<ErrorBody>(hostingUrl("/api/missions?past_step=warp_drive"), bearer(aliceToken));
      assert.equal(bad.response.status, 400);
      assert.match(bad.body.error.message, /past_step must be one of verification, intent_classification/);
    });

    it("serves an artifact to its owner and an admin, and not to another user", async () => {
      const path = `/api/artifacts/art-${aliceDone}`;
      const own = await getJson<{ content: string; mission_id: string }>(hostingUrl(path), bearer(aliceToken));
      assert.equal(own.response.status, 200);
      assert.equal(own.body.mission_id, aliceDone);
      assert.deepEqual(JSON.parse(own.body.content), { expression: "6 * 7", value: 42 });
      assert.equal((await fetch(hostingUrl(path), { headers: bearer(adminToken) })).status, 200);
      const other = await getJson<ErrorBody>(hostingUrl(path), bearer(bobToken));
      assert.equal(other.response.status, 404);
      assert.equal(other.body.error.code, "not_found");
    });

    it("answers unknown routes with 404 and other methods with 405, in JSON", async () => {
      const missing = await getJson<ErrorBody>(hostingUrl("/api/nothing-here"), bearer(aliceToken));
      assert.equal(missing.response.status, 404);
      assert.equal(missing.body.error.code, "not_found");
      const post = await fetch(hostingUrl("/api/analytics/all"), { method: "POST", headers: bearer(aliceToken) });
      assert.equal(post.status, 405);
      assert.equal(post.headers.get("allow"), "GET, HEAD");
      assert.equal(((await post.json()) as ErrorBody).error.code, "method_not_allowed");
    });
  });
});
