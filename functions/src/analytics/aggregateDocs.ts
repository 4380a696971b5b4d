import type { DocumentReference, Firestore } from "firebase-admin/firestore";
import type { Scope } from "./queries";

/**
 * Aggregates maintained incrementally, once per finished run, so that analytics reads a
 * fixed number of small documents whatever the number of missions.
 *
 * Layout (backend-only collections; the rules deny clients):
 * - `analytics_totals/{scope}_s{n}`: all-time totals of a scope, split over shardCount(scope)
 *   shards (shards.ts: sized from the finished-mission rate, since one document sustains about
 *   one write per second); readers add up the shards that exist.
 * - `analytics_daily/{day}_{scope}_s{n}`: the same for one UTC day ("missions today").
 * - `analytics_recorded/{runId}`: the marker that makes recording idempotent (one per approval,
 *   however many attempts the run took).
 * A scope is `all` or `u_<uid>` (one owner), so a non-admin's dashboard reads only their own.
 */
export const TOTALS = "analytics_totals";
export const DAILY = "analytics_daily";
export const RECORDED = "analytics_recorded";

/** The stored key of a UTC hour ("h07"): daily documents count finished runs per hour. */
export function hourKey(hour: number): string {
  return `h${String(hour).padStart(2, "0")}`;
}

export function scopeKey(scope: Scope): string {
  // encodeURIComponent keeps a document id free of "/" whatever the uid holds.
  return scope.kind === "all" ? "all" : `u_${encodeURIComponent(scope.uid)}`;
}

/** The id every totals shard of a scope starts with (the shard number follows). */
export function totalsPrefix(scope: Scope): string {
  return `${scopeKey(scope)}_s`;
}

/** The id every daily shard of a scope and UTC day starts with. */
export function dailyPrefix(scope: Scope, day: string): string {
  return `${day}_${scopeKey(scope)}_s`;
}

export function totalsRef(db: Firestore, scope: Scope, shard: number): DocumentReference {
  return db.collection(TOTALS).doc(`${totalsPrefix(scope)}${shard}`);
}

export function dailyRef(db: Firestore, scope: Scope, day: string, shard: number): DocumentReference {
  return db.collection(DAILY).doc(`${dailyPrefix(scope, day)}${shard}`);
}
