import { Timestamp, type DocumentReference, type Firestore, type Transaction } from "firebase-admin/firestore";
import { MISSIONS } from "../../firebase";
import { ownershipRefusal, parseMissionHeader } from "../../missions/schema";
import { decideClaim, type ClaimDecision, type ClaimPolicy } from "../claim/claimDecision";
import type { DocumentWriter } from "./runRecorder";
import { MissionVersion } from "./fencedWriter";
import { claimWithSlot, effectiveLimit, promoteIfRoom, retrySlotRaces } from "../../queue/userSlots";
import type { MissionUpdate } from "./recordWrites";
import { claimRun } from "../lifecycle/statusChanges";
import { commitClaimEnd } from "../lifecycle/afterEnding";

/**
 * A run's transactions on its mission document: the claim, the fenced final write, and a
 * conditional update. Each re-reads the document, so duplicate deliveries, stale workers and
 * races with the owner's cancellation change nothing they should not; what to write is
 * decided by pure functions (claimDecision.ts) and built by ../lifecycle/statusChanges.ts.
 * (The sweepers, the owner's queue and the API run their own transactions, through the same
 * builders.)
 */
export function missionRef(db: Firestore, missionId: string): DocumentReference {
  return db.collection(MISSIONS).doc(missionId);
}

/** The mission as a trigger event delivered it: its data, and the update time it had then. */
export interface DeliveredMission {
  data: unknown;
  updateTime: Timestamp;
}

export interface Claimed {
  decision: ClaimDecision;
  /** The mission's update time after this attempt's claim (when known), and the claim if still unwritten. */
  version: MissionVersion;
}

/**
 * How long after its approval a delivery may start the run before its claim is written. A
 * later delivery is a retry or a late one: it claims first, so a run that took its worker down
 * before claiming is counted as an attempt from then on, and the attempt limit bounds it.
 */
export const UNCLAIMED_START_WINDOW_MS = 5_000;

/**
 * The verification step: claims an approved mission for this execution, or decides that it
 * must not run and records why (cancelled before it started, a finished mission re-approved,
 * a malformed record, the attempt limit), or skips it untouched.
 *
 * With the mission as the trigger delivered it, the claim is decided on the delivered data
 * and committed only if the document is still at the delivered update time, which is what a
 * transaction's read would have found: two deliveries of one approval race on that condition
 * and one wins. A fresh delivery of a fresh run does not even write it yet: the claim rides
 * on the run's first write (a progress write, the write before its first outside effect, or
 * its final write), so a short mission that touches nothing outside the process costs one
 * commit. Anything else (the document changed since, or the decision is not a plain claim) is
 * decided in a transaction that reads the document first.
 */
export async function claimMission(
  ref: DocumentReference,
  request: ClaimPolicy,
  delivered?: DeliveredMission,
): Promise<Claimed> {
  // A per-person limit needs the owner's slot document read in the claim's transaction.
  if (delivered && effectiveLimit(request.userMaxRunning ?? 0) === 0) {
    const decision = decideClaim(delivered.data, request);
    if (decision.kind === "claim") {
      const update = claimUpdate(decision, request);
      if (mayStartUnclaimed(decision, delivered, request.now())) {
        const reclaim = () => reclaimMission(ref, request, decision.runId);
        const startsRecord = decision.mission.execution_record === undefined;
        return { decision, version: new MissionVersion(delivered.updateTime, { update, reclaim, startsRecord }) };
      }
      const version = new MissionVersion(delivered.updateTime);
      if (await version.writeIfUnchanged(update, conditionalUpdate(ref))) return { decision, version };
    }
  }
  const limit = request.userMaxRunning ?? 0;
  const claimInTransaction = () =>
    ref.firestore.runTransaction(async (tx) => {
      const doc = await tx.get(ref);
      const decided = decideClaim(doc.exists ? doc.data() : undefined, request);
      const withSlot = await claimWithSlot(tx, ref, decided, limit, request.now());
      return { decision: applyClaimDecision(tx, ref, request, withSlot), queuedOwner: withSlot.queuedOwner };
    });
  const { decision, queuedOwner } = await retrySlotRaces(claimInTransaction);
  if (queuedOwner) await promoteIfRoom(ref.firestore, queuedOwner, limit);
  // A transaction does not return its commit's time: the first progress write reads again.
  return { decision, version: new MissionVersion(null) };
}

/** Writes what a claim decision says to write, in the transaction that read the mission. */
function applyClaimDecision(
  tx: Transaction,
  ref: DocumentReference,
  request: ClaimPolicy,
  decision: ClaimDecision,
): ClaimDecision {
  switch (decision.kind) {
    case "claim":
      tx.update(ref, claimUpdate(decision, request));
      return decision;
    case "end":
      commitClaimEnd(tx, ref, decision);
      return decision;
    default:
      return decision;
  }
}

