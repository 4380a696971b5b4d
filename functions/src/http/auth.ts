import { getApps, initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import type { Request } from "firebase-functions/v2/https";
import type { Scope } from "../analytics/queries";
import { HttpError } from "./errors";

/** Who is asking: a verified Firebase Auth user, an administrator when the `admin` claim is true. */
export interface Viewer {
  uid: string;
  admin: boolean;
}

const REALM = 'Bearer realm="mission-control"';

function auth() {
  if (!getApps().some((app) => app.name === "[DEFAULT]")) initializeApp();
  return getAuth();
}

/**
 * Verifies the `Authorization: Bearer <Firebase ID token>` header. No token or a malformed
 * header → 401 `missing_token`; a token Firebase Auth rejects (forged, expired, another
 * project's, a deleted user's in the emulator) → 401 `invalid_token`.
 */
export async function authenticate(request: Request): Promise<Viewer> {
  const header = request.get("authorization") ?? "";
  const match = /^Bearer\s+([A-Za-z0-9._~+/=-]+)\s*$/i.exec(header);
  if (!match?.[1]) {
    throw new HttpError(401, "missing_token", "sign in: send a Firebase ID token as `Authorization: Bearer <token>`", {
      "WWW-Authenticate": REALM,
    });
  }
  try {
    const decoded = await auth().verifyIdToken(match[1]);
    return { uid: decoded.uid, admin: decoded.admin === true };
  } catch (error) {
    const code = (error as { code?: string }).code ?? "";
    const reason =
      code === "auth/id-token-expired" ? "the ID token has expired; refresh it" : "the ID token is not valid";
    throw new HttpError(401, "invalid_token", reason, {
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
