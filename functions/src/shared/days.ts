/**
 * The UTC day (YYYY-MM-DD) a moment falls in: the key of the daily budget ledger and of the
 * daily aggregates, so both agree on what "today" is.
 */
export function utcDay(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 10);
}
