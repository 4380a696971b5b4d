import { Timestamp } from "firebase-admin/firestore";
import * as z from "zod";
import { formatIssues } from "../missions/formatIssues";

const timestamp = z.instanceof(Timestamp);

/** One POST of a notification, as recorded on its document. */
export const deliveryAttemptSchema = z.object({
  at: timestamp,
  http_status: z.number().int().nullable(),
  outcome: z.enum(["delivered", "retry", "rejected", "gave_up"]),
  error: z.string().nullable(),
  duration_ms: z.number().nonnegative(),
});
export type DeliveryAttempt = z.infer<typeof deliveryAttemptSchema>;

/** `notifications/{runId}`: written by the ending's commit (notify/ending.ts), then by delivery only. */
export const notificationSchema = z.object({
  mission_id: z.string().min(1),
  run_id: z.string().min(1),
  url: z.string().min(1),
  body: z.string(),
  /** pending: to be (re)tried at next_attempt_at; delivered: a 2xx; failed: a 4xx, or 24 h of failures. */
  state: z.enum(["pending", "delivered", "failed"]),
  attempt_count: z.number().int().nonnegative(),
  attempts: z.array(deliveryAttemptSchema),
  next_attempt_at: timestamp.nullable(),
  lease_until: timestamp.nullable(),
  created_at: timestamp,
});
export type Notification = z.infer<typeof notificationSchema>;

export function parseNotification(data: unknown): { ok: true; value: Notification } | { ok: false; message: string } {
  const parsed = notificationSchema.safeParse(data);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: `invalid notification: ${formatIssues(parsed.error.issues)}` };
}
