/**
 * Step durations kept as counts per bucket, so a percentile can be read from the sharded
 * aggregates (which can only add numbers up) without keeping every run's duration.
 *
 * Buckets follow a 1-2-5 series in milliseconds. A percentile read from them is the upper
 * bound of the bucket that holds it: "90 % of runs took at most this long", never less than
 * the true value and at most 2.5 times it. The last bound is ten minutes, beyond the
 * functions' 540 s timeout, so no step duration falls outside the buckets.
 */
export const DURATION_BUCKETS_MS = [
  1, 2, 5, 10, 20, 50, 100, 200, 500, 1_000, 2_000, 5_000, 10_000, 20_000, 50_000, 100_000, 200_000, 600_000,
] as const;

/** The stored key of a bucket ("le_500": durations up to 500 ms). */
export function bucketKey(durationMs: number): string {
  const bound = DURATION_BUCKETS_MS.find((limit) => durationMs <= limit) ?? DURATION_BUCKETS_MS.at(-1);
  return `le_${bound}`;
}

/**
 * The upper bound of the bucket holding the `fraction` quantile (0.9 for p90), or null when
 * the histogram is empty. Unknown keys in stored data are ignored.
 */
export function quantileBound(counts: Readonly<Record<string, number>>, fraction: number): number | null {
  const perBucket = DURATION_BUCKETS_MS.map((bound) => counts[`le_${bound}`] ?? 0);
  const total = perBucket.reduce((sum, n) => sum + n, 0);
  if (total === 0) return null;
  const rank = Math.ceil(total * fraction);
  let seen = 0;
  for (const [index, n] of perBucket.entries()) {
    seen += n;
    if (seen >= rank) return DURATION_BUCKETS_MS[index] ?? null;
  }
  return null;
}

/** Adds one histogram into another (shards are added up). */
export function addCounts(into: Record<string, number>, from: Readonly<Record<string, number>>): void {
  for (const [key, n] of Object.entries(from)) into[key] = (into[key] ?? 0) + n;
}
