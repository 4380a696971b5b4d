import { FieldValue, type DocumentReference, type Firestore } from "firebase-admin/firestore";
import { BudgetExceededError } from "../../errors";
import { settingValue } from "../../settings";
import { formatUsd } from "../../shared/money";
import { passFaultPoint } from "../run/faultInjection";
import { DEFAULT_RETRY_POLICY, withTransientRetries, type RetryPolicy } from "../run/transientRetry";
import {
  budgetShards,
  dayShards,
  entryOf,
  entryRef,
  left,
  readEntry,
  shardOf,
  shardRef,
  shardRefs,
  type DayShards,
  type Entry,
} from "./ledgerDay";
import { settleUserBudget } from "./userBudget";

export { readDayTotals, budgetShards, type DayTotals } from "./ledgerDay";

/**
 * The global daily budget as a sharded counter with a hard cap.
 *
 * One document sustains about one write per second, and under contention transactions abort,
 * so a day's cap is split over shard documents (`budget_ledger/{day}/shards/{n}`), each allowed
 * an even part of the cap (computed from the current cap, never stored) and holding what is
 * reserved and spent from it. A reservation takes its whole estimate from one shard chosen at
 * random, trying a second; when both are too empty it reads every shard once (no transaction)
 * and refuses at once if the day has too little left, else gathers the estimate from several
 * shards in one transaction over all of them, so a race for the last dollars is decided
 * exactly. Every shard keeps `reserved + spent <= its part`, and the parts add up to the cap:
 * the day can never spend or promise more than its cap.
 *
 * How many shards a day has is fixed when the day opens (`budget_ledger/{day}.shards`, written
 * once by the first reservation) from BUDGET_SHARDS: changing the setting takes effect the next
 * UTC day, since parts computed over another count would no longer add up to the cap.
 *
 * Entries (`budget_ledger/{day}/entries/{runId}`) are keyed by the run (the approval), not
 * the attempt: however many attempts a run takes, it reserves once and settles once.
 */

/** Shards a reservation tries one by one before gathering from all of them. */
const SINGLE_SHARD_TRIES = 2;
/**
 * Reservations contend more than other writes: they come in bursts (many approvals at once
 * all reach budget_check within a few milliseconds, since a claim costs one write), and near
 * the cap every run queues for the same locks. So they get more tries than other transient
 * errors: about 6 s of jittered backoff in expectation, 13 s at most.
 */
const BURST_RETRY_POLICY: RetryPolicy = { attempts: 12, baseDelayMs: 50, maxDelayMs: 2_000 };

export interface ReserveRequest {
  day: string;
  runId: string;
  estimateMicroUsd: number;
  capMicroUsd: number;
  /** For tests and the bench: the shard order to try (default: random). */
  random?: () => number;
  /** For tests: the shard count to pin if this reservation opens the day (default BUDGET_SHARDS). */
  openWithShards?: number;
  /** Told about each transient error (contention) that is retried. */
  onRetry?: (attempt: number, error: unknown) => void;
}

/**
 * Reserves `estimateMicroUsd` of the day's budget for this run, or throws BudgetExceededError.
 * Safe to repeat: a run that already holds an entry (any state) reserves nothing more.
 */
export async function reserveDailyBudget(db: Firestore, request: ReserveRequest): Promise<void> {
  const { day, runId, estimateMicroUsd, capMicroUsd } = request;
  const entry = entryRef(db, day, runId);
  const shards = await dayShards(db, day, request.openWithShards ?? settingValue(budgetShards));
  if (!shards) throw new Error(`budget ledger day ${day} could not be opened`);
  const first = Math.floor((request.random ?? Math.random)() * shards.count);
  for (let offset = 0; offset < SINGLE_SHARD_TRIES; offset += 1) {
    // A shard whose lock is contended is left, not waited on: each retry tries the next one,
    // so a burst of reservations spreads over the shards instead of queueing on one.
    let contended = 0;
    const outcome = await withTransientRetries(
      () =>
        db.runTransaction(async (tx) => {
          const shard = (first + offset * 3 + contended) % shards.count;
          const ref = shardRef(db, day, shard);
          const [entryDoc, shardDoc] = await tx.getAll(entry, ref);
          if (entryOf(entryDoc)) return "done";
          const current = shardOf(shardDoc);
          if (left(current, capMicroUsd, shard, shards) < estimateMicroUsd) return "full";
          tx.set(ref, { ...current, reserved_microusd: current.reserved_microusd + estimateMicroUsd });
          tx.set(entry, newEntry(estimateMicroUsd, { [shard]: estimateMicroUsd }));
          return "done";
        }),
      BURST_RETRY_POLICY,
      (attempt, error) => {
        contended += 1;
        request.onRetry?.(attempt, error);
      },
    );
    if (outcome === "done") return;
  }
  // A quick look without locks: when the day is spent (the usual end of a race for the last
  // dollars) the run is refused without queueing for every shard's lock. A stale read can
  // only refuse early, never over-promise: the transaction below decides every grant.
  const available = await availableToday(db, day, capMicroUsd, shards);
  if (available < estimateMicroUsd && !(await entry.get()).exists) {
    throw exceeded(estimateMicroUsd, available, capMicroUsd);
  }
  await withTransientRetries(
    () => gatherFromAllShards(db, request, entry, shards),
    BURST_RETRY_POLICY,
    request.onRetry,
  );
}

