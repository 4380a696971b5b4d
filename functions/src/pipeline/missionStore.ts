import { Timestamp, type DocumentReference, type Firestore, type Transaction } from "firebase-admin/firestore";
import { MISSIONS } from "../firebase";
import { ownershipRefusal, parseMissionHeader } from "../missions/schema";
import { decideClaim, type ClaimDecision, type ClaimPolicy } from "./claimDecision";
import { recordIn, type FinishedRun, type RunRecorder } from "./finishedRun";
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

/**
 * The verification step's transaction: claims an approved mission for this execution, or
 * decides that it must not run and records why (cancelled before it started, a finished
 * mission re-approved, a malformed record, the attempt limit), or skips it untouched.
 */
export async function claimMission(ref: DocumentReference, request: ClaimRequest): Promise<ClaimDecision> {
  return ref.firestore.runTransaction(async (tx) => {
    const doc = await tx.get(ref);
    const decision = decideClaim(doc.exists ? doc.data() : undefined, request);
    switch (decision.kind) {
      case "claim": {
        const claimedAt = Timestamp.fromMillis(decision.claimedAtMs);
        tx.update(
          ref,
          missionUpdate({
            status: "executing",
            record: {
              run_id: decision.runId,
              execution_id: request.executionId,
              attempt: decision.attempt,
              requeued: false,
              status: "executing",
              lease_expires_at: Timestamp.fromMillis(decision.claimedAtMs + request.leaseMs),
              attempt_started_at: claimedAt,
              // A resumed attempt keeps the run's start, record and checkpoint: progress a
              // viewer has seen never goes backwards.
              ...(decision.resume
                ? {}
                : { started_at: claimedAt, progress_tracker: request.freshSnapshot(decision.mission), checkpoint: {} }),
            },
          }),
        );
        return decision;
      }
      case "end":
        if (decision.finished) await recordIn(request.recorder, tx, ref.firestore, decision.finished);
        tx.update(ref, decision.update);
        return decision;
      default:
        return decision;
    }
  });
}

/**
 * Writes a run's final state, only if this execution still owns the mission (a run whose
 * lease was swept and re-queued must not overwrite its successor), and records the finished
 * run for analytics in the same transaction. Returns why it refused, or null.
 */
export async function finishRun(
  ref: DocumentReference,
  executionId: string,
  update: MissionUpdate,
  finished: FinishedRun,
  recorder: RunRecorder,
  /** Documents published with the result (a completed run's learning signal). */
  publish: (tx: Transaction) => void = () => undefined,
): Promise<string | null> {
  return ref.firestore.runTransaction(async (tx) => {
    // Both reads at once: the fence (who owns the mission) and the recorder's (one round trip).
    const [doc, record] = await Promise.all([tx.get(ref), recorder.prepare(tx, ref.firestore, finished)]);
    const refusal = ownershipRefusal(parseMissionHeader(doc.data()), executionId);
    if (refusal) return refusal;
    record();
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
