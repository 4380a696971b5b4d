import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { signatureOf } from "../../functions/src/notify/deliver";
import { MAX_RETRY_DELAY_MS, retryDelayMs } from "../../functions/src/notify/notifyConfig";
import { notifyUrlRefusal } from "../../functions/src/notify/notifyUrl";
import { endingAudience } from "../../functions/src/notify/ending";

describe("notifications (pure parts)", () => {
  it("signs the raw body with HMAC-SHA256 as sha256=<hex>", () => {
    const body = '{"mission_id":"m","status":"completed"}';
    assert.equal(signatureOf(body, "k"), `sha256=${createHmac("sha256", "k").update(body).digest("hex")}`);
    assert.notEqual(signatureOf(body, "k"), signatureOf(`${body} `, "k"));
  });

  it("backs off by doubling from the base, capped at an hour", () => {
    assert.deepEqual(
      [1, 2, 3, 4].map((n) => retryDelayMs(n, 30_000)),
      [30_000, 60_000, 120_000, 240_000],
    );
    assert.equal(retryDelayMs(40, 30_000), MAX_RETRY_DELAY_MS);
  });

  it("refuses non-https, private, loopback, link-local and metadata targets; loopback http only in the emulator", () => {
    assert.equal(notifyUrlRefusal("https://hooks.example.com/x", false), null);
    for (const url of [
      "http://hooks.example.com/",
      "https://10.1.2.3/",
      "https://192.168.0.1/",
      "https://127.0.0.1/",
      "https://[::1]/",
      "https://169.254.169.254/",
      "https://metadata.google.internal/",
      "https://localhost/",
      "https://user:pw@example.com/",
      "not a url",
    ]) {
      assert.match(notifyUrlRefusal(url, false) ?? "allowed", /^notify_url /, url);
    }
    assert.equal(notifyUrlRefusal("http://127.0.0.1:5000/hook", true), null);
    assert.match(notifyUrlRefusal("http://10.0.0.1/hook", true) ?? "allowed", /notify_url/);
  });

  it("drops a refused notify_url from the audience but keeps the owner", () => {
    assert.deepEqual(endingAudience({ owner_uid: "u", notify_url: "https://10.0.0.1/" }), {
      ownerUid: "u",
      notifyUrl: null,
    });
    assert.deepEqual(endingAudience({ owner_uid: 7 }), { ownerUid: null, notifyUrl: null });
  });
});
