import assert from "node:assert/strict";
import { request as httpRequest } from "node:http";
import { db, uniqueId } from "../helpers/emulator";
import { finishedMission } from "../analytics/seed";
import { bearer, functionUrl, hostingUrl, idTokenFor } from "./helpers";

interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * What an outside attack run sent to /api, kept as regression cases: hostile ids and paths,
 * query-string injection, other methods, tokens where they are not looked for. Every
 * answer is a JSON error with the right status, never a 500.
 */
describe("HTTP API under attack (emulator)", function () {
  this.timeout(60_000);
  const alice = uniqueId("alice");
  const aliceDone = uniqueId("alice-done");
  let token: string;

  before(async () => {
    await db().collection("missions").doc(aliceDone).set(finishedMission(aliceDone, alice));
    token = await idTokenFor(alice);
  });

  async function expectError(url: string, status: number, code: string, init: RequestInit = {}) {
    const response = await fetch(url, { ...init, headers: { ...bearer(token), ...init.headers } });
    const text = await response.text();
    assert.equal(response.status, status, `${init.method ?? "GET"} ${url.slice(0, 120)}: ${text.slice(0, 200)}`);
    assert.equal((JSON.parse(text) as ErrorBody).error.code, code, url.slice(0, 120));
  }

  /** A GET that sends the path byte for byte: fetch() would resolve `%2e%2e` segments first. */
  function rawGet(url: string): Promise<{ status: number; body: string }> {
    const { hostname, port } = new URL(url);
    const path = url.slice(url.indexOf("/", "http://".length));
    return new Promise((resolve, reject) => {
      const outgoing = httpRequest({ hostname, port, path, headers: bearer(token) }, (response) => {
        let body = "";
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => (body += chunk));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, body }));
      });
      outgoing.on("error", reject);
      outgoing.setTimeout(10_000, () => outgoing.destroy(new Error(`no answer from ${url} within 10 s`)));
      outgoing.end();
    });
  }

  it("answers reserved and over-long ids with 404, on every route that takes an id", async () => {
    const ids = ["__x__", "__name__", "__.__", "a".repeat(257), "a".repeat(1600), "%5F%5Fname%5F%5F"];
    for (const id of ids) {
      for (const path of [`/api/artifacts/${id}`, `/api/missions/${id}/progress`]) {
        await expectError(hostingUrl(path), 404, "not_found");
        await expectError(functionUrl(path.replace(/^\/api/, "")), 404, "not_found");
      }
    }
  });

  it("answers encoded traversal and odd characters with 404", async () => {
    // The function's own URL: the router sees the path as sent. (Hosting decodes and
    // normalises first, answering 404 itself or passing on a plain route.)
    for (const path of [
      `/artifacts/..%2Fmissions%2F${aliceDone}`,
      "/artifacts/%2e%2e",
      "/artifacts/%2e",
      `/missions/x%2F..%2F..%2Fartifacts%2F${aliceDone}/progress`,
      "/artifacts/a%00b",
      "/artifacts/a%0d%0aSet-Cookie:%20x=1",
      "/%2e%2e/analytics/all",
      "/artifacts/..%5c..%5cetc",
      `/missions/${aliceDone}%2Fprogress`,
    ]) {
      const direct = await rawGet(functionUrl(path));
      assert.equal(direct.status, 404, path);
      assert.equal((JSON.parse(direct.body) as ErrorBody).error.code, "not_found", path);
      const viaHosting = await rawGet(hostingUrl(`/api${path}`));
      if (!path.startsWith("/%2e%2e")) assert.equal(viaHosting.status, 404, `via Hosting: ${path}`);
      assert.ok(viaHosting.status < 500, `via Hosting: ${path}`);
    }
  });

  it("answers injected past_step and limit values with 400, never a 500", async () => {
    for (const search of [
      "past_step=verification&past_step=finalize",
      "past_step[]=verification",
      "past_step[$ne]=x",
      "past_step=__proto__",
      "past_step=constructor",
      "past_step=verification%27%20OR%201%3D1",
      "past_step=VERIFICATION",
      `past_step=${"v".repeat(5000)}`,
      "past_step=verification&limit=1e9",
      "past_step=verification&limit=-1",
      "past_step=verification&limit=0",
      "past_step=verification&limit=2.5",
      "past_step=verification&limit=abc",
      "past_step=verification&limit[]=1",
    ]) {
      await expectError(hostingUrl(`/api/missions?${search}`), 400, "bad_request");
    }
    // A polluted prototype is not a way to widen the scope.
    const response = await fetch(hostingUrl("/api/missions?past_step=verification&__proto__[admin]=true"), {
      headers: bearer(token),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { missions: { id: string }[] };
    assert.deepEqual(
      body.missions.map((mission) => mission.id),
      [aliceDone],
    );
  });

  it("allows GET and HEAD only (and POST where a route creates: /api/missions)", async () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE"]) {
      for (const path of ["/api/analytics/all", `/api/artifacts/art-${aliceDone}`, "/api/missions"]) {
        if (path === "/api/missions" && method === "POST") continue;
        const response = await fetch(hostingUrl(path), { method, headers: bearer(token) });
        assert.equal(response.status, 405, `${method} ${path}`);
        assert.equal(response.headers.get("allow"), path === "/api/missions" ? "GET, HEAD, POST" : "GET, HEAD");
      }
    }
    const head = await fetch(hostingUrl("/api/analytics/all"), { method: "HEAD", headers: bearer(token) });
    assert.equal(head.status, 200);
    assert.equal((await head.text()).length, 0);
  });

  it("looks for the token in the Authorization header only: not the query, not a cookie", async () => {
    for (const [path, headers] of [
      [`/api/analytics/all?access_token=${token}`, {}],
      [`/api/analytics/all?token=${token}&auth=${token}`, {}],
      ["/api/analytics/all", { Cookie: `__session=${token}` }],
      ["/api/analytics/all", { Cookie: `token=${token}; Authorization=Bearer ${token}` }],
      ["/api/analytics/all", { Authorization: `Bearer ${token} ${token}` }],
      ["/api/analytics/all", { Authorization: `Token ${token}` }],
    ] as const) {
      const response = await fetch(hostingUrl(path), { headers });
      assert.equal(response.status, 401, `${path.slice(0, 40)} ${JSON.stringify(headers).slice(0, 30)}`);
      assert.equal(((await response.json()) as ErrorBody).error.code, "missing_token");
    }
  });
});
