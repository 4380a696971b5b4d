import type { DocumentSnapshot } from "firebase-admin/firestore";
import { ownerUidSchema } from "../../missions/schema";
import { canSee, type Viewer } from "../auth";
import { HttpError, notFound } from "../errors";
import { isReadableId } from "../ids";

/**
 * What the REST routes allow, in one place, mirroring firestore.rules for the client SDK:
 * a mission is seen (and acted on) by its owner or an admin; to anyone else it does not exist
 * (404, never 403, so ids cannot be probed). A mission is created only as its caller's own,
 * except by an admin, who may list anyone's.
 */
export function missionNotFound(missionId: string): HttpError {
  return notFound(`no mission ${missionId} that you may see`);
}

/** Refuses an id Firestore could not read, before any read. */
export function requireReadableId(missionId: string): void {
  if (!isReadableId(missionId)) throw missionNotFound(missionId);
}

/** The mission's owner, when this viewer may see and act on it; else a 404. */
export function requireAccess(viewer: Viewer, missionId: string, doc: DocumentSnapshot): string {
  const owner = ownerUidSchema.safeParse(doc.get("owner_uid"));
  if (!doc.exists || !canSee(viewer, owner.success ? owner.data : undefined)) throw missionNotFound(missionId);
  return owner.success ? owner.data : "";
}

/** Whose missions a listing shows: the caller's own, or (admins only) `owner`'s. */
export function listingOwner(viewer: Viewer, owner: string | undefined): string {
  if (owner === undefined) return viewer.uid;
  if (!viewer.admin && owner !== viewer.uid) {
    throw new HttpError(403, "forbidden", "owner: only an admin may list another user's missions");
  }
  return owner;
}
