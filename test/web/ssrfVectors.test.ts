import assert from "node:assert/strict";
import { checkUrl } from "../../functions/src/net/addressPolicy";
import { FetchFailedError, FetchRefusedError } from "../../functions/src/net/fetchErrors";
import { GuardedFetcher, resolveRedirect } from "../../functions/src/net/guardedFetch";
import type { RunningServer } from "../../scripts/demo/listen";
import { startServer } from "../fixtures/fixtureSite";
import { rejection, TEST_NET } from "../fixtures/toolHarness";

const STRICT = { allowLoopback: false };
const LOOPBACK_OK = { allowLoopback: true };

/** Asserts checkUrl refuses `url` under `policy` with a reason matching `reason`. */
function refused(url: string | URL, policy: { allowLoopback: boolean }, reason: RegExp): void {
  assert.throws(
    () => checkUrl(url, policy),
    (error: unknown) => {
      assert.ok(error instanceof FetchRefusedError, `${String(url)}: ${String(error)}`);
      assert.match(error.message, reason, String(url));
      return true;
    },
  );
}

describe("SSRF vectors from an outside attack run", () => {
  it("refuses 0 and 0.0.0.0 in every spelling, which reach loopback on Linux, even where loopback is allowed", () => {
    for (const url of [
      "http://0/",
      "http://0.0.0.0/",
      "http://0x0/",
      "http://00/",
      "http://0.0/",
      "http://0.0.0.0:5055/",
    ]) {
      for (const policy of [STRICT, LOOPBACK_OK]) refused(url, policy, /address 0\.0\.0\.0 is unspecified/);
    }
    for (const url of ["http://[::]/", "http://[0:0:0:0:0:0:0:0]/", "http://[::ffff:0.0.0.0]/"]) {
      for (const policy of [STRICT, LOOPBACK_OK]) refused(url, policy, /is (unspecified|IPv4-mapped)/);
    }
  });

  it("sees through fullwidth, circled and IDN spellings of addresses and names", () => {
    for (const url of [
      "http://１２７.０.０.１/",
      "http://127。0。0。1/",
      "http://１２７．０．０．１/",
      "http://①②⑦.0.0.1/",
      "http://0x７f.1/",
    ]) {
      refused(url, STRICT, /address 127\.0\.0\.1 is loopback/);
    }
    refused("http://１６９.２５４.１６９.２５４/", LOOPBACK_OK, /address 169\.254\.169\.254 is link-local/);
    for (const url of [
      "http://ｍｅｔａｄａｔａ.google.internal/",
      "http://METADATA.GOOGLE.INTERNAL/",
      "http://ⓜⓔⓣⓐⓓⓐⓣⓐ.ⓖⓞⓞⓖⓛⓔ.ⓘⓝⓣⓔⓡⓝⓐⓛ/",
      "http://metadata.google.internal.:80/",
    ]) {
      refused(url, LOOPBACK_OK, /metadata\.google\.internal is the Google Cloud metadata server/);
    }
  });

  it("reads the host the way the fetcher will, whatever #, @, ? and \\ suggest", () => {
    refused("http://169.254.169.254#@example.com/", STRICT, /address 169\.254\.169\.254 is link-local/);
    refused("http://169.254.169.254\\@example.com/", STRICT, /address 169\.254\.169\.254 is link-local/);
    refused("http://169.254.169.254?@example.com/", STRICT, /address 169\.254\.169\.254 is link-local/);
    refused("http://[::ffff:a9fe:a9fe]#@example.com/", STRICT, /IPv4-mapped IPv6 of 169\.254\.169\.254/);
    refused("http://example.com@169.254.169.254/", STRICT, /credentials are not allowed/);
    refused("http://example.com:@169.254.169.254/", LOOPBACK_OK, /not allowed|link-local/);
    // The real host of these is example.com: the rest is fragment, query or path.
    for (const url of ["http://example.com#@169.254.169.254/", "http://example.com?@169.254.169.254/"]) {
      assert.equal(checkUrl(url, STRICT).hostname, "example.com", url);
    }
    assert.equal(checkUrl("http://example.com\\@169.254.169.254/", STRICT).hostname, "example.com");
  });

  it("resolves redirects as a browser does before checking them, under the strict policy", () => {
    const from = new URL("https://public.example/a/b?c=d");
    const cases: [string, RegExp][] = [
      ["//169.254.169.254/latest/meta-data/", /address 169\.254\.169\.254 is link-local/],
      ["\\\\169.254.169.254\\latest", /address 169\.254\.169\.254 is link-local/],
      ["/\\169.254.169.254/", /address 169\.254\.169\.254 is link-local/],
      ["\\/127.0.0.1/", /address 127\.0\.0\.1 is loopback/],
      ["http:169.254.169.254/", /address 169\.254\.169\.254 is link-local/],
      ["https:\\\\127.0.0.1\\", /address 127\.0\.0\.1 is loopback/],
      ["///127.0.0.1/", /address 127\.0\.0\.1 is loopback/],
      ["//0/", /address 0\.0\.0\.0 is unspecified/],
      ["//[::1]:8080/", /address ::1 is loopback/],
      ["//2130706433/", /address 127\.0\.0\.1 is loopback/],
      ["//ｍｅｔａｄａｔａ.google.internal/", /metadata server/],
      ["//example.com@10.0.0.1/", /credentials are not allowed/],
      ["file:///etc/passwd", /scheme file: is not allowed/],
      ["gopher://127.0.0.1:6379/_INFO", /scheme gopher: is not allowed/],
      [" \t//169.254.169.254/", /link-local/],
    ];
    for (const [location, reason] of cases) refused(resolveRedirect(location, from), STRICT, reason);
    assert.equal(resolveRedirect("../x#@169.254.169.254", from).href, "https://public.example/x#@169.254.169.254");
    assert.throws(() => resolveRedirect("http://[::1", from), FetchFailedError);
  });

  describe("a loopback server sending hostile Location headers", () => {
    let server: RunningServer;
    let fetcher: GuardedFetcher;
    before(async () => {
      server = await startServer((request, response) => {
        const location = decodeURIComponent((request.url ?? "/").slice(1));
        response.writeHead(302, { location });
        response.end();
      });
    });
    after(async () => {
      await server.close();
    });
    beforeEach(() => {
      fetcher = new GuardedFetcher(TEST_NET);
    });
    afterEach(async () => {
      await fetcher.close();
    });

    // (Node's server refuses non-Latin-1 header bytes, so the fullwidth spellings are
    // covered above, through resolveRedirect, the function the fetcher calls.)
    it("refuses every hop that resolves to a non-public address, before dialling it", async () => {
      for (const [location, reason] of [
        ["//169.254.169.254/computeMetadata/v1/", /address 169\.254\.169\.254 is link-local/],
        ["\\\\169.254.169.254\\latest", /address 169\.254\.169\.254 is link-local/],
        ["/\\10.0.0.1/", /address 10\.0\.0\.1 is private/],
        ["http://0/", /address 0\.0\.0\.0 is unspecified/],
        ["http://0.0.0.0:1/", /address 0\.0\.0\.0 is unspecified/],
        ["http://[::ffff:127.0.0.1]/", /IPv4-mapped IPv6 of 127\.0\.0\.1/],
        ["//192.168.0.1#@example.com/", /address 192\.168\.0\.1 is private/],
      ] as const) {
        const error = await rejection(fetcher.get(`${server.url}/${encodeURIComponent(location)}`));
        assert.ok(error instanceof FetchRefusedError, `${location}: ${String(error)}`);
        assert.match(error.message, reason, location);
        assert.match(error.message, /\(redirected from http:\/\/127\.0\.0\.1:\d+\//, location);
      }
    });

    it("fails cleanly, not internally, on a Location that is no URL", async () => {
      const error = await rejection(fetcher.get(`${server.url}/${encodeURIComponent("http://[::1")}`));
      assert.ok(error instanceof FetchFailedError, String(error));
      assert.match(error.message, /redirected to "http:\/\/\[::1", which is not a valid URL/);
    });
  });
});
