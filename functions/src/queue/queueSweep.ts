import type { Firestore } from "firebase-admin/firestore";
import { MISSIONS } from "../firebase";
import { ownerUidSchema } from "../missions/schema";
import { refillAfterEnding } from "./userSlots";

/** Queued missions looked at per sweep, oldest first: their owners' queues are refilled. */
const QUEUED_SCAN = 200;

/**
 * The sweeper's part in "slots are never lost": an ending frees its slot in its own commit and
 * promotes the owner's next queued mission right after; should the process die between the
 * two, the queue would wait for an ending that may never come. Each sweep refills the queues
 * of the owners of the oldest queued missions (a no-op where no slot is free). Returns the
 * owners it looked at.
 */
export async function refillStrandedQueues(db: Firestore, configuredLimit: number): Promise<string[]> {
  if (configuredLimit <= 0) return [];
  const queued = await db
    .collection(MISSIONS)
    .where("status", "==", "queued")
    .orderBy("execution_record.queue.queued_at")
    .limit(QUEUED_SCAN)
    .select("owner_uid")
    .get();
  const owners = [...new Set(queued.docs.flatMap((doc) => ownerUidSchema.safeParse(doc.get("owner_uid")).data ?? []))];
  for (const owner of owners) await refillAfterEnding(db, owner, configuredLimit);
  return owners;
}
