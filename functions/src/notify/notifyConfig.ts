import { defineInt, defineSecret } from "firebase-functions/params";
import { paramValue } from "../paramValue";

/** The key of every webhook's signature; bound only to the functions that deliver. */
export const webhookSecret = defineSecret("WEBHOOK_SECRET");

export const notifyParams = {
  retryBaseMs: defineInt("NOTIFY_RETRY_BASE_MS", {
    default: 30_000,
    description: "Wait before a failed webhook delivery's first retry; doubles per attempt up to an hour.",
  }),
  retryWindowMs: defineInt("NOTIFY_RETRY_WINDOW_MS", {
    default: 24 * 60 * 60 * 1000,
    description: "How long after a mission ends its webhook is retried (network errors, 429, 5xx).",
  }),
};

/** Longest wait between two attempts. */
export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;
/** How long one deliverer holds a notification while it posts (then another may take it). */
export const DELIVERY_LEASE_MS = 60_000;
/** Time allowed for one POST. */
export const DELIVERY_TIMEOUT_MS = 10_000;

export interface NotifyConfig {
  secret: string;
  retryBaseMs: number;
  retryWindowMs: number;
}

export function loadNotifyConfig(overrides: Partial<NotifyConfig> = {}): NotifyConfig {
  return {
    secret: webhookSecret.value(),
    retryBaseMs: paramValue(notifyParams.retryBaseMs),
    retryWindowMs: paramValue(notifyParams.retryWindowMs),
    ...overrides,
  };
}

/** Wait before attempt `attempt + 1` after `attempt` failures: base × 2^(attempt−1), capped. */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
}
