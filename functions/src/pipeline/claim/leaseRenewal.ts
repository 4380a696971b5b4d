/**
 * When a progress write renews the run's lease: only once the renewal moves it by at least
 * half a lease. `execution_record.lease_expires_at` is indexed (the sweeper queries it) and
 * ever-increasing, so rewriting it with every progress write (about one a second per running
 * mission) costs index writes on a hot-spot-prone index for nothing: the sweeper only needs
 * the lease to stay ahead of a live worker. With this rule it stays at least half a lease
 * ahead of any worker that writes, and an attempt (at most the function's 540 s timeout,
 * under a 600 s lease) renews it at most once. Returns the new expiry, or null to keep it.
 */
export function renewedLease(writtenUntilMs: number, nowMs: number, leaseMs: number): number | null {
  const renewed = nowMs + leaseMs;
  return renewed - writtenUntilMs >= leaseMs / 2 ? renewed : null;
}
