import { Timestamp } from "firebase-admin/firestore";
import * as z from "zod";
import { formatIssues } from "../../missions/formatIssues";
import { executionRecordSchema, parseMission, type Mission } from "../../missions/schema";
import type { MissionStatus } from "../../missions/status";
import { statusOf } from "../../missions/approval";
import type { PipelineErrorKind } from "../../errors";
import type { ProgressSnapshot } from "../../progress/schema";
import { endingAudience, type EndingAudience, type MissionEnding } from "../../notify/ending";
import { notifyUrlRefusal } from "../../notify/notifyUrl";
import { parseCheckpoint, type Checkpoint } from "../record/checkpoint";
import type { MissionUpdate } from "../record/recordWrites";
import { endingWrite, noResult, refuseReapproval } from "../lifecycle/statusChanges";
import { lenient, settlementOf, settlementOfMalformed, type Settlement } from "./settlement";

/**
 * What the verification step's claim transaction does with the mission it just read: a pure
 * function of the document, so every rule of "runs exactly once per approval, resumes, never
 * runs what it must not" can be unit-tested without Firestore.
 */
export interface ClaimPolicy {
  missionId: string;
  executionId: string;
  leaseMs: number;
  maxAttempts: number;
  /** Runs one owner may have going at once (queue/userSlots.ts); 0 or absent: no limit. */
  userMaxRunning?: number;
  now: () => number;
  newRunId: () => string;
  /**
   * The verification step as a fresh run records it (started at 5 %); given the mission when
   * the claim has read one, so its ETA knows what the run will do.
   */
  freshSnapshot: (mission?: Mission) => ProgressSnapshot;
  /** Why a stored snapshot and checkpoint cannot be resumed (a completed step without its output), or null. */
  validateResume: (snapshot: ProgressSnapshot, checkpoint: Checkpoint) => string | null;
}

export interface Resume {
  snapshot: ProgressSnapshot;
  checkpoint: Checkpoint;
}

export type ClaimDecision =
  | {
      kind: "claim";
      mission: Mission;
      runId: string;
      attempt: number;
      claimedAtMs: number;
      /** When the run's first attempt was claimed: its ledger day and its duration count from here. */
      runStartedAtMs: number;
      resume: Resume | null;
    }
  | { kind: "skip"; reason: string }
  | {
      kind: "end";
      status: MissionStatus;
      reason: string;
      /** The mission's end, with what analytics counts from it (triggers/missionFinished.ts). */
      update: MissionUpdate;
      settle: Settlement | null;
      /** Whose slot the end frees, and who is told of it. */
      audience: EndingAudience;
      /** What the owner and their webhook are told, in the same commit (none for a refused re-approval). */
      ending?: { notice: MissionEnding; atMs: number };
    };

const cancelRequestSchema = z.instanceof(Timestamp).nullable().optional();

export function decideClaim(data: unknown, policy: ClaimPolicy): ClaimDecision {
  if (data === undefined) return { kind: "skip", reason: "mission does not exist" };
  const status = statusOf(data);
  const fields = data as Record<string, unknown>;
  // A queued mission waits for a slot; asked to cancel, it ends here as an approved one does.
  const cancelledInQueue = status === "queued" && cancelRequestSchema.safeParse(fields.cancel_requested_at).data;
  if (status !== "approved" && !cancelledInQueue)
    return { kind: "skip", reason: `status is "${status ?? "unreadable"}", not "approved"` };
  const from: MissionStatus = status === "approved" ? "approved" : "queued";
  const nowMs = policy.now();
  const audience = endingAudience(data);
  const fail = (kind: PipelineErrorKind, message: string, extra: Partial<FailureContext> = {}) =>
    endFailed(policy, { from, nowMs, kind, message, runId: null, startedAtMs: null, audience, ...extra });

  const rawRecord = fields.execution_record;
  if (rawRecord !== undefined && (typeof rawRecord !== "object" || rawRecord === null || Array.isArray(rawRecord))) {
    return fail(
      "invalid_record",
      `execution_record must be a map, got ${Array.isArray(rawRecord) ? "an array" : typeof rawRecord}`,
    );
  }
  const parsedRecord = executionRecordSchema.safeParse(rawRecord ?? {}, { reportInput: true });
  if (!parsedRecord.success) {
    return fail("invalid_record", `invalid mission: ${formatIssues(parsedRecord.error.issues, "execution_record")}`, {
      settle: settlementOfMalformed(rawRecord),
    });
  }
  const record = parsedRecord.data;
  const recordStatus = typeof record.status === "string" ? record.status : undefined;
  const runId = record.run_id ?? record.execution_id ?? null;
  const startedAtMs = record.started_at?.toMillis() ?? null;

  if (recordStatus && isMissionTerminal(recordStatus)) {
    const reason = `the mission already ended ${recordStatus}; a finished mission is never run again`;
    return {
      kind: "end",
      status: recordStatus,
      reason,
      settle: null,
      audience,
      update: refuseReapproval(from, recordStatus, reason, nowMs),
    };
  }
  // Every ending settles what the run reserved (issue 20): a run whose record is refused here
  // may have reserved, and nobody else will end it.
  const settleAsFound = () =>
    runId && startedAtMs !== null ? settlementOf(runId, startedAtMs, lenient(record)) : null;
  if (record.execution_id && record.requeued !== true) {
    return fail("invalid_record", "execution_record.execution_id is set but the run was never re-queued", {
      runId,
      startedAtMs,
      settle: settleAsFound(),
    });
  }
  const resumable = record.requeued === true && runId !== null;
  const checkpoint = resumable ? parseCheckpoint(record.checkpoint) : { ok: true as const, value: {} };
  if (!checkpoint.ok)
    return fail("invalid_record", checkpoint.message, { runId, startedAtMs, settle: settleAsFound() });
  const snapshot = resumable ? record.progress_tracker : undefined;
  const settle = runId && startedAtMs !== null ? settlementOf(runId, startedAtMs, checkpoint.value) : null;

  if (cancelRequestSchema.safeParse(fields.cancel_requested_at).data) {
    return endCancelled(policy, { from, nowMs, runId, snapshot, settle, audience });
  }
  const previousAttempts = record.attempt ?? 0;
  // A retry (pipeline/run/retryFailed.ts) is a new approval: only the attempts since it count.
  if (previousAttempts - (record.retried_after_attempt ?? 0) >= policy.maxAttempts) {
    return fail(
      "attempts_exhausted",
      `the run was already tried ${previousAttempts} time(s); the limit is ${policy.maxAttempts}`,
      { runId, startedAtMs, settle },
    );
  }
  const mission = parseMission(data);
  if (!mission.ok) return fail("validation", mission.message, { runId, startedAtMs, settle });
  const notifyRefusal = mission.value.notify_url ? notifyUrlRefusal(mission.value.notify_url) : null;
  if (notifyRefusal) return fail("validation", notifyRefusal, { runId, startedAtMs, settle });
  if (snapshot) {
    const refusal = policy.validateResume(snapshot, checkpoint.value);
    if (refusal) return fail("invalid_record", refusal, { runId, startedAtMs, settle });
  }
  return {
    kind: "claim",
    mission: mission.value,
    runId: runId ?? policy.newRunId(),
    attempt: previousAttempts + 1,
    claimedAtMs: nowMs,
    runStartedAtMs: resumable && startedAtMs !== null ? startedAtMs : nowMs,
    resume: resumable && snapshot ? { snapshot, checkpoint: checkpoint.value } : null,
  };
}