/** The near-the-cap path: one transaction that sees every shard, so the last dollars are split exactly. */
async function gatherFromAllShards(
  db: Firestore,
  request: ReserveRequest,
  entry: DocumentReference,
  dayShardCount: DayShards,
): Promise<void> {
  const { day, estimateMicroUsd, capMicroUsd } = request;
  await db.runTransaction(async (tx) => {
    const refs = shardRefs(db, day, dayShardCount);
    // One read for all: every lock is asked for at once, in the same order by every run.
    const [entryDoc, ...docs] = await tx.getAll(entry, ...refs);
    if (entryOf(entryDoc)) return;
    const shards = docs.map(shardOf);
    const available = shards.reduce(
      (sum, shard, n) => sum + Math.max(0, left(shard, capMicroUsd, n, dayShardCount)),
      0,
    );
    if (available < estimateMicroUsd) throw exceeded(estimateMicroUsd, available, capMicroUsd);
    const parts: Record<string, number> = {};
    let needed = estimateMicroUsd;
    shards.forEach((shard, n) => {
      const take = Math.min(needed, Math.max(0, left(shard, capMicroUsd, n, dayShardCount)));
      const ref = refs[n];
      if (take === 0 || !ref) return;
      needed -= take;
      parts[n] = take;
      tx.set(ref, { ...shard, reserved_microusd: shard.reserved_microusd + take });
    });
    tx.set(entry, newEntry(estimateMicroUsd, parts));
  });
}

async function availableToday(db: Firestore, day: string, capMicroUsd: number, shards: DayShards): Promise<number> {
  const docs = await db.getAll(...shardRefs(db, day, shards));
  return docs.reduce((sum, doc, n) => sum + Math.max(0, left(shardOf(doc), capMicroUsd, n, shards)), 0);
}

function exceeded(estimateMicroUsd: number, available: number, capMicroUsd: number): BudgetExceededError {
  return new BudgetExceededError(
    `estimated cost ${formatUsd(estimateMicroUsd)} exceeds what is left of today's budget ` +
      `(${formatUsd(Math.max(0, available))} of ${formatUsd(capMicroUsd)})`,
  );
}

function newEntry(estimateMicroUsd: number, parts: Record<string, number>): Entry & { updated_at: FieldValue } {
  return {
    state: "reserved",
    estimate_microusd: estimateMicroUsd,
    parts,
    actual_microusd: null,
    updated_at: FieldValue.serverTimestamp(),
  };
}

/**
 * Replaces the run's reservation by what it actually spent (at most the estimate: a tool's
 * estimate is its price), giving the rest back to the shards it came from. Releasing is
 * settling at zero. Safe to repeat: only a `reserved` entry changes.
 */
export async function settleDailyBudget(
  db: Firestore,
  { day, runId, actualMicroUsd }: { day: string; runId: string; actualMicroUsd: number },
  finalState: "settled" | "released" = "settled",
  onRetry?: (attempt: number, error: unknown) => void,
): Promise<void> {
  const entry = entryRef(db, day, runId);
  await withTransientRetries(
    () =>
      db.runTransaction(async (tx) => {
        const current = await readEntry(tx, entry);
        passFaultPoint("budget settlement"); // inside an open transaction, where Firestore can close it
        if (current?.state !== "reserved") return;
        const refs = Object.keys(current.parts).map((shard) => ({ shard, ref: shardRef(db, day, Number(shard)) }));
        const docs = await Promise.all(refs.map(({ ref }) => tx.get(ref)));
        let toCharge = Math.min(actualMicroUsd, current.estimate_microusd);
        const charged = toCharge;
        refs.forEach(({ shard, ref }, index) => {
          const part = current.parts[shard] ?? 0;
          const stored = shardOf(docs[index]);
          const spent = Math.min(part, toCharge);
          toCharge -= spent;
          tx.set(ref, {
            ...stored,
            reserved_microusd: Math.max(0, stored.reserved_microusd - part),
            spent_microusd: stored.spent_microusd + spent,
          });
        });
        tx.set(entry, {
          ...current,
          state: finalState,
          actual_microusd: charged,
          updated_at: FieldValue.serverTimestamp(),
        });
      }),
    DEFAULT_RETRY_POLICY,
    onRetry,
  );
  // The owner's day (pipeline/budget/userBudget.ts) ends with the deployment's, at every ending.
  await settleUserBudget(db, runId, actualMicroUsd, finalState);
}

/** Gives a run's whole reservation back (a run that spent nothing). */
export function releaseDailyBudget(db: Firestore, day: string, runId: string): Promise<void> {
  return settleDailyBudget(db, { day, runId, actualMicroUsd: 0 }, "released");
}

/** Ends a run that will not finish: settles what it spent, or releases all when it spent nothing. */
export function settleOrRelease(
  db: Firestore,
  { day, runId, spentMicroUsd }: { day: string; runId: string; spentMicroUsd: number },
): Promise<void> {
  return spentMicroUsd > 0
    ? settleDailyBudget(db, { day, runId, actualMicroUsd: spentMicroUsd })
    : releaseDailyBudget(db, day, runId);
}

/**
 * A retried run (http/missions/missionRun.ts) whose failed attempt gave its reservation back: reserve
 * its estimate again, so the tool it has yet to run is charged under the cap like any other.
 * An entry still reserved or already settled (the tool was paid) is left as it is. Returns
 * whether a new reservation was made; throws BudgetExceededError when the day has no room.
 */
export async function reopenReleasedReservation(db: Firestore, request: ReserveRequest): Promise<boolean> {
  const entry = entryRef(db, request.day, request.runId);
  const released = await db.runTransaction(async (tx) => {
    const current = await readEntry(tx, entry);
    if (current?.state !== "released") return false;
    tx.delete(entry);
    return true;
  });
  if (released) await reserveDailyBudget(db, request);
  return released;
}
