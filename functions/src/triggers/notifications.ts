import { firestore } from "../firebase";
import { deliverNotification } from "../notify/deliver";
import { loadNotifyConfig } from "../notify/notifyConfig";
import { sweepNotifications } from "../notify/sweep";

/** The first delivery of a mission's ending, as soon as the ending's commit created its notification. */
export async function deliverCreatedNotification(runId: string): Promise<void> {
  await deliverNotification(runId, { db: firestore(), config: loadNotifyConfig(), now: Date.now });
}

/** Every retry that is due (the notification documents say when). */
export async function retryDueNotifications(): Promise<void> {
  await sweepNotifications({ db: firestore(), config: loadNotifyConfig(), now: Date.now });
}
