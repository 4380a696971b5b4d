import type { Response } from "express";
import { FieldValue, type Firestore } from "firebase-admin/firestore";
import type { Request } from "firebase-functions/v2/https";
import { MISSIONS } from "../../firebase";
import { statusOf } from "../../missions/approval";
import { ownerUidSchema } from "../../missions/schema";
import { isTerminal } from "../../missions/status";
import { cancelDraft } from "../../pipeline/lifecycle/statusChanges";
import { authenticate, canSee } from "../auth";
import { HttpError, notFound } from "../errors";
import { isReadableId } from "../ids";

/**
 * `POST /api/missions/{id}/cancel`: the owner (or an admin) asks a mission to stop, and is
 * told what that did, in one transaction:
 * - a draft is cancelled at once (200, `cancelled`);
 * - an approved, queued or executing mission gets `cancel_requested_at`; the run stops within
 *   about a second (a queued one is ended by the trigger, freeing nothing it did not hold) and
 *   ends `cancelled` (202, `cancel_requested`; asking again changes nothing);
 * - a finished mission is left as it is (409, `already_finished`, naming its status).
 * Clients may also set `cancel_requested_at` themselves (the rules allow exactly that); this
 * route is for clients that want the answer in words.
 */
export async function postMissionCancel(
  db: Firestore,
  request: Request,
  response: Response,
  missionId: string,
): Promise<void> {
  const viewer = await authenticate(request);
  const missing = () => notFound(`no mission ${missionId} that you may cancel`);
  if (!isReadableId(missionId)) throw missing();
  const ref = db.collection(MISSIONS).doc(missionId);
  const answer = await db.runTransaction(async (tx) => {
    const doc = await tx.get(ref);
    const owner = ownerUidSchema.safeParse(doc.get("owner_uid"));
    if (!doc.exists || !canSee(viewer, owner.success ? owner.data : undefined)) throw missing();
    const status = statusOf(doc.data());
    if (status === null) throw new HttpError(409, "unreadable", `mission ${missionId} has no readable status`);
    if (isTerminal(status)) {
      throw new HttpError(
        409,
        "already_finished",
        `mission ${missionId} already ended ${status}; cancelling changes nothing`,
      );
    }
    if (status === "draft") {
      tx.update(ref, cancelDraft());
      return { code: 200, status: "cancelled" as const };
    }
    if (doc.get("cancel_requested_at") == null) {
      tx.update(ref, { cancel_requested_at: FieldValue.serverTimestamp(), updated_at: FieldValue.serverTimestamp() });
    }
    return { code: 202, status: "cancel_requested" as const };
  });
  response.set({ "Cache-Control": "no-store" });
  response.status(answer.code).json({ mission_id: missionId, status: answer.status });
}