/**
 * Only a fresh run, on the approval's own delivery, soon after it: a re-queued run resumes
 * what an earlier attempt stored, and the sweeper's re-delivery (`dispatched_at`) follows an
 * approval whose first delivery was lost or crashed.
 */
function mayStartUnclaimed(
  decision: Extract<ClaimDecision, { kind: "claim" }>,
  delivered: DeliveredMission,
  nowMs: number,
): boolean {
  if (decision.resume || decision.mission.execution_record?.dispatched_at) return false;
  return nowMs - delivered.updateTime.toMillis() < UNCLAIMED_START_WINDOW_MS;
}

/**
 * The claim of a run that started unclaimed, decided again because the mission changed
 * since its delivery: true if this attempt owns it now. Its own earlier write may have
 * committed unseen (a lost response), so a mission already carrying this execution is its.
 * The decision keeps the run's id, which the run's outputs already carry.
 */
async function reclaimMission(ref: DocumentReference, request: ClaimPolicy, runId: string): Promise<boolean> {
  return ref.firestore.runTransaction(async (tx) => {
    const doc = await tx.get(ref);
    const data = doc.exists ? doc.data() : undefined;
    const header = parseMissionHeader(data);
    if (header.ok && header.value.execution_record?.execution_id === request.executionId) return true;
    const decision = decideClaim(data, { ...request, newRunId: () => runId });
    const ours = decision.kind === "claim" && !decision.resume && decision.runId === runId;
    // A claim of some other run (another delivery claimed it, and it was re-queued since) is
    // left to that run's own delivery; an end (cancelled, invalid) is written here.
    if (ours || decision.kind === "end") applyClaimDecision(tx, ref, request, decision);
    return ours;
  });
}

/** A mission update conditioned on the update time the attempt expects (see MissionVersion). */
export function conditionalUpdate(
  ref: DocumentReference,
): (update: MissionUpdate, expected: Timestamp) => Promise<Timestamp> {
  return async (update, expected) => (await ref.update(update, { lastUpdateTime: expected })).writeTime;
}

function claimUpdate(decision: Extract<ClaimDecision, { kind: "claim" }>, request: ClaimPolicy): MissionUpdate {
  return claimRun({
    runId: decision.runId,
    executionId: request.executionId,
    attempt: decision.attempt,
    claimedAtMs: decision.claimedAtMs,
    leaseMs: request.leaseMs,
    freshSnapshot: decision.resume ? null : request.freshSnapshot(decision.mission),
  });
}

/**
 * Writes a run's final state, only if this execution still owns the mission (a run whose
 * lease was swept and re-queued must not overwrite its successor), with the documents it
 * publishes in the same commit. Returns why it refused, or null. (The run is counted for
 * analytics from this write's own trigger event: triggers/missionFinished.ts.)
 *
 * With the mission's version known (nothing else wrote it since this attempt's last write,
 * or since its delivery when the claim rides on this write), that is one conditional batch;
 * then, or without a version, a transaction reads the mission and decides.
 */
export async function finishRun(
  ref: DocumentReference,
  executionId: string,
  update: MissionUpdate,
  /** Documents published with the result (a completed run's artifact and learning signal). */
  publish: (writer: DocumentWriter) => void = () => undefined,
  version: MissionVersion = new MissionVersion(null),
): Promise<string | null> {
  const committed = await version.writeIfUnchanged(update, async (withClaim, expected) => {
    const batch = ref.firestore.batch();
    batch.update(ref, withClaim, { lastUpdateTime: expected });
    publish(batch);
    // The mission's update comes first, so the first result is its write time.
    const [mission] = await batch.commit();
    if (!mission) throw new Error("a committed batch returned no write result");
    return mission.writeTime;
  });
  if (committed) return null;
  return ref.firestore.runTransaction(async (tx) => {
    const doc = await tx.get(ref);
    const refusal = ownershipRefusal(parseMissionHeader(doc.data()), executionId);
    if (refusal) return refusal;
    publish(tx);
    tx.update(ref, update);
    return null;
  });
}

/** Writes a failure outside a claimed run, only if the mission is still what `stillValid` expects. */
export async function updateIf(
  ref: DocumentReference,
  stillValid: (data: unknown) => boolean,
  update: MissionUpdate,
  /** Other documents written in the same commit (a mission's ending: notify/ending.ts). */
  alsoWrite: (writer: Transaction, data: unknown) => void = () => undefined,
): Promise<boolean> {
  return ref.firestore.runTransaction(async (tx) => {
    const doc = await tx.get(ref);
    if (!doc.exists || !stillValid(doc.data())) return false;
    tx.update(ref, update);
    alsoWrite(tx, doc.data());
    return true;
  });
}
