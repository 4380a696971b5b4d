import { FieldPath, type DocumentSnapshot, type Firestore } from "firebase-admin/firestore";
import { intSetting, settingValue } from "../settings";
import type { Scope } from "./queries";
import type { QueryLog } from "./queryLog";

/**
 * How many shard documents a scope's aggregates are split over, sized from the load they count.
 *
 * Firestore sustains about one write per second to one document ("Best practices", Hotspots;
 * "Distributed counters"), and every finished run writes one totals and one daily shard of each
 * of its scopes. The `all` scope takes every finished run of the deployment, so its shard count
 * is a param sized from the target rate: 100 finished missions/s needs ≥ 100 shards; the default
 * 200 leaves 2× headroom for bursts. One owner finishes far fewer runs a second than the
 * deployment, so an owner's scope keeps a few shards (its dashboard reads fewer documents).
 */
export const analyticsShards = intSetting({
  name: "ANALYTICS_SHARDS",
  default: 200,
  min: 1,
  max: 1000,
  description:
    "Shard documents of the all-missions analytics counters: each sustains ~1 finished mission/s " +
    "(size it as 2× the peak finished missions per second; raising or lowering it loses no count)",
});

/** Shards of one owner's scope: ~4 finished runs/s per owner. */
export const OWNER_SHARDS = 4;
/** The most shards a scope may use: readers never read more than this many documents per collection. */
export const MAX_SHARDS = 1000;

/** The shard count recording uses for a scope now. Throws, naming the setting, when it is out of range. */
export function shardCount(scope: Scope): number {
  if (scope.kind === "owner") return OWNER_SHARDS;
  // Checked against its declaration (1–MAX_SHARDS): an error names the setting.
  const shards = settingValue(analyticsShards);
  return shards;
}

/** FNV-1a: a stable shard per execution id, so a repeated recording hits the same shard. */
export function shardOf(runId: string, shards: number): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < runId.length; i += 1) {
    hash ^= runId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

/**
 * Every shard document whose id is `prefix` followed by a shard number, by a range over the
 * document ids (the built-in `__name__` index: nothing to declare, nothing an exemption can
 * remove). Reading what exists, rather than getting shards 0..n-1, reads only the shards that
 * were written (few at a low load) and keeps counts recorded under an earlier shard count.
 * At most MAX_SHARDS documents; another scope whose key starts with this prefix is filtered out.
 */
async function shardDocuments(db: Firestore, collection: string, prefix: string): Promise<DocumentSnapshot[]> {
  const snapshot = await db
    .collection(collection)
    .where(FieldPath.documentId(), ">=", prefix)
    .where(FieldPath.documentId(), "<", `${prefix}\uffff`)
    .limit(MAX_SHARDS)
    .get();
  return snapshot.docs.filter((doc) => /^\d+$/.test(doc.id.slice(prefix.length)));
}

/**
 * The shard documents of several (collection, id prefix) groups, read in parallel and logged as
 * one read named `name` (billed one read per document returned, at least one per query).
 */
export async function readShardGroups(
  db: Firestore,
  name: string,
  groups: readonly { collection: string; prefix: string }[],
  log?: QueryLog,
): Promise<DocumentSnapshot[][]> {
  const started = performance.now();
  const results = await Promise.all(groups.map((group) => shardDocuments(db, group.collection, group.prefix)));
  const returned = results.reduce((sum, docs) => sum + docs.length, 0);
  log?.record({
    name,
    kind: "query",
    results: returned,
    billedReads: results.reduce((sum, docs) => sum + Math.max(1, docs.length), 0),
    ms: performance.now() - started,
  });
  return results;
}
