import assert from "node:assert/strict";
import { checkUrl, classifyAddress } from "../../functions/src/net/addressPolicy";
import { FetchRefusedError } from "../../functions/src/net/fetchErrors";
import { ToolInputError } from "../../functions/src/errors";

const STRICT = { allowLoopback: false };
const LOOPBACK_OK = { allowLoopback: true };

describe("address policy", () => {
  it("allows public unicast addresses and nothing else", () => {
    for (const address of ["8.8.8.8", "1.1.1.1", "2606:4700:4700::1111"]) {
      assert.deepEqual(classifyAddress(address, STRICT), { allowed: true }, address);
    }
    const refused: [string, RegExp][] = [
      ["127.0.0.1", /is loopback/],
      ["::1", /is loopback/],
      ["10.1.2.3", /is private/],
      ["172.16.0.1", /is private/],
      ["192.168.1.1", /is private/],
      ["169.254.169.254", /^address 169\.254\.169\.254 is link-local \(not public\)$/],
      ["fe80::1", /is link-local/],
      ["fd00::1", /is unique-local/],
      ["::ffff:127.0.0.1", /is IPv4-mapped IPv6 of 127\.0\.0\.1, loopback/],
      ["::ffff:8.8.8.8", /is IPv4-mapped IPv6 of 8\.8\.8\.8/],
      ["0.0.0.0", /is unspecified/],
      ["100.64.0.1", /is carrier-grade NAT/],
      ["224.0.0.1", /is multicast/],
      ["64:ff9b::7f00:1", /NAT64/],
      ["2002:7f00:1::", /6to4/],
    ];
    for (const [address, reason] of refused) {
      const verdict = classifyAddress(address, STRICT);
      assert.equal(verdict.allowed, false, address);
      assert.match(verdict.allowed ? "" : verdict.reason, reason, address);
    }
  });

  it("allows loopback only when the policy says so, and never mapped or private addresses", () => {
    assert.deepEqual(classifyAddress("127.0.0.1", LOOPBACK_OK), { allowed: true });
    assert.deepEqual(classifyAddress("::1", LOOPBACK_OK), { allowed: true });
    assert.equal(classifyAddress("::ffff:127.0.0.1", LOOPBACK_OK).allowed, false);
    assert.equal(classifyAddress("10.0.0.1", LOOPBACK_OK).allowed, false);
    assert.equal(classifyAddress("169.254.169.254", LOOPBACK_OK).allowed, false);
  });

  it("refuses literal-IP URLs in every spelling WHATWG URL normalises", () => {
    const spellings: [string, RegExp][] = [
      ["http://2130706433/", /address 127\.0\.0\.1 is loopback/],
      ["http://0x7f.1/", /address 127\.0\.0\.1 is loopback/],
      ["http://0177.0.0.1/", /address 127\.0\.0\.1 is loopback/],
      ["http://127.1/", /address 127\.0\.0\.1 is loopback/],
      ["http://[::1]/", /address ::1 is loopback/],
      ["http://[::ffff:127.0.0.1]/", /IPv4-mapped IPv6 of 127\.0\.0\.1/],
      ["http://[::ffff:a9fe:a9fe]/", /IPv4-mapped IPv6 of 169\.254\.169\.254, link-local/],
      ["http://0xa9fea9fe/", /address 169\.254\.169\.254 is link-local/],
      ["http://2852039166/latest/meta-data/", /address 169\.254\.169\.254 is link-local/],
      ["http://[fd12::1]:8080/", /unique-local/],
    ];
    for (const [url, reason] of spellings) {
      assert.throws(
        () => checkUrl(url, STRICT),
        (error: unknown) => {
          assert.ok(error instanceof FetchRefusedError, url);
          assert.ok(error instanceof ToolInputError, "a refusal is the mission's input at fault");
          assert.match(error.message, new RegExp(`^refused to fetch ${url.replace(/[.[\]]/g, "\\$&")}: `));
          assert.match(error.message, reason, url);
          return true;
        },
      );
    }
  });

  it("refuses IPv4-compatible IPv6 (::/96), naming the embedded IPv4 address", () => {
    const cases: [string, RegExp][] = [
      ["http://[::127.0.0.1]/", /address ::7f00:1 is IPv4-compatible IPv6 of 127\.0\.0\.1, loopback \(not public\)$/],
      ["http://[::a9fe:a9fe]/", /address ::a9fe:a9fe is IPv4-compatible IPv6 of 169\.254\.169\.254, link-local/],
      ["http://[::8.8.8.8]/", /IPv4-compatible IPv6 of 8\.8\.8\.8/],
    ];
    for (const [url, reason] of cases) {
      for (const policy of [STRICT, LOOPBACK_OK]) {
        assert.throws(() => checkUrl(url, policy), reason, url);
      }
    }
    assert.equal(classifyAddress("::7f00:1", LOOPBACK_OK).allowed, false);
    assert.deepEqual(classifyAddress("::1", LOOPBACK_OK), { allowed: true }, "::1 is loopback, not IPv4-compatible");
    assert.equal(classifyAddress("::", STRICT).allowed, false);
  });

  it("gives the metadata server's refusal in words people can act on", () => {
    assert.throws(() => checkUrl("http://169.254.169.254/", STRICT), {
      message: "refused to fetch http://169.254.169.254/: address 169.254.169.254 is link-local (not public)",
    });
    assert.throws(() => checkUrl("http://metadata.google.internal/computeMetadata/v1/", LOOPBACK_OK), {
      message:
        "refused to fetch http://metadata.google.internal/computeMetadata/v1/: metadata.google.internal is the Google Cloud metadata server",
    });
    assert.throws(() => checkUrl("http://METADATA.google.internal./", LOOPBACK_OK), /Google Cloud metadata server/);
  });

  it("refuses other schemes, credentials and garbage", () => {
    assert.throws(() => checkUrl("file:///etc/passwd", LOOPBACK_OK), /scheme file: is not allowed/);
    assert.throws(() => checkUrl("gopher://example.com/", LOOPBACK_OK), /scheme gopher: is not allowed/);
    assert.throws(() => checkUrl("http://user:pw@example.com/", LOOPBACK_OK), /credentials are not allowed/);
    assert.throws(() => checkUrl("not a url", LOOPBACK_OK), /not a valid absolute URL/);
  });

  it("lets public host names through to the connector's checks", () => {
    assert.equal(checkUrl("https://example.com/a?b=c", STRICT).href, "https://example.com/a?b=c");
  });
});
