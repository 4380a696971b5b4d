import assert from "node:assert/strict";
import { getAuth } from "firebase-admin/auth";
import { sleep, uniqueId } from "../helpers/emulator";
import { bearer, functionUrl, idTokenFor } from "./helpers";

interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * The Auth emulator checks revocation whatever the caller asks (test/unit/auth.test.ts
 * checks that `authenticate` asks); these show what a revoked or disabled user gets.
 */
describe("HTTP API: revoked sessions and disabled users (emulator)", function () {
  this.timeout(60_000);

  it("refuses a token whose session was revoked, as it does when the admin claim is taken away", async () => {
    const uid = uniqueId("former-admin");
    const oldToken = await idTokenFor(uid, { admin: true });
    const before = await fetch(functionUrl("/analytics/all"), { headers: bearer(oldToken) });
    assert.equal(((await before.json()) as { scope: string }).scope, "all");
    // Revocation compares whole seconds: the token must be older than the revocation.
    await sleep(1100);
    await getAuth().setCustomUserClaims(uid, null);
    await getAuth().revokeRefreshTokens(uid);
    const after = await fetch(functionUrl("/analytics/all"), { headers: bearer(oldToken) });
    assert.equal(after.status, 401);
    assert.equal(((await after.json()) as ErrorBody).error.code, "token_revoked");
    const fresh = await fetch(functionUrl("/analytics/all"), { headers: bearer(await idTokenFor(uid)) });
    assert.equal(((await fresh.json()) as { scope: string }).scope, "own");
  });

  it("drops admin scope once the claim is removed, with no revocation, after the claims cache window", async () => {
    // functions/.env.local sets ADMIN_CLAIMS_CACHE_MS=1500 for the emulator (default 30 s, at most 60 s).
    const uid = uniqueId("demoted-admin");
    const token = await idTokenFor(uid, { admin: true });
    const scopeNow = async () => {
      const response = await fetch(functionUrl("/analytics/all"), { headers: bearer(token) });
      assert.equal(response.status, 200);
      return ((await response.json()) as { scope: string }).scope;
    };
    assert.equal(await scopeNow(), "all");
    await getAuth().setCustomUserClaims(uid, null);
    await sleep(2000);
    assert.equal(await scopeNow(), "own", "the same, unexpired token no longer has admin scope");
  });

  it("refuses a disabled account's token", async () => {
    const uid = uniqueId("disabled");
    const token = await idTokenFor(uid);
    assert.equal((await fetch(functionUrl("/analytics/all"), { headers: bearer(token) })).status, 200);
    await getAuth().updateUser(uid, { disabled: true });
    const response = await fetch(functionUrl("/analytics/all"), { headers: bearer(token) });
    assert.equal(response.status, 401);
    assert.equal(((await response.json()) as ErrorBody).error.code, "user_disabled");
  });
});
