import assert from "node:assert/strict";
import type { DecodedIdToken } from "firebase-admin/auth";
import type { Request } from "firebase-functions/v2/https";
import { authenticate, type TokenVerifier } from "../../functions/src/http/auth";
import { HttpError } from "../../functions/src/http/errors";

/** Only the header `authenticate` reads. */
function requestWith(authorization: string): Request {
  const headers: Record<string, string> = { authorization };
  return { get: (name: string) => headers[name.toLowerCase()] } as unknown as Request;
}

/** A verifier that records how it was asked, answering as Firebase Auth would. */
function verifier(answer: () => Promise<DecodedIdToken>) {
  const calls: { token: string; checkRevoked: boolean | undefined }[] = [];
  const verify: TokenVerifier = {
    verifyIdToken: async (token, checkRevoked) => {
      calls.push({ token, checkRevoked });
      return answer();
    },
  };
  return { verify, calls };
}

const authError = (code: string) => Object.assign(new Error(code), { code });

async function refusal(promise: Promise<unknown>): Promise<HttpError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HttpError, `expected an HttpError, got ${String(error)}`);
    return error;
  }
  throw new Error("expected a refusal");
}

describe("authenticate", () => {
  it("asks Firebase Auth to check revocation and disabled accounts, not only the signature", async () => {
    const { verify, calls } = verifier(async () => ({ uid: "u1", admin: true }) as unknown as DecodedIdToken);
    const adminNow = async () => true;
    assert.deepEqual(await authenticate(requestWith("Bearer abc.def.ghi"), verify, adminNow), {
      uid: "u1",
      admin: true,
    });
    assert.deepEqual(calls, [{ token: "abc.def.ghi", checkRevoked: true }]);
  });

  it("grants admin only when the token and the user's current claims both say admin", async () => {
    const { verify } = verifier(async () => ({ uid: "u1", admin: true }) as unknown as DecodedIdToken);
    const asked: string[] = [];
    const removed = async (uid: string) => (asked.push(uid), false);
    assert.equal((await authenticate(requestWith("Bearer t"), verify, removed)).admin, false);
    assert.deepEqual(asked, ["u1"]);
    const plain = verifier(async () => ({ uid: "u2" }) as unknown as DecodedIdToken);
    assert.equal((await authenticate(requestWith("Bearer t"), plain.verify, removed)).admin, false);
    assert.deepEqual(asked, ["u1"], "a token without the claim costs no Auth lookup");
  });

  it("takes only a boolean admin claim", async () => {
    for (const admin of ["true", 1, [true], { admin: true }]) {
      const { verify } = verifier(async () => ({ uid: "u1", admin }) as unknown as DecodedIdToken);
      assert.equal((await authenticate(requestWith("Bearer t"), verify)).admin, false, JSON.stringify(admin));
    }
  });

  it("tells a revoked session, a disabled account and a bad token apart, all 401", async () => {
    const cases: [string, string][] = [
      ["auth/id-token-revoked", "token_revoked"],
      ["auth/user-disabled", "user_disabled"],
      ["auth/id-token-expired", "invalid_token"],
      ["auth/argument-error", "invalid_token"],
      ["auth/user-not-found", "invalid_token"],
    ];
    for (const [code, expected] of cases) {
      const { verify } = verifier(() => Promise.reject(authError(code)));
      const error = await refusal(authenticate(requestWith("Bearer t"), verify));
      assert.deepEqual([error.status, error.code], [401, expected], code);
      assert.match(error.headers["WWW-Authenticate"] ?? "", /^Bearer realm="mission-control", error="invalid_token"$/);
    }
  });

  it("answers 503, not 401, when Auth itself cannot be reached", async () => {
    for (const failure of [
      authError("auth/internal-error"),
      authError("app/network-error"),
      new Error("socket hang up"),
    ]) {
      const { verify } = verifier(() => Promise.reject(failure));
      const error = await refusal(authenticate(requestWith("Bearer t"), verify));
      assert.deepEqual([error.status, error.code], [503, "unavailable"], failure.message);
    }
  });

  it("never asks Auth without a well-formed Bearer header", async () => {
    for (const header of ["", "Basic abc", "Bearer", "Bearer a b", "Bearer a,Bearer b", "bearer\ta\nb"]) {
      const { verify, calls } = verifier(() => Promise.reject(new Error("must not be called")));
      const error = await refusal(authenticate(requestWith(header), verify));
      assert.deepEqual([error.status, error.code, calls.length], [401, "missing_token", 0], JSON.stringify(header));
    }
  });
});