function isMissionTerminal(status: string): status is "completed" | "failed" | "cancelled" {
  return status === "completed" || status === "failed" || status === "cancelled";
}

interface FailureContext {
  /** The status the claim read: approved, or queued with a cancellation asked for. */
  from: MissionStatus;
  nowMs: number;
  kind: PipelineErrorKind;
  message: string;
  runId: string | null;
  startedAtMs: number | null;
  settle?: Settlement | null;
  audience: EndingAudience;
}

function endFailed(policy: ClaimPolicy, context: FailureContext): ClaimDecision {
  const { update, notice } = endingWrite({
    missionId: policy.missionId,
    runId: context.runId ?? policy.newRunId(),
    from: context.from,
    reason: { status: "failed", step: "verification", kind: context.kind, message: context.message },
    costMicroUsd: context.settle?.reportedMicroUsd ?? 0,
    atMs: context.nowMs,
    record: {
      ...noResult(),
      execution_id: policy.executionId,
      progress_tracker: failedVerification(policy.freshSnapshot(), context.message, context.nowMs),
      document_writes: 1,
    },
    // A malformed record is replaced whole: a dotted write into an array would fail.
    replaceRecord: context.kind === "invalid_record",
  });
  return {
    kind: "end",
    status: "failed",
    reason: context.message,
    settle: context.settle ?? null,
    audience: context.audience,
    ending: { notice, atMs: context.nowMs },
    update,
  };
}

function endCancelled(
  policy: ClaimPolicy,
  context: {
    from: MissionStatus;
    nowMs: number;
    runId: string | null;
    snapshot: ProgressSnapshot | undefined;
    settle: Settlement | null;
    audience: EndingAudience;
  },
): ClaimDecision {
  const spent = context.settle?.reportedMicroUsd ?? 0;
  const why = context.snapshot
    ? `the run was cancelled while re-queued; nothing more was run or published; spent ${spent} micro-USD`
    : "cancelled before it started; nothing was run, spent or published";
  const { update, notice } = endingWrite({
    missionId: policy.missionId,
    runId: context.runId ?? policy.newRunId(),
    from: context.from,
    reason: {
      status: "cancelled",
      step: context.snapshot ? nextStepOf(context.snapshot) : null,
      why,
      kept: why,
    },
    costMicroUsd: spent,
    atMs: context.nowMs,
    record: noResult(),
  });
  return {
    kind: "end",
    status: "cancelled",
    reason: why,
    settle: context.settle,
    audience: context.audience,
    ending: { notice, atMs: context.nowMs },
    update,
  };
}

function nextStepOf(snapshot: ProgressSnapshot) {
  return snapshot.current_step?.step_name ?? null;
}

/** The fresh snapshot with verification marked failed (pure: the tracker is not touched). */
function failedVerification(snapshot: ProgressSnapshot, message: string, nowMs: number): ProgressSnapshot {
  const step = snapshot.current_step;
  if (!step) return snapshot;
  const at = new Date(nowMs).toISOString();
  return {
    ...snapshot,
    eta_seconds: null,
    current_step: {
      ...step,
      status: "failed",
      error: message,
      message: `Failed verification: ${message}`,
      completed_at: at,
      duration_ms: Math.max(0, nowMs - Date.parse(step.started_at)),
    },
  };
}
