import type { Auth } from "firebase-admin/auth";
import type { Request } from "firebase-functions/v2/https";
import type { Scope } from "../analytics/queries";
import { adminAuth } from "../firebase";
import { HttpError } from "./errors";
import { apiAdminCheck, type CurrentAdminCheck } from "./currentClaims";

/** Who is asking: a verified Firebase Auth user, an administrator when the `admin` claim is true. */
export interface Viewer {
  uid: string;
  admin: boolean;
}

const REALM = 'Bearer realm="mission-control"';

/** What `authenticate` needs of Firebase Auth; the tests hand it a recording one. */
export type TokenVerifier = Pick<Auth, "verifyIdToken">;

/** Firebase Auth's refusals that mean "this token may not be used", with what to tell the client. */
const REFUSALS: Record<string, { code: string; message: string }> = {
  "auth/id-token-expired": { code: "invalid_token", message: "the ID token has expired; refresh it" },
  "auth/id-token-revoked": { code: "token_revoked", message: "the session was revoked; sign in again" },
  "auth/user-disabled": { code: "user_disabled", message: "this account is disabled" },
  "auth/user-not-found": { code: "invalid_token", message: "the ID token's user does not exist" },
};

/**
 * Verifies the `Authorization: Bearer <Firebase ID token>` header (and nothing else: a token
 * in the query string or a cookie is not looked at). No token or a malformed header → 401
 * `missing_token`. The token is checked against Firebase Auth's user record as well as its
 * signature (`checkRevoked`), so a revoked session (revokeRefreshTokens, which is also how
 * a removed admin claim takes effect at once) → 401 `token_revoked` and a disabled account
 * → 401 `user_disabled`, instead of both working until the token expires; a forged, expired
 * or another project's token → 401 `invalid_token`. Auth itself failing → 503.
 * Admin scope needs the claim in the token AND in the user's current claims
 * (http/currentClaims.ts), so a removed claim stops working within ADMIN_CLAIMS_CACHE_MS.
 */
export async function authenticate(
  request: Request,
  verifier: TokenVerifier = adminAuth(),
  isAdminNow: CurrentAdminCheck = apiAdminCheck,
): Promise<Viewer> {
  const header = request.get("authorization") ?? "";
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw new HttpError(401, "missing_token", "sign in: send a Firebase ID token as `Authorization: Bearer <token>`", {
      "WWW-Authenticate": REALM,
    });
  }
  try {
    const decoded = await verifier.verifyIdToken(match[1], true);
    const admin = decoded.admin === true && (await isAdminNow(decoded.uid));
    return { uid: decoded.uid, admin };
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code !== "string" || !code.startsWith("auth/") || code === "auth/internal-error") {
      throw new HttpError(503, "unavailable", "could not verify the sign-in right now; try again", {
        "Retry-After": "5",
      });
    }
    const refusal = REFUSALS[code] ?? { code: "invalid_token", message: "the ID token is not valid" };
    throw new HttpError(401, refusal.code, refusal.message, {
      "WWW-Authenticate": `${REALM}, error="invalid_token"`,
    });
  }
}

/** An admin sees every mission; anyone else only their own. */
export function scopeOf(viewer: Viewer): Scope {
  return viewer.admin ? { kind: "all" } : { kind: "owner", uid: viewer.uid };
}

export function canSee(viewer: Viewer, ownerUid: string | undefined): boolean {
  return viewer.admin || (ownerUid !== undefined && ownerUid === viewer.uid);
}
