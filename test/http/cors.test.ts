import assert from "node:assert/strict";
import express from "express";
import { projectID } from "firebase-functions/params";
import { allowedOrigins, EMULATOR_HOSTING_ORIGINS } from "../../functions/src/http/cors";
import { api } from "../../functions/src/index";
import { listen, type RunningServer } from "../../scripts/demo/listen";

/**
 * The deployed `api` function's CORS, in this process on a loopback server: the Functions
 * emulator forces CORS open for every function (its `enableCors` debug feature), so only
 * here does the option in index.ts decide, as it does in production.
 */
describe("HTTP API: CORS allows only this project's origins", () => {
  // The project id comes from FIREBASE_CONFIG, as in production (set by the emulator suite).
  const saved = { config: process.env.FIREBASE_CONFIG, emulator: process.env.FUNCTIONS_EMULATOR };
  let project = "";
  let server: RunningServer;

  before(async () => {
    project = projectID.value();
    if (!project) {
      project = "demo-cors-project";
      process.env.FIREBASE_CONFIG = JSON.stringify({ projectId: project });
    }
    delete process.env.FUNCTIONS_EMULATOR;
    const app = express();
    // The Functions runtime adds rawBody; these requests have none.
    app.use((request, response) => void api(Object.assign(request, { rawBody: Buffer.alloc(0) }), response));
    server = await listen(app);
  });
  after(async () => {
    await server?.close();
    if (saved.config === undefined) delete process.env.FIREBASE_CONFIG;
    if (saved.emulator === undefined) delete process.env.FUNCTIONS_EMULATOR;
    else process.env.FUNCTIONS_EMULATOR = saved.emulator;
  });

  /** The Access-Control-Allow-Origin a browser at `origin` gets, for a GET and a preflight. */
  async function allowed(origin: string): Promise<[string | null, string | null]> {
    const get = await fetch(`${server.url}/health`, { headers: { Origin: origin } });
    assert.equal(get.status, 200, await get.text());
    const preflight = await fetch(`${server.url}/analytics/all`, {
      method: "OPTIONS",
      headers: {
        Origin: origin,
        "Access-Control-Request-Method": "GET",
        "Access-Control-Request-Headers": "authorization",
      },
    });
    assert.ok(preflight.status < 300, `preflight from ${origin}: ${preflight.status}`);
    return [get.headers.get("access-control-allow-origin"), preflight.headers.get("access-control-allow-origin")];
  }

  it("allows the project's own Hosting origins", async () => {
    for (const origin of [`https://${project}.web.app`, `https://${project}.firebaseapp.com`]) {
      assert.deepEqual(await allowed(origin), [origin, origin]);
    }
  });

  it("refuses every other origin, however it is spelled", async () => {
    for (const origin of [
      "https://evil-attacker.web.app",
      "https://evil-attacker.firebaseapp.com",
      "http://localhost:31337",
      ...EMULATOR_HOSTING_ORIGINS,
      `http://${project}.web.app`,
      `https://${project}.web.app.evil.com`,
      `https://${project}-evil.web.app`,
      `https://x.${project}.web.app`,
      `https://${project}.web.app:8443`,
      "null",
      "*",
    ]) {
      assert.deepEqual(await allowed(origin), [null, null], origin);
    }
  });

  it("allows the Hosting emulator's origins only in the emulator", async () => {
    process.env.FUNCTIONS_EMULATOR = "true";
    try {
      for (const origin of EMULATOR_HOSTING_ORIGINS) assert.deepEqual(await allowed(origin), [origin, origin]);
      assert.deepEqual(await allowed("http://localhost:31337"), [null, null]);
    } finally {
      delete process.env.FUNCTIONS_EMULATOR;
    }
  });

  it("adds configured extra origins, only as exact https origins (local http only in the emulator)", () => {
    const extraOrigins =
      "https://mission.example.com, https://other-site.web.app:8443,https://x.example/path,*, http://insecure.example," +
      "https://*.web.app,http://localhost:3000,not a url";
    assert.deepEqual(allowedOrigins({ projectId: "p", extraOrigins, emulator: false }), [
      "https://p.web.app",
      "https://p.firebaseapp.com",
      "https://mission.example.com",
      "https://other-site.web.app:8443",
    ]);
    assert.deepEqual(allowedOrigins({ projectId: "p", extraOrigins: "http://localhost:3000", emulator: true }), [
      "https://p.web.app",
      "https://p.firebaseapp.com",
      "http://localhost:3000",
      ...EMULATOR_HOSTING_ORIGINS,
    ]);
    assert.deepEqual(allowedOrigins({ projectId: "", extraOrigins: "", emulator: false }), []);
  });
});
