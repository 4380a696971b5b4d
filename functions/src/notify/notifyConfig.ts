import { defineSecret } from "firebase-functions/params";
import { intSetting, loadSettings, type SettingValues } from "../settings";

/** The key of every webhook's signature; bound only to the functions that deliver. */
export const webhookSecret = defineSecret("WEBHOOK_SECRET");

export const notifyParams = {
  retryBaseMs: intSetting({
    name: "NOTIFY_RETRY_BASE_MS",
    default: 30_000,
    min: 10,
    max: 60 * 60 * 1000,
    description: "Wait before a failed webhook delivery's first retry; doubles per attempt up to an hour.",
  }),
  retryWindowMs: intSetting({
    name: "NOTIFY_RETRY_WINDOW_MS",
    default: 24 * 60 * 60 * 1000,
    min: 0,
    max: 30 * 24 * 60 * 60 * 1000,
    description: "How long after a mission ends its webhook is retried (network errors, 429, 5xx).",
  }),
};

/** Longest wait between two attempts. */
export const MAX_RETRY_DELAY_MS = 60 * 60 * 1000;
/** How long one deliverer holds a notification while it posts (then another may take it). */
export const DELIVERY_LEASE_MS = 60_000;
/** Time allowed for one POST. */
export const DELIVERY_TIMEOUT_MS = 10_000;

export type NotifyConfig = SettingValues<typeof notifyParams> & { secret: string };

export function loadNotifyConfig(overrides: Partial<NotifyConfig> = {}): NotifyConfig {
  return {
    secret: webhookSecret.value(),
    ...loadSettings(notifyParams),
    ...overrides,
  };
}

/** Wait before attempt `attempt + 1` after `attempt` failures: base × 2^(attempt−1), capped. */
export function retryDelayMs(attempt: number, baseMs: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, attempt - 1));
}
