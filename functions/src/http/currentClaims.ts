import type { Auth } from "firebase-admin/auth";
import { intSetting, settingValue } from "../settings";
import { adminAuth } from "../firebase";

export const claimsParams = {
  adminClaimsCacheMs: intSetting({
    name: "ADMIN_CLAIMS_CACHE_MS",
    default: 30_000,
    min: 0,
    max: 60_000,
    description:
      "How long one API instance trusts a user's current `admin` claim read from Firebase Auth (ms, at most 60000): removing the claim takes effect within this time.",
  }),
};

/** The longest a removed admin claim may keep working (issue 21: within a minute). */
export const MAX_ADMIN_CLAIMS_CACHE_MS = 60_000;

/** Whether the user holds the `admin` claim in Firebase Auth right now (not in an old token). */
export type CurrentAdminCheck = (uid: string) => Promise<boolean>;

/** What the check needs of Firebase Auth; tests may hand it a recording one. */
export type UserReader = Pick<Auth, "getUser">;

/**
 * Reads a user's custom claims from Firebase Auth and remembers the answer for `ttlMs`.
 *
 * Why a read and not token revocation: an ID token carries the claims it was minted with for
 * up to an hour, and revoking refresh tokens also signs the person out everywhere (for a
 * demotion that should not be necessary). Reading the current claims only for tokens that
 * claim admin costs one Auth lookup per admin per `ttlMs` per instance; everyone else pays
 * nothing. The cache is per instance and holds only booleans; concurrent requests for the
 * same uid share one lookup.
 */
export function currentAdminCheck(options: { ttlMs?: number; users?: () => UserReader } = {}): CurrentAdminCheck {
  const cache = new Map<string, { admin: Promise<boolean>; expiresAt: number }>();
  return async (uid) => {
    const ttlMs = Math.min(options.ttlMs ?? settingValue(claimsParams.adminClaimsCacheMs), MAX_ADMIN_CLAIMS_CACHE_MS);
    const now = Date.now();
    const hit = cache.get(uid);
    if (hit && hit.expiresAt > now) return hit.admin;
    const users = options.users?.() ?? adminAuth();
    const admin = users.getUser(uid).then((user) => user.customClaims?.admin === true);
    cache.set(uid, { admin, expiresAt: now + ttlMs });
    // A failed lookup is not remembered: the next request asks again.
    admin.catch(() => cache.delete(uid));
    if (cache.size > 10_000) cache.clear();
    return admin;
  };
}

/** The API's per-instance check (created on first import; one per Functions instance). */
export const apiAdminCheck: CurrentAdminCheck = currentAdminCheck();
