import type { DocumentReference, DocumentSnapshot, Firestore, Transaction } from "firebase-admin/firestore";
import { FieldValue } from "firebase-admin/firestore";
import * as z from "zod";
import { isAlreadyExists } from "../../errors";
import { BUDGET_LEDGER } from "../../firebase";
import { intSetting } from "../../settings";

/**
 * The documents of one day's budget ledger (pipeline/budget/budgetLedger.ts says how they are
 * used): `budget_ledger/{day}` pins the day's shard count, `shards/{n}` hold what is reserved
 * and spent from each part of the cap, `entries/{runId}` what each run reserved and settled.
 */

export const budgetShards = intSetting({
  name: "BUDGET_SHARDS",
  default: 200,
  min: 1,
  // The near-the-cap path reads every shard in one transaction (at most 500 documents).
  max: 400,
  description:
    "Shard documents of each day's budget ledger: each sustains ~0.5 paid missions/s (a reserve and a " +
    "settle write); size it as 4× the peak paid missions per second. A change applies from the next UTC day.",
});
/** The shard count of a day opened before the count was pinned on the day document. */
const LEGACY_SHARDS = 8;

export const shardSchema = z.object({
  reserved_microusd: z.number().int().nonnegative().default(0),
  spent_microusd: z.number().int().nonnegative().default(0),
});
export type Shard = z.infer<typeof shardSchema>;

export const entrySchema = z.object({
  state: z.enum(["reserved", "settled", "released"]),
  estimate_microusd: z.number().int().nonnegative(),
  /** Shard number → how much of the estimate came from it. */
  parts: z.record(z.string(), z.number().int().nonnegative()),
  actual_microusd: z.number().int().nonnegative().nullable(),
});
export type Entry = z.infer<typeof entrySchema>;

/** The shards of one day: how many, and each one's part of the current cap. */
export interface DayShards {
  readonly count: number;
}

/** Shard n's part of the cap: an even split, the remainder on shard 0. */
export function shardAllowance(capMicroUsd: number, shard: number, shards: DayShards): number {
  const even = Math.floor(capMicroUsd / shards.count);
  return shard === 0 ? capMicroUsd - even * (shards.count - 1) : even;
}

export function dayRef(db: Firestore, day: string): DocumentReference {
  return db.collection(BUDGET_LEDGER).doc(day);
}

export function shardRef(db: Firestore, day: string, shard: number): DocumentReference {
  return dayRef(db, day).collection("shards").doc(String(shard));
}

export function shardRefs(db: Firestore, day: string, shards: DayShards): DocumentReference[] {
  return Array.from({ length: shards.count }, (_, shard) => shardRef(db, day, shard));
}

const dayDocSchema = z.object({ shards: z.number().int().min(1).max(1000) });
/** A day's shard count never changes once pinned, so each instance reads it once per day. */
const pinnedShards = new Map<string, DayShards>();

/**
 * The day's shard count, pinning it when the day opens (`open`: the count to pin, else the day
 * is read as it is, and a day nobody opened has no shards). A day whose shards older code wrote
 * before the count was pinned keeps their count.
 */
export async function dayShards(db: Firestore, day: string, open?: number): Promise<DayShards | null> {
  const known = pinnedShards.get(day);
  if (known) return known;
  const ref = dayRef(db, day);
  let doc = await ref.get();
  if (!doc.exists && open !== undefined) {
    const legacy = !(await ref.collection("shards").limit(1).get()).empty;
    await ref
      .create({ shards: legacy ? LEGACY_SHARDS : open, opened_at: FieldValue.serverTimestamp() })
      .catch((error: unknown) => {
        // Another reservation opened the day first: its count stands.
        if (!isAlreadyExists(error)) throw error;
      });
    doc = await ref.get();
  }
  if (!doc.exists) return null;
  const shards: DayShards = { count: dayDocSchema.parse(doc.data()).shards };
  if (pinnedShards.size > 4) pinnedShards.clear(); // an instance lives through a few days at most
  pinnedShards.set(day, shards);
  return shards;
}

export function entryRef(db: Firestore, day: string, runId: string): DocumentReference {
  return dayRef(db, day).collection("entries").doc(runId);
}

/** A shard that does not exist yet has nothing reserved or spent; the first write creates it. */
export function shardOf(doc: DocumentSnapshot | undefined): Shard {
  return doc?.exists ? shardSchema.parse(doc.data()) : { reserved_microusd: 0, spent_microusd: 0 };
}

/** What shard n may still promise under today's cap (negative when a lowered cap is overrun). */
export function left(shard: Shard, capMicroUsd: number, n: number, shards: DayShards): number {
  return shardAllowance(capMicroUsd, n, shards) - shard.reserved_microusd - shard.spent_microusd;
}

export function entryOf(doc: DocumentSnapshot | undefined): Entry | null {
  return doc?.exists ? entrySchema.parse(doc.data()) : null;
}

export async function readEntry(tx: Transaction, ref: DocumentReference): Promise<Entry | null> {
  return entryOf(await tx.get(ref));
}

export interface DayTotals {
  /** The day's shard count (0: no reservation opened the day yet). */
  shards: number;
  capMicroUsd: number;
  reservedMicroUsd: number;
  spentMicroUsd: number;
}

/** The day's totals across shards (tests and the bench check the cap with it). */
export async function readDayTotals(db: Firestore, day: string, capMicroUsd: number): Promise<DayTotals> {
  const count = await dayShards(db, day);
  if (!count) return { shards: 0, capMicroUsd, reservedMicroUsd: 0, spentMicroUsd: 0 };
  const shards = (await db.getAll(...shardRefs(db, day, count))).map(shardOf);
  return {
    shards: count.count,
    capMicroUsd: shards.reduce((sum, _shard, n) => sum + shardAllowance(capMicroUsd, n, count), 0),
    reservedMicroUsd: shards.reduce((sum, shard) => sum + shard.reserved_microusd, 0),
    spentMicroUsd: shards.reduce((sum, shard) => sum + shard.spent_microusd, 0),
  };
}
