import { FieldValue, Timestamp } from "firebase-admin/firestore";
import type { PipelineErrorKind } from "../../errors";
import type { MissionStatus } from "../../missions/status";
import { endingOf, type MissionEnding } from "../../notify/ending";
import type { ProgressSnapshot } from "../../progress/schema";
import type { StepName } from "../../shared/steps";
import {
  missionUpdate,
  type MissionUpdate,
  type QueueEntry,
  type RecordError,
  type RecordPatch,
} from "../record/recordWrites";

/**
 * Every change of a mission's status the backend makes, each built here from its reason: the
 * claim, the endings (completed, failed, cancelled, from the run, the claim, the sweepers or
 * the API), the re-queue of a dead worker's run, a retry, the owner's queue, a refused
 * re-approval, and the API's moves of a draft. Each names the status it moves from, and
 * `missionUpdate` refuses a move the state table (missions/status.ts) does not list. What
 * else an ending commits and does afterwards is in ./afterEnding.ts.
 */

/** Why a mission ends. */
export type EndingReason =
  | { status: "completed"; summary: string | null }
  | { status: "failed"; step: RecordError["step"]; kind: PipelineErrorKind; message: string }
  | {
      status: "cancelled";
      /** The step it was in (or about to start) when it stopped; null when none had started. */
      step: StepName | null;
      /** Why, in words, as the summary states it. */
      why: string;
      /** What of the run was kept, in words. */
      kept: string;
    };

export interface Ending {
  missionId: string;
  /** The run it ends (every ending of a run is announced under this id). */
  runId: string;
  /** The status the writer read: the move is checked against the state table. */
  from: MissionStatus;
  reason: EndingReason;
  /** What the run spent, as its owner is told (the budget ledger is settled from the checkpoint). */
  costMicroUsd: number;
  atMs: number;
  /** What else this ending's record holds: the run's progress, result fields, counts. */
  record?: RecordPatch;
  /** Replace the whole execution_record: only to overwrite one too malformed to update. */
  replaceRecord?: boolean;
}

/** An ending's mission write, and what its owner and their webhook are told in the same commit. */
export interface EndingWrite {
  update: MissionUpdate;
  notice: MissionEnding;
}

/**
 * The finished record every ending writes: each of these fields is set by every ending,
 * whoever ends the mission, so a reader of a finished mission never meets a missing one.
 */
export function endingWrite(ending: Ending): EndingWrite {
  const { reason } = ending;
  const record: RecordPatch = {
    ...ending.record,
    run_id: ending.runId,
    success: reason.status === "completed",
    status: reason.status,
    result_summary: summaryOf(reason),
    error: reason.status === "failed" ? { step: reason.step, kind: reason.kind, message: reason.message } : null,
    cancellation:
      reason.status === "cancelled"
        ? { at_step: reason.step, kept: reason.kept, spent_microusd: ending.costMicroUsd }
        : null,
    actual_cost_microusd: ending.costMicroUsd,
    finished_at: Timestamp.fromMillis(ending.atMs),
    lease_expires_at: null,
  };
  return {
    update: missionUpdate({
      move: { from: ending.from, to: reason.status },
      record,
      ...(ending.replaceRecord ? { replaceRecord: true } : {}),
    }),
    notice: endingOf(ending.missionId, ending.runId, reason.status, record),
  };
}

function summaryOf(reason: EndingReason): string | null {
  switch (reason.status) {
    case "completed":
      return reason.summary;
    case "failed":
      return `Failed at ${reason.step}: ${reason.message}`;
    case "cancelled":
      return `Cancelled${reason.step ? ` at ${reason.step}` : ""}: ${reason.why}`;
  }
}

/** The result fields of a run that ended before it produced anything. */
export function noResult(): RecordPatch {
  return {
    tool_used: null,
    tool_confidence: null,
    execution_result: null,
    artifact_reference: null,
    artifact_message: null,
  };
}

/** approved -> executing: an attempt claims the run (a fresh run also starts its record). */
export function claimRun(claim: {
  runId: string;
  executionId: string;
  attempt: number;
  claimedAtMs: number;
  leaseMs: number;
  /** A fresh run's first snapshot; absent when the attempt resumes the run's stored record. */
  freshSnapshot: ProgressSnapshot | null;
}): MissionUpdate {
  const claimedAt = Timestamp.fromMillis(claim.claimedAtMs);
  return missionUpdate({
    move: { from: "approved", to: "executing" },
    record: {
      run_id: claim.runId,
      execution_id: claim.executionId,
      attempt: claim.attempt,
      requeued: false,
      status: "executing",
      lease_expires_at: Timestamp.fromMillis(claim.claimedAtMs + claim.leaseMs),
      attempt_started_at: claimedAt,
      // A resumed attempt keeps the run's start, record and checkpoint: progress a viewer has
      // seen never goes backwards.
      ...(claim.freshSnapshot ? { started_at: claimedAt, progress_tracker: claim.freshSnapshot, checkpoint: {} } : {}),
    },
  });
}

/** executing -> approved: the lease sweeper hands a dead worker's run to another attempt, which resumes it. */
export function requeueLostRun(): MissionUpdate {
  return missionUpdate({
    move: { from: "executing", to: "approved" },
    record: { requeued: true, status: "requeued", lease_expires_at: null },
  });
}

/** failed -> approved: a retry is a new approval that resumes the run; earlier attempts stay the failed one's. */
export function retryFailedRun(attemptsSoFar: number): MissionUpdate {
  return missionUpdate({
    move: { from: "failed", to: "approved" },
    record: {
      requeued: true,
      status: "requeued",
      lease_expires_at: null,
      error: null,
      retried_after_attempt: attemptsSoFar,
    },
  });
}

/** approved -> queued: its owner is at their concurrency limit; it waits at this place. */
export function queueForSlot(place: number, atMs: number): MissionUpdate {
  return missionUpdate({
    move: { from: "approved", to: "queued" },
    record: { queue: { place, queued_at: Timestamp.fromMillis(atMs) } },
  });
}

/** queued -> approved: a slot freed and it is its owner's oldest queued mission. */
export function promoteFromQueue(queue: QueueEntry, atMs: number): MissionUpdate {
  return missionUpdate({
    move: { from: "queued", to: "approved" },
    record: { queue: { ...queue, promoted_at: Timestamp.fromMillis(atMs) } },
  });
}

/** Back to its final status: a finished mission re-approved is never run twice; the record says why. */
export function refuseReapproval(
  from: "approved" | "queued",
  finalStatus: "completed" | "failed" | "cancelled",
  reason: string,
  atMs: number,
): MissionUpdate {
  return missionUpdate({
    move: { from, to: finalStatus },
    record: { reapproval_refused: { reason, at: Timestamp.fromMillis(atMs) } },
  });
}

/** draft -> approved, by the API on its owner's behalf (clients may write the same move themselves). */
export function approveDraft(): MissionUpdate {
  return {
    ...missionUpdate({ move: { from: "draft", to: "approved" }, record: {} }),
    approved_at: FieldValue.serverTimestamp(),
  };
}

/** draft -> cancelled: a draft never ran, so there is no run to end, settle or announce. */
export function cancelDraft(): MissionUpdate {
  return missionUpdate({ move: { from: "draft", to: "cancelled" }, record: {} });
}
