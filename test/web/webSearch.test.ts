import assert from "node:assert/strict";
import { ToolFailedError, ToolUnavailableError } from "../../functions/src/errors";
import { FetchRefusedError } from "../../functions/src/net/fetchErrors";
import { backoffMs, waitHint } from "../../functions/src/tools/search/retryPolicy";
import type { SearchResult } from "../../functions/src/tools/search/braveProtocol";
import type { SearchConfig } from "../../functions/src/tools/webConfig";
import { createWebSearchTool } from "../../functions/src/tools/webSearch";
import { createFakeSearchApi, FAKE_SEARCH_PATH, type FakeSearchApi } from "../../scripts/demo/fakeSearchApi";
import type { RunningServer } from "../../scripts/demo/listen";
import { startServer } from "../fixtures/fixtureSite";
import { rejection, runTool, TEST_NET } from "../fixtures/toolHarness";

const KEY = "test-key";

interface Content {
  query: string;
  provider: string;
  results: SearchResult[];
}

describe("web_search", function () {
  this.timeout(15_000);
  let api: FakeSearchApi;
  let server: RunningServer;

  beforeEach(async () => {
    api = createFakeSearchApi(KEY);
    server = await startServer((request, response) => {
      if (!api.handle(request, response)) {
        response.writeHead(404);
        response.end();
      }
    });
  });
  afterEach(async () => {
    await server.close();
  });

  function tool(options: { key?: string; config?: Partial<SearchConfig> } = {}) {
    const key = options.key ?? KEY;
    return createWebSearchTool({
      apiKey: () => key,
      config: {
        endpoint: `${server.url}${FAKE_SEARCH_PATH}`,
        net: TEST_NET,
        maxRetries: 3,
        backoffBaseMs: 10,
        ...options.config,
      },
    });
  }

  it("returns normalised, de-duplicated, ranked results and says what it found", async () => {
    const run = await runTool(tool(), { query: "firebase emulator" });
    const content = run.result.content as Content;
    assert.equal(content.query, "firebase emulator");
    assert.equal(content.provider, "brave");
    const urls = content.results.map((result) => result.url);
    assert.ok(urls.includes("https://firebase.google.com/docs/emulator-suite"));
    assert.ok(
      !urls.includes("https://firebase.google.com/docs/emulator-suite/#install"),
      "same page with a fragment is a duplicate",
    );
    assert.deepEqual(
      content.results.map((result) => result.rank),
      content.results.map((_, index) => index + 1),
    );
    const functions = content.results.find((result) => result.title === "Cloud Functions for Firebase");
    assert.equal(functions?.snippet, "Serverless functions that respond to events & HTTPS requests.");
    assert.match(
      run.result.summary,
      /^found \d+ results for "firebase emulator"; top: Firebase Local Emulator Suite \(firebase\.google\.com\)$/,
    );
    assert.equal(run.result.result.attempts, 1);
    assert.deepEqual(api.requests, [{ query: "firebase emulator", key: KEY }]);
    assert.ok(run.events.every((event) => event.percent >= 55 && event.percent <= 80));
    assert.equal(run.events.at(-1)?.percent, 80);
  });

  it("searches the objective when the plan gives no query, without the imperative", async () => {
    const run = await runTool(tool(), {}, { objective: "Search the web for SSRF prevention" });
    assert.equal((run.result.content as Content).query, "SSRF prevention");
  });

  it("waits as Retry-After asks after a 429, then succeeds", async () => {
    const started = Date.now();
    const run = await runTool(tool(), { query: "ratelimited kettle" });
    const elapsed = Date.now() - started;
    assert.equal(run.result.result.attempts, 2);
    assert.equal(api.requests.length, 2);
    assert.ok(elapsed >= 950, `retried after ${elapsed} ms; Retry-After asked for 1 s`);
    assert.ok((run.result.content as Content).results.length > 0);
    const messages = run.tracker.snapshot().current_step?.message;
    assert.match(String(messages), /results found/);
  });

  it("gives up after bounded retries when the provider fails with 500 forever", async () => {
    const error = await rejection(runTool(tool({ config: { maxRetries: 2 } }), { query: "overloaded" }));
    assert.ok(error instanceof ToolFailedError);
    assert.equal(error.message, "search provider failed after 3 attempts (SEARCH_MAX_RETRIES=2): HTTP 500");
    assert.equal(api.requests.length, 3);
  });

  it("fails fast when the rate-limit headers say the quota is spent for longer than it may wait", async () => {
    const error = await rejection(runTool(tool(), { query: "quota" }));
    assert.ok(error instanceof ToolFailedError);
    assert.match(
      error.message,
      /X-RateLimit-Reset asks for 1419704 s, longer than web_search waits \(SEARCH_MAX_RETRY_WAIT_MS=10000\)/,
    );
    assert.equal(api.requests.length, 1);
  });

  it("without a key fails at once, naming the secret to set", async () => {
    const error = await rejection(runTool(tool({ key: "" }), { query: "firebase" }));
    assert.ok(error instanceof ToolUnavailableError);
    assert.match(
      error.message,
      /^web_search needs the secret SEARCH_API_KEY: set it with `firebase functions:secrets:set SEARCH_API_KEY`/,
    );
    assert.equal(api.requests.length, 0);
  });

  it("reads the SEARCH_API_KEY secret by default, and refuses when it is not set", async () => {
    const saved = process.env.SEARCH_API_KEY;
    delete process.env.SEARCH_API_KEY;
    try {
      const defaultKey = createWebSearchTool({
        config: { endpoint: `${server.url}${FAKE_SEARCH_PATH}`, net: TEST_NET },
      });
      const error = await rejection(runTool(defaultKey, { query: "firebase" }));
      assert.ok(error instanceof ToolUnavailableError);
      process.env.SEARCH_API_KEY = KEY;
      const run = await runTool(defaultKey, { query: "firebase" });
      assert.ok((run.result.content as Content).results.length > 0);
    } finally {
      if (saved === undefined) delete process.env.SEARCH_API_KEY;
      else process.env.SEARCH_API_KEY = saved;
    }
  });

  it("treats a rejected key as unavailable, not as something to retry", async () => {
    const error = await rejection(runTool(tool({ key: "wrong" }), { query: "firebase" }));
    assert.ok(error instanceof ToolUnavailableError);
    assert.match(error.message, /search provider rejected SEARCH_API_KEY \(HTTP 401\)/);
    assert.equal(api.requests.length, 1);
  });

  it("guards the endpoint like any other URL", async () => {
    const error = await rejection(
      runTool(tool({ config: { endpoint: "http://169.254.169.254/res/v1/web/search" } }), { query: "firebase" }),
    );
    assert.ok(error instanceof FetchRefusedError);
    assert.match(error.message, /address 169\.254\.169\.254 is link-local \(not public\)/);
  });
});

