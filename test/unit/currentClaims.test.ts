import assert from "node:assert/strict";
import type { UserRecord } from "firebase-admin/auth";
import { currentAdminCheck, type UserReader } from "../../functions/src/http/currentClaims";

/** A user store answering as Firebase Auth's getUser does, counting lookups. */
function users(claims: Record<string, Record<string, unknown> | undefined>) {
  let lookups = 0;
  const reader: UserReader = {
    getUser: async (uid) => {
      lookups += 1;
      return { uid, customClaims: claims[uid] } as unknown as UserRecord;
    },
  };
  return { reader, lookups: () => lookups };
}

describe("currentAdminCheck", () => {
  it("reads the current claim, remembers it for the cache window, then reads it again", async () => {
    const claims: Record<string, Record<string, unknown> | undefined> = { a: { admin: true } };
    const store = users(claims);
    const check = currentAdminCheck({ ttlMs: 50, users: () => store.reader });
    assert.equal(await check("a"), true);
    claims.a = {};
    assert.equal(await check("a"), true, "within the window the remembered answer stands");
    assert.equal(store.lookups(), 1);
    await new Promise((resolve) => setTimeout(resolve, 80));
    assert.equal(await check("a"), false, "after the window the removed claim is seen");
    assert.equal(store.lookups(), 2);
  });

  it("never trusts an answer longer than a minute, whatever it is configured to", async () => {
    const store = users({ a: { admin: true } });
    const realNow = Date.now;
    const check = currentAdminCheck({ ttlMs: 3_600_000, users: () => store.reader });
    try {
      await check("a");
      const start = realNow();
      Date.now = () => start + 60_001;
      await check("a");
      assert.equal(store.lookups(), 2);
    } finally {
      Date.now = realNow;
    }
  });

  it("takes only a boolean true and does not remember a failed lookup", async () => {
    const store = users({ s: { admin: "true" } });
    const check = currentAdminCheck({ ttlMs: 10_000, users: () => store.reader });
    assert.equal(await check("s"), false);
    let fail = true;
    const flaky = currentAdminCheck({
      ttlMs: 10_000,
      users: () => ({
        getUser: async (uid) => {
          if (fail) throw new Error("unavailable");
          return { uid, customClaims: { admin: true } } as unknown as UserRecord;
        },
      }),
    });
    await assert.rejects(flaky("f"));
    fail = false;
    assert.equal(await flaky("f"), true);
  });
});
