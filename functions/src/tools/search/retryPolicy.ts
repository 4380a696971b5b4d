import type { IncomingHttpHeaders } from "node:http";
import { headerValue } from "../../net/guardedFetch";

export interface WaitHint {
  ms: number;
  /** Which header asked for it, for messages. */
  source: string;
}

/** "1, 15000" → [1, 15000]: Brave lists one value per rate-limit window. */
function numberList(value: string | undefined): number[] {
  if (value === undefined) return [];
  return value
    .split(",")
    .map((part) => Number(part.trim()))
    .filter((n) => Number.isFinite(n));
}

/**
 * How long the provider asks us to wait. `Retry-After` (seconds or an HTTP date) wins;
 * otherwise Brave's `X-RateLimit-Reset` for the windows `X-RateLimit-Remaining` says are
 * used up (so a spent monthly quota shows as a very long wait, not a one-second one).
 */
export function waitHint(headers: IncomingHttpHeaders, now: number = Date.now()): WaitHint | undefined {
  const retryAfter = headerValue(headers, "retry-after");
  if (retryAfter !== undefined) {
    const seconds = Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return { ms: seconds * 1000, source: "Retry-After" };
    const date = Date.parse(retryAfter);
    if (Number.isFinite(date)) return { ms: Math.max(0, date - now), source: "Retry-After" };
  }
  const resets = numberList(headerValue(headers, "x-ratelimit-reset"));
  if (resets.length === 0) return undefined;
  const remaining = numberList(headerValue(headers, "x-ratelimit-remaining"));
  const spent = resets.filter((_, index) => remaining[index] !== undefined && remaining[index] <= 0);
  const seconds = spent.length > 0 ? Math.max(...spent) : Math.min(...resets);
  return { ms: seconds * 1000, source: "X-RateLimit-Reset" };
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries spread out. */
export function backoffMs(attempt: number, baseMs: number, random: () => number = Math.random): number {
  const exp = baseMs * 2 ** attempt;
  return Math.round(exp / 2 + random() * (exp / 2));
}

export function isRetryableStatus(status: number): boolean {
  return status === 429 || status >= 500;
}