describe("search retry policy", () => {
  it("reads Retry-After in seconds or as a date, then Brave's per-window reset", () => {
    assert.deepEqual(waitHint({ "retry-after": "2" }), { ms: 2000, source: "Retry-After" });
    const now = Date.parse("2025-01-01T00:00:00Z");
    assert.deepEqual(waitHint({ "retry-after": "Wed, 01 Jan 2025 00:00:05 GMT" }, now), {
      ms: 5000,
      source: "Retry-After",
    });
    // The per-second window is spent: wait for it, not for the month.
    assert.deepEqual(waitHint({ "x-ratelimit-remaining": "0, 900", "x-ratelimit-reset": "1, 1419704" }), {
      ms: 1000,
      source: "X-RateLimit-Reset",
    });
    // The monthly window is spent: the wait is the month's.
    assert.deepEqual(waitHint({ "x-ratelimit-remaining": "1, 0", "x-ratelimit-reset": "1, 1419704" }), {
      ms: 1_419_704_000,
      source: "X-RateLimit-Reset",
    });
    assert.equal(waitHint({}), undefined);
  });

  it("backs off exponentially with jitter", () => {
    assert.equal(
      backoffMs(0, 100, () => 0),
      50,
    );
    assert.equal(
      backoffMs(3, 100, () => 1),
      800,
    );
  });
});
