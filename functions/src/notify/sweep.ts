import { Timestamp } from "firebase-admin/firestore";
import { deliverNotification, type DeliveryDeps } from "./deliver";
import { NOTIFICATIONS } from "./ending";

/** Notifications handled per sweep page. */
const PAGE_SIZE = 50;
/** Pages per sweep: the rest waits for the next run (a minute later). */
const MAX_PAGES = 10;

/**
 * Retries what is due: every `pending` notification whose `next_attempt_at` has passed, oldest
 * first, paged by that time so a notification that cannot be delivered never blocks the rest.
 * Driven by the documents, not by an instance's memory: a deliverer that dies mid-attempt
 * leaves its lease to run out, and the next sweep takes the notification again.
 */
export async function sweepNotifications(deps: DeliveryDeps): Promise<number> {
  let attempted = 0;
  let after: Timestamp | null = null;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    let query = deps.db
      .collection(NOTIFICATIONS)
      .where("state", "==", "pending")
      .where("next_attempt_at", "<=", Timestamp.fromMillis(deps.now()))
      .orderBy("next_attempt_at")
      .limit(PAGE_SIZE);
    if (after) query = query.startAfter(after);
    const snapshot = await query.get();
    for (const doc of snapshot.docs) {
      if ((await deliverNotification(doc.id, deps)) !== null) attempted += 1;
    }
    const last = snapshot.docs.at(-1)?.get("next_attempt_at");
    if (snapshot.size < PAGE_SIZE || !(last instanceof Timestamp)) break;
    after = last;
  }
  return attempted;
}
