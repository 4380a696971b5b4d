import {
  FieldValue,
  Timestamp,
  type DocumentData,
  type DocumentReference,
  type Firestore,
  type SetOptions,
  type Transaction,
} from "firebase-admin/firestore";
import * as z from "zod";
import { params } from "../config";
import { MISSIONS } from "../firebase";
import { log } from "../logs";
import { statusOf } from "../missions/approval";
import type { ClaimDecision } from "../pipeline/claim/claimDecision";
import { settingValue } from "../settings";
import { promoteFromQueue, queueForSlot } from "../pipeline/lifecycle/statusChanges";
import { withTransientRetries } from "../pipeline/run/transientRetry";

/**
 * Per-person concurrency (issue 21). `user_slots/{uid}.running` lists the missions of that
 * person that hold one of their USER_MAX_RUNNING slots: claimed and running, or promoted from
 * the queue and about to be claimed. It is read and written only in transactions that take a
 * slot (a claim, a promotion), so no person ever has more than the limit running; an ending
 * removes its mission in the very commit that ends it (a blind `arrayRemove`, which a write
 * batch can carry too), and the owner's oldest queued mission is promoted right after.
 * Entries are mission ids, not run ids: a mission runs one run at a time, and every ending
 * (the sweep of an unreadable record included) knows its mission.
 */
export const USER_SLOTS = "user_slots";

/** The largest limit honoured: the slot document's array and a claim's reads stay small. */
export const MAX_USER_RUNNING = 50;

/** Statuses in which a listed mission really holds its slot; any other entry is a leftover. */
const HOLDING_STATUSES: readonly string[] = ["approved", "executing"];

const slotDocSchema = z.object({
  running: z.array(z.string().min(1).max(1500)).max(MAX_USER_RUNNING).catch([]),
});

const queueEntrySchema = z.object({
  place: z.number().int().positive(),
  queued_at: z.instanceof(Timestamp),
});

/** The limit as configured, clamped to what the slot document holds; 0 means no per-person limit. */
export function effectiveLimit(configured: number): number {
  return Math.max(0, Math.min(MAX_USER_RUNNING, Math.floor(configured)));
}

export function slotRef(db: Firestore, ownerUid: string): DocumentReference {
  return db.collection(USER_SLOTS).doc(ownerUid);
}

function queuedMissionsOf(db: Firestore, ownerUid: string) {
  return db.collection(MISSIONS).where("owner_uid", "==", ownerUid).where("status", "==", "queued");
}

/**
 * The missions holding the owner's slots, checked only when they fill the limit (at most
 * `limit` reads, in the promotion's transaction, so a holder cannot be re-approved between
 * this check and the commit): an entry whose mission is gone or no longer approved/executing
 * (deleted by hand, ended by a path that died before its release) is dropped, so a lost
 * release costs one promotion's check (at the latest the next sweep), never a slot for good.
 * Claims do not check: reading running missions in every claim's transaction would hold up
 * those runs' own writes while a burst of approvals queues.
 */
async function liveHolders(tx: Transaction, db: Firestore, held: string[], limit: number): Promise<string[]> {
  if (held.length < limit) return held;
  const missions = db.collection(MISSIONS);
  // Never empty here: a limit of 0 returns before any promotion.
  const docs = await tx.getAll(...held.map((id) => missions.doc(id)));
  return docs
    .filter((mission) => HOLDING_STATUSES.includes(statusOf(mission.data()) ?? "missing"))
    .map((mission) => mission.id);
}

function slotDoc(ownerUid: string, running: readonly string[]) {
  return { owner_uid: ownerUid, running: [...running], updated_at: FieldValue.serverTimestamp() };
}

/** A claim's view of its owner's slots, read without a lock, with what a commit must find. */
interface SlotView {
  held: string[];
  precondition: { lastUpdateTime: Timestamp } | null;
}

async function viewSlots(slots: DocumentReference): Promise<SlotView> {
  const doc = await slots.get();
  const held = slotDocSchema.safeParse(doc.data() ?? {}).data?.running ?? [];
  return { held, precondition: doc.updateTime ? { lastUpdateTime: doc.updateTime } : null };
}

/**
 * The claim transaction's slot check, after the claim decision and before anything is
 * written: a claim with a free slot (or one it already holds: promoted, or resumed after its
 * worker died) takes it; a claim without one writes the mission `queued` with its place and
 * becomes a skip. Every other decision passes through.
 *
 * The slot document is read outside the transaction and written with that read's update time
 * as a precondition (`create` when there was none). Reading it inside the transaction took a
 * shared lock that every concurrent claim of the same person then had to upgrade to write:
 * ten claims of one person deadlocked until the lock timeout broke them (docs/queue.md). Now
 * racing claims never wait on each other: one commits, the others fail their precondition
 * fast and are decided again (`claimMission` retries them, `isSlotRace`). A claim that queues
 * writes nothing to the slot document; `onQueued` tells the caller to look again once it has
 * committed, so a slot freed in between is not missed.
 */
