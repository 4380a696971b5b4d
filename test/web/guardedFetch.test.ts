import assert from "node:assert/strict";
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import { DeadlineError, ToolFailedError } from "../../functions/src/errors";
import { guardedConnector } from "../../functions/src/net/connector";
import { AddressRefusal, FetchFailedError, FetchRefusedError } from "../../functions/src/net/fetchErrors";
import { GuardedFetcher } from "../../functions/src/net/guardedFetch";
import { loadNetLimits, netParams } from "../../functions/src/net/netConfig";
import type { RunningServer } from "../../scripts/demo/listen";
import { BIG_PAGE_BYTES, startFixtureSite, startServer } from "../fixtures/fixtureSite";
import { rejection, TEST_NET } from "../fixtures/toolHarness";

describe("guarded fetch", () => {
  let site: RunningServer;
  let fetcher: GuardedFetcher;

  before(async () => {
    site = await startFixtureSite();
  });
  after(async () => {
    await site.close();
  });
  beforeEach(() => {
    fetcher = new GuardedFetcher(TEST_NET);
  });
  afterEach(async () => {
    await fetcher.close();
  });

  it("has safe defaults: loopback refused, 5 redirects, 2 MiB, 5 s connect, 15 s total", () => {
    assert.equal(netParams.allowLoopback.spec.default, false);
    const defaults = loadNetLimits();
    if (process.env.FETCH_ALLOW_LOOPBACK === undefined) assert.equal(defaults.allowLoopback, false);
    assert.deepEqual(
      [netParams.maxRedirects, netParams.maxResponseBytes, netParams.connectTimeoutMs, netParams.totalTimeoutMs].map(
        (param) => param.spec.default,
      ),
      [5, 2 * 1024 * 1024, 5_000, 15_000],
    );
  });

  it("fetches a loopback page when loopback is allowed", async () => {
    const response = await fetcher.get(`${site.url}/catalog`);
    assert.equal(response.status, 200);
    assert.match(response.body.toString("utf8"), /class="product"/);
    assert.deepEqual(response.redirects, []);
  });

  it("refuses loopback, by name and by address, when it is not allowed", async () => {
    const strict = new GuardedFetcher({ ...TEST_NET, allowLoopback: false });
    try {
      const byAddress = await rejection(strict.get(`${site.url}/catalog`));
      assert.ok(byAddress instanceof FetchRefusedError);
      assert.match(byAddress.message, /address 127\.0\.0\.1 is loopback \(not public\)/);
      const byName = await rejection(strict.get(`http://localhost:${site.port}/catalog`));
      assert.ok(byName instanceof FetchRefusedError);
      assert.match(
        byName.message,
        /localhost resolves only to non-public addresses: address (127\.0\.0\.1|::1) is loopback/,
      );
    } finally {
      await strict.close();
    }
  });

  it("checks the address actually connected to, not only the URL", async () => {
    // Straight to the connector, past checkUrl: the socket's remote address is still refused.
    const connect = guardedConnector({ allowLoopback: false }, 1_000);
    const error = await new Promise<Error | null>((resolve) => {
      connect({ hostname: "127.0.0.1", protocol: "http:", port: String(site.port) }, (...result) => {
        const [failure, socket] = result;
        (socket as Socket | null)?.destroy();
        resolve(failure);
      });
    });
    assert.ok(error instanceof AddressRefusal);
    assert.equal(
      error.message,
      "address 127.0.0.1 is loopback (not public); loopback is allowed only with FETCH_ALLOW_LOOPBACK=true (emulator)",
    );
  });

  it("re-checks every redirect hop: a redirect to 169.254.169.254 is refused", async () => {
    const error = await rejection(fetcher.get(`${site.url}/redirect-metadata`));
    assert.ok(error instanceof FetchRefusedError);
    assert.equal(
      error.message,
      `refused to fetch http://169.254.169.254/latest/meta-data/ (redirected from ${site.url}/redirect-metadata): ` +
        "address 169.254.169.254 is link-local (not public)",
    );
  });

  it("follows a bounded number of redirects and detects loops", async () => {
    const three = await fetcher.get(`${site.url}/redirect-chain/3`);
    assert.equal(three.url, `${site.url}/catalog`);
    assert.equal(three.redirects.length, 3);

    const tooMany = await rejection(fetcher.get(`${site.url}/redirect-chain/7`));
    assert.ok(tooMany instanceof FetchFailedError);
    assert.match(tooMany.message, /too many redirects fetching .*: more than 5 \(FETCH_MAX_REDIRECTS\)/);

    const loop = await rejection(fetcher.get(`${site.url}/loop-a`));
    assert.ok(loop instanceof ToolFailedError);
    assert.equal(
      loop.message,
      `redirect loop fetching ${site.url}/loop-a: ${site.url}/loop-a → ${site.url}/loop-b → ${site.url}/loop-a`,
    );
  });

  it("sends caller headers on same-origin redirect hops only, never to another origin", async () => {
    const seen: { server: string; path: string; token?: string; authorization?: string; accept?: string }[] = [];
    const record = (server: string, request: IncomingMessage) => {
      const header = (name: string) => request.headers[name] as string | undefined;
      seen.push({
        server,
        path: request.url ?? "",
        token: header("x-subscription-token"),
        authorization: header("authorization"),
        accept: header("accept"),
      });
    };
    const second = await startServer((request, response) => {
      record("second", request);
      response.writeHead(200, { "content-type": "text/plain" });
      response.end("ok");
    });
    const first = await startServer((request, response) => {
      record("first", request);
      const location = request.url === "/start" ? "/same-origin" : `${second.url}/landing`;
      response.writeHead(302, { location });
      response.end();
    });
    try {
      const response = await fetcher.get(`${first.url}/start`, {
        headers: { "X-Subscription-Token": "secret-key", Authorization: "Bearer secret", accept: "text/plain" },
      });
      assert.equal(response.body.toString("utf8"), "ok");
      assert.deepEqual(seen, [
        { server: "first", path: "/start", token: "secret-key", authorization: "Bearer secret", accept: "text/plain" },
        {
          server: "first",
          path: "/same-origin",
          token: "secret-key",
          authorization: "Bearer secret",
          accept: "text/plain",
        },
        { server: "second", path: "/landing", token: undefined, authorization: undefined, accept: "text/plain" },
      ]);
    } finally {
      await first.close();
      await second.close();
    }
  });

  it("refuses a body over the byte cap, declared or streamed", async () => {
    const declared = await rejection(fetcher.get(`${site.url}/big`));
    assert.ok(declared instanceof FetchFailedError);
    assert.match(
      declared.message,
      /exceeds the 2097152-byte limit \(FETCH_MAX_RESPONSE_BYTES\): it declares \d+ bytes/,
    );
    const streamed = await rejection(fetcher.get(`${site.url}/big-chunked`));
    assert.ok(streamed instanceof FetchFailedError);
    assert.match(streamed.message, /exceeds the 2097152-byte limit .*: stopped reading at \d+ bytes/);
    assert.ok(BIG_PAGE_BYTES > 2 * 1024 * 1024);
  });

  it("gives up on a server that never answers after the total timeout", async () => {
    const started = Date.now();
    const error = await rejection(fetcher.get(`${site.url}/hang`, { timeoutMs: 300 }));
    const elapsed = Date.now() - started;
    assert.ok(error instanceof FetchFailedError);
    assert.match(error.message, /^timed out after 300 ms fetching .*\/hang \(FETCH_TOTAL_TIMEOUT_MS\)$/);
    assert.ok(elapsed >= 250 && elapsed < 2_000, `took ${elapsed} ms`);
  });

  it("turns the caller's deadline into a DeadlineError", async () => {
    const error = await rejection(fetcher.get(`${site.url}/hang`, { signal: AbortSignal.timeout(100) }));
    assert.ok(error instanceof DeadlineError);
    assert.match(error.message, /deadline arrived/);
  });

  it("reports a refused connection clearly", async () => {
    const closed = await startFixtureSite();
    const port = closed.port;
    await closed.close();
    const error = await rejection(fetcher.get(`http://127.0.0.1:${port}/`));
    assert.ok(error instanceof FetchFailedError);
    assert.match(error.message, /could not fetch http:\/\/127\.0\.0\.1:\d+\/: .*ECONNREFUSED/);
  });
});
