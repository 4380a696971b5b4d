import { asPipelineError } from "../../errors";

export interface RetryPolicy {
  /** Tries in all, the first included. */
  attempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/**
 * Contention and brief unavailability are normal under load (the emulator answers a crowded
 * document with `ABORTED: Transaction lock timeout`; production with ABORTED or UNAVAILABLE).
 * Firestore's own transaction retries are quick and few, so work after the claim retries a
 * transient error here, with capped exponential backoff and full jitter so that the runs
 * that collided do not collide again. Any other error, or the last one, is thrown.
 */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { attempts: 6, baseDelayMs: 50, maxDelayMs: 2_000 };

export async function withTransientRetries<T>(
  work: () => Promise<T>,
  policy: RetryPolicy = DEFAULT_RETRY_POLICY,
  onRetry?: (attempt: number, error: unknown) => void,
): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= policy.attempts || !asPipelineError(error).retryable) throw error;
      onRetry?.(attempt, error);
      const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * ceiling));
    }
  }
}