export async function claimWithSlot(
  tx: Transaction,
  ref: DocumentReference,
  decision: ClaimDecision,
  configuredLimit: number,
  nowMs: number,
): Promise<ClaimDecision & { queuedOwner?: string }> {
  const limit = effectiveLimit(configuredLimit);
  if (decision.kind !== "claim" || limit === 0) return decision;
  const owner = decision.mission.owner_uid;
  const slots = slotRef(ref.firestore, owner);
  const { held, precondition } = await viewSlots(slots);
  if (held.includes(ref.id)) return decision;
  if (held.length < limit) {
    writeSlotsIfUnchanged(tx, slots, slotDoc(owner, [...held, ref.id]), precondition);
    return decision;
  }
  // Counted outside the transaction's locks (locking the queue would make every approval of a
  // burst wait for every other): two approvals queued at the same instant may share a place.
  const ahead = await queuedMissionsOf(ref.firestore, owner).count().get();
  const place = ahead.data().count + 1;
  tx.update(ref, queueForSlot(place, nowMs));
  return {
    kind: "skip",
    reason: `queued at place ${place}: its owner already has ${held.length} of ${limit} runs going`,
    queuedOwner: owner,
  };
}

/** Writes the slot document only if it is as `viewSlots` read it (absent: only if still absent). */
function writeSlotsIfUnchanged(
  tx: Transaction,
  slots: DocumentReference,
  data: DocumentData,
  precondition: SlotView["precondition"],
): void {
  if (precondition) tx.update(slots, data, precondition);
  else tx.create(slots, data);
}

/** Slot writers racing (claims, promotions): each failed precondition is decided again, a bounded number of times. */
const SLOT_RACE_TRIES = 30;

export async function retrySlotRaces<T>(write: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!isSlotRace(error) || attempt >= SLOT_RACE_TRIES) throw error;
      // Full jitter over a few milliseconds: the winner's commit is already done.
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 10 * Math.min(attempt, 5)));
    }
  }
}

/** True for the commit error of a slot write whose precondition failed (the slots or a promoted mission changed, or were created, meanwhile). */
export function isSlotRace(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return code === 9 /* FAILED_PRECONDITION */ || code === 6; /* ALREADY_EXISTS */
}

/**
 * After a claim queued its mission: if a slot freed between the claim's read and its commit
 * (an ending's release found nothing queued yet), promote now. Never throws.
 */
export async function promoteIfRoom(db: Firestore, ownerUid: string, configuredLimit: number): Promise<void> {
  const { held } = await viewSlots(slotRef(db, ownerUid)).catch(() => ({ held: [] as string[] }));
  if (held.length < effectiveLimit(configuredLimit)) await refillAfterEnding(db, ownerUid, configuredLimit);
}

/** What a transaction and a write batch both do: a slot's release commits through either. */
export interface SlotWriter {
  set(ref: DocumentReference, data: DocumentData, options: SetOptions): unknown;
}

/**
 * Frees the mission's slot in the commit that ends it (a no-op for a mission that held none).
 * Blind, so a batch can carry it; a concurrent slot-taking transaction serialises with it.
 */
export function releaseSlot(writer: SlotWriter, db: Firestore, ownerUid: string | null, missionId: string): void {
  if (!ownerUid) return;
  writer.set(
    slotRef(db, ownerUid),
    { owner_uid: ownerUid, running: FieldValue.arrayRemove(missionId), updated_at: FieldValue.serverTimestamp() },
    { merge: true },
  );
}

/**
 * Gives the owner's free slots to their oldest queued missions: each goes back to `approved`
 * (which fires the pipeline, whose claim finds its slot held) in the commit that takes the
 * slot for it. Called after every ending, and by the sweeper for queues an ending left behind
 * (its process died between the two). Returns the promoted mission ids.
 *
 * Like a claim, it reads the slot document and the queue without locks and commits only if
 * neither the slots nor any promoted mission changed since (update-time preconditions; a
 * failed one is decided again). Reading them in the transaction took shared locks that two
 * endings' refills, or a refill and an ending's release, then both had to upgrade to write:
 * a deadlock that the emulator breaks only by a lock timeout (docs/queue.md).
 */
export async function refillSlots(db: Firestore, ownerUid: string | null, configuredLimit: number): Promise<string[]> {
  const limit = effectiveLimit(configuredLimit);
  if (!ownerUid || limit === 0) return [];
  const slots = slotRef(db, ownerUid);
  return retrySlotRaces(() =>
    db.runTransaction(async (tx) => {
      const view = await viewSlots(slots);
      const held = await liveHolders(tx, db, view.held, limit);
      const free = limit - held.length;
      if (free <= 0) return [];
      const next = await queuedMissionsOf(db, ownerUid).orderBy("execution_record.queue.queued_at").limit(free).get();
      if (next.empty) return [];
      const nowMs = Date.now();
      for (const doc of next.docs) {
        const entry = queueEntrySchema.safeParse(doc.get("execution_record.queue"));
        const queue = entry.success ? entry.data : { place: 1, queued_at: Timestamp.fromMillis(nowMs) };
        tx.update(doc.ref, promoteFromQueue(queue, nowMs), { lastUpdateTime: doc.updateTime });
      }
      const promoted = next.docs.map((doc) => doc.id);
      writeSlotsIfUnchanged(tx, slots, slotDoc(ownerUid, [...held, ...promoted]), view.precondition);
      return promoted;
    }),
  );
}

/**
 * `refillSlots` after an ending has committed. It never throws: the ending stands, and a
 * queue it failed to move is picked up by the sweeper (`refillStrandedQueues`).
 */
export async function refillAfterEnding(
  db: Firestore,
  ownerUid: string | null,
  configuredLimit: number = settingValue(params.userMaxRunning),
): Promise<void> {
  if (!ownerUid) return;
  try {
    // Contention with the owner's claims is normal in a burst: retried, as the run's own writes are.
    const promoted = await withTransientRetries(() => refillSlots(db, ownerUid, configuredLimit));
    if (promoted.length > 0) log.missionsPromoted(ownerUid, promoted);
  } catch (error) {
    log.slotRefillFailed(ownerUid, error);
  }
}
