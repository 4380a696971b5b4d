import { Timestamp, type DocumentReference, type Firestore } from "firebase-admin/firestore";
import { MISSIONS } from "../firebase";
import { ownershipRefusal, parseMissionHeader } from "../missions/schema";
import { decideClaim, type ClaimDecision, type ClaimPolicy } from "./claimDecision";
import { recordIn, writeRecording, type DocumentWriter, type FinishedRun, type RunRecorder } from "./finishedRun";
import { MissionVersion } from "./missionVersion";
import { missionUpdate, type MissionUpdate } from "./recordWrites";

/**
 * Every transaction on a mission document. Each re-reads the document, so duplicate
 * deliveries, stale workers and races with the owner's cancellation change nothing they
 * should not; what to write is decided by pure functions (claimDecision.ts) and built by the
 * one typed write side (recordWrites.ts).
 */
export function missionRef(db: Firestore, missionId: string): DocumentReference {
  return db.collection(MISSIONS).doc(missionId);
}

/** The claim policy (its `freshSnapshot` is also what a fresh claim stores), and who counts runs. */
export interface ClaimRequest extends ClaimPolicy {
  recorder: RunRecorder;
}

/** The mission as a trigger event delivered it: its data, and the update time it had then. */
export interface DeliveredMission {
  data: unknown;
  updateTime: Timestamp;
}

export interface Claimed {
  decision: ClaimDecision;
  /** The mission's update time after this attempt's claim, when the claim learned it. */
  version: MissionVersion;
}

/**
 * The verification step: claims an approved mission for this execution, or decides that it
 * must not run and records why (cancelled before it started, a finished mission re-approved,
 * a malformed record, the attempt limit), or skips it untouched.
 *
 * With the mission as the trigger delivered it, a claim is one conditional write: decided on
 * the delivered data and committed only if the document is still at the delivered update
 * time, which is what a transaction's read would have found. Two deliveries of one approval
 * race on that condition and one wins. Anything else (the document changed since, or the
 * decision is not a plain claim) is decided in a transaction that reads the document first.
 */
export async function claimMission(
  ref: DocumentReference,
  request: ClaimRequest,
  delivered?: DeliveredMission,
): Promise<Claimed> {
  if (delivered) {
    const decision = decideClaim(delivered.data, request);
    const version = new MissionVersion(delivered.updateTime);
    const claimed =
      decision.kind === "claim" &&
      (await version.writeIfUnchanged(
        async (expected) => (await ref.update(claimUpdate(decision, request), { lastUpdateTime: expected })).writeTime,
      ));
    if (claimed) return { decision, version };
  }
  const decision = await ref.firestore.runTransaction(async (tx) => {
    const doc = await tx.get(ref);
    const decision = decideClaim(doc.exists ? doc.data() : undefined, request);
    switch (decision.kind) {
      case "claim":
        tx.update(ref, claimUpdate(decision, request));
        return decision;
      case "end":
        if (decision.finished) await recordIn(request.recorder, tx, ref.firestore, decision.finished);
        tx.update(ref, decision.update);
        return decision;
      default:
        return decision;
    }
  });
  // A transaction does not return its commit's time: the first progress write reads again.
  return { decision, version: new MissionVersion(null) };
}

function claimUpdate(decision: Extract<ClaimDecision, { kind: "claim" }>, request: ClaimRequest): MissionUpdate {
  const claimedAt = Timestamp.fromMillis(decision.claimedAtMs);
  return missionUpdate({
    status: "executing",
    record: {
      run_id: decision.runId,
      execution_id: request.executionId,
      attempt: decision.attempt,
      requeued: false,
      status: "executing",
      lease_expires_at: Timestamp.fromMillis(decision.claimedAtMs + request.leaseMs),
      attempt_started_at: claimedAt,
      // A resumed attempt keeps the run's start, record and checkpoint: progress a viewer has
      // seen never goes backwards.
      ...(decision.resume
        ? {}
        : { started_at: claimedAt, progress_tracker: request.freshSnapshot(decision.mission), checkpoint: {} }),
    },
  });
}

/**
 * Writes a run's final state, only if this execution still owns the mission (a run whose
 * lease was swept and re-queued must not overwrite its successor), with the finished run's
 * analytics and the documents it publishes in the same commit. Returns why it refused, or null.
 *
 * With the mission's version known (nothing else wrote it since this attempt's last write),
 * that is one conditional batch: the update requires the version, the recorder's marker is
 * created, so the commit fails as a whole if another run took the mission, the owner wrote to
 * it, or the run was counted already; then, or without a version, a transaction reads the
 * mission and the marker together (one round trip) and decides.
 */
export async function finishRun(
  ref: DocumentReference,
  executionId: string,
  update: MissionUpdate,
  finished: FinishedRun,
  recorder: RunRecorder,
  /** Documents published with the result (a completed run's artifact and learning signal). */
  publish: (writer: DocumentWriter) => void = () => undefined,
  version: MissionVersion = new MissionVersion(null),
): Promise<string | null> {
  const recording = recorder.recording(ref.firestore, finished);
  const committed = await version.writeIfUnchanged(async (expected) => {
    const batch = ref.firestore.batch();
    batch.update(ref, update, { lastUpdateTime: expected });
    writeRecording(batch, recording);
    publish(batch);
    // The mission's update comes first, so the first result is its write time.
    const [mission] = await batch.commit();
    if (!mission) throw new Error("a committed batch returned no write result");
    return mission.writeTime;
  });
  if (committed) return null;
  return ref.firestore.runTransaction(async (tx) => {
    const [doc, marker] = await tx.getAll(ref, recording.marker.ref);
    const refusal = ownershipRefusal(parseMissionHeader(doc?.data()), executionId);
    if (refusal) return refusal;
    if (!marker?.exists) writeRecording(tx, recording);
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
  finished: FinishedRun | null,
  recorder: RunRecorder,
): Promise<boolean> {
  return ref.firestore.runTransaction(async (tx) => {
    const doc = await tx.get(ref);
    if (!doc.exists || !stillValid(doc.data())) return false;
    if (finished) await recordIn(recorder, tx, ref.firestore, finished);
    tx.update(ref, update);
    return true;
  });
}
