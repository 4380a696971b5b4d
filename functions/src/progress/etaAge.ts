import type { ProgressSnapshot } from "./schema";

/**
 * The snapshot as of `nowMs`, for a write that leaves later than the estimate was made. A
 * progress write is coalesced (at most one a second), so the estimate it carries may be up to
 * a second old: `eta_seconds` as stored was then the time left at `eta_at`, not at the write,
 * and a client reading `eta_seconds` alone saw it a second too long. Moving `eta_at` to the
 * write and taking the time since off `eta_seconds` (and its range) keeps the implied finish,
 * `eta_at + eta_seconds`, exactly where it was: the countdown and the steadiness bound see no
 * change, only the stored seconds are fresh.
 */
export function etaAsOf(snapshot: ProgressSnapshot, nowMs: number): ProgressSnapshot {
  const madeAt = snapshot.eta_at ? Date.parse(snapshot.eta_at) : Number.NaN;
  if (snapshot.eta_seconds === null || !Number.isFinite(madeAt) || nowMs <= madeAt) return snapshot;
  const since = (nowMs - madeAt) / 1000;
  const less = (seconds: number | undefined) => (seconds === undefined ? undefined : Math.max(0, seconds - since));
  const low = less(snapshot.eta_low_seconds);
  const high = less(snapshot.eta_high_seconds);
  return {
    ...snapshot,
    eta_at: new Date(nowMs).toISOString(),
    eta_seconds: Math.max(0, snapshot.eta_seconds - since),
    ...(low === undefined ? {} : { eta_low_seconds: low }),
    ...(high === undefined ? {} : { eta_high_seconds: high }),
  };
}
