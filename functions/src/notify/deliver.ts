import { createHmac } from "node:crypto";
import { FieldValue, Timestamp, type Firestore } from "firebase-admin/firestore";
import { errorMessage } from "../errors";
import { log } from "../logs";
import { FetchRefusedError } from "../net/fetchErrors";
import { GuardedFetcher } from "../net/guardedFetch";
import { loadNetLimits } from "../net/netConfig";
import { NOTIFICATIONS } from "./ending";
import { parseNotification, type DeliveryAttempt } from "./notificationSchema";
import { DELIVERY_LEASE_MS, DELIVERY_TIMEOUT_MS, retryDelayMs, type NotifyConfig } from "./notifyConfig";

export interface DeliveryDeps {
  db: Firestore;
  config: NotifyConfig;
  now: () => number;
}

export type DeliveryOutcome = DeliveryAttempt["outcome"];

/** `sha256=<hex HMAC-SHA256 of the raw body>`, keyed by WEBHOOK_SECRET: what a receiver recomputes. */
export function signatureOf(body: string, secret: string): string {
  return `sha256=${createHmac("sha256", secret).update(body, "utf8").digest("hex")}`;
}

/**
 * One delivery attempt of `notifications/{runId}`, if it is due: the notification is leased in
 * a transaction (so the creation trigger and the retry sweep never post it at the same time),
 * POSTed through the guarded fetch, and the attempt recorded with what follows from it:
 * a 2xx → delivered; a network error, 429 or 5xx → retried with backoff until the retry
 * window (24 h) closes; any other answer, or a refused address → failed, never retried.
 * Returns null when there was nothing to do (not due, leased, already finished).
 */
export async function deliverNotification(runId: string, deps: DeliveryDeps): Promise<DeliveryOutcome | null> {
  const ref = deps.db.collection(NOTIFICATIONS).doc(runId);
  const leased = await deps.db.runTransaction(async (tx) => {
    const doc = await tx.get(ref);
    if (!doc.exists) return null;
    const parsed = parseNotification(doc.data());
    if (!parsed.ok) {
      tx.update(ref, { state: "failed", error: parsed.message, next_attempt_at: null });
      return null;
    }
    const notification = parsed.value;
    const nowMs = deps.now();
    if (notification.state !== "pending") return null;
    if ((notification.next_attempt_at?.toMillis() ?? Infinity) > nowMs) return null;
    if ((notification.lease_until?.toMillis() ?? 0) > nowMs) return null;
    const leaseUntil = Timestamp.fromMillis(nowMs + DELIVERY_LEASE_MS);
    tx.update(ref, { lease_until: leaseUntil });
    return { notification, leaseUntil };
  });
  if (!leased) return null;
  const { notification, leaseUntil } = leased;

  const startedMs = deps.now();
  const { httpStatus, error, refused } = await post(notification.url, notification.body, runId, deps.config.secret);
  const endedMs = deps.now();
  const attemptCount = notification.attempt_count + 1;
  let outcome: DeliveryOutcome;
  if (httpStatus !== null && httpStatus >= 200 && httpStatus < 300) outcome = "delivered";
  else if (refused || (httpStatus !== null && httpStatus !== 429 && httpStatus < 500)) outcome = "rejected";
  else {
    const nextMs = endedMs + retryDelayMs(attemptCount, deps.config.retryBaseMs);
    outcome = nextMs <= notification.created_at.toMillis() + deps.config.retryWindowMs ? "retry" : "gave_up";
  }
  const attempt: DeliveryAttempt = {
    at: Timestamp.fromMillis(startedMs),
    http_status: httpStatus,
    outcome,
    error,
    duration_ms: endedMs - startedMs,
  };
  await deps.db.runTransaction(async (tx) => {
    const doc = await tx.get(ref);
    // Another deliverer took over after this lease ran out: its record stands.
    const heldUntil: unknown = doc.get("lease_until");
    if (!(heldUntil instanceof Timestamp) || !heldUntil.isEqual(leaseUntil)) return;
    tx.update(ref, {
      state: outcome === "retry" ? "pending" : outcome === "delivered" ? "delivered" : "failed",
      attempt_count: attemptCount,
      attempts: FieldValue.arrayUnion(attempt),
      lease_until: null,
      next_attempt_at:
        outcome === "retry"
          ? Timestamp.fromMillis(endedMs + retryDelayMs(attemptCount, deps.config.retryBaseMs))
          : null,
      ...(outcome === "delivered" ? { delivered_at: Timestamp.fromMillis(endedMs) } : {}),
    });
  });
  log.notificationAttempt(runId, attemptCount, outcome, httpStatus, error);
  return outcome;
}

async function post(
  url: string,
  body: string,
  runId: string,
  secret: string,
): Promise<{ httpStatus: number | null; error: string | null; refused: boolean }> {
  const fetcher = new GuardedFetcher(loadNetLimits({ maxResponseBytes: 64 * 1024 }));
  try {
    const response = await fetcher.get(url, {
      method: "POST",
      body,
      timeoutMs: DELIVERY_TIMEOUT_MS,
      headers: {
        "content-type": "application/json",
        "x-mission-signature": signatureOf(body, secret),
        "x-mission-delivery": runId,
      },
    });
    return { httpStatus: response.status, error: null, refused: false };
  } catch (error) {
    return { httpStatus: null, error: errorMessage(error), refused: error instanceof FetchRefusedError };
  } finally {
    await fetcher.close();
  }
}
