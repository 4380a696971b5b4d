import { FieldValue, type DocumentReference } from "firebase-admin/firestore";
import { TOOL_CATALOG } from "../../tools/catalog";
import { LEARNING_SIGNALS } from "../../firebase";
import type { PipelineError } from "../../errors";
import { log } from "../../logs";
import { endingAudience } from "../../notify/ending";
import { statusOf } from "../../missions/approval";
import type { MissionProgressTracker } from "../../progress/tracker";
import type { DocumentWriter } from "../record/runRecorder";
import { loadToolContent } from "../record/checkpoint";
import { afterEnding, commitEnding } from "../lifecycle/afterEnding";
import { endingWrite, noResult } from "../lifecycle/statusChanges";
import { passFaultPoint } from "./faultInjection";
import { finishRun, updateIf } from "../record/missionStore";
import type { MissionVersion } from "../record/fencedWriter";
import type { FirestoreProgressSink } from "../record/progressSink";
import { settleRefusedRun } from "../budget/refusedRunBudget";
import { runResult, spentBy, type MissionOutcome, type RunEnding } from "./outcome";
import type { MissionRun } from "../steps/defineStep";
import { DEFAULT_RETRY_POLICY, withTransientRetries } from "./transientRetry";

/**
 * Writes an attempt's final state (fenced by its execution id; analytics count it from that
 * write's trigger event), then settles what a failed or cancelled run spent and releases the
 * rest of its reservation. The order matters: once the mission is terminal no attempt can
 * resume it, so settling afterwards can never leave a resumed run without its reservation.
 */
export async function finishClaimedRun(
  run: MissionRun,
  sink: FirestoreProgressSink,
  ending: RunEnding,
  durationMs: number,
  now: () => number,
  /** The mission's update time as this attempt last wrote it: the final write may skip its read. */
  version: MissionVersion,
): Promise<MissionOutcome> {
  await sink.stop();
  // The claim (unless it rides on another write) + coalesced progress writes + this final write.
  const documentWrites = sink.writes + 1 + (version.claimWrittenAlone ? 1 : 0);
  const finishedAtMs = now();
  const result = runResult(run, ending);
  const { update, notice } = endingWrite({
    missionId: run.missionId,
    runId: run.runId,
    from: "executing",
    reason: result.reason,
    costMicroUsd: result.costMicroUsd,
    atMs: finishedAtMs,
    record: {
      ...result.record,
      progress_tracker: run.tracker.snapshot(),
      // No checkpoint: a finished run is never resumed, its outputs are in the result fields
      // above, and a short mission's one write is the cheaper for it. The record keeps what
      // the last progress write stored (empty for a run finished in one write).
      duration_ms: durationMs,
      document_writes: documentWrites,
    },
  });
  // A completed run publishes its artifact and learning signal with its result, atomically.
  const artifactText =
    ending.kind === "completed" && run.checkpoint.tool && run.checkpoint.artifact
      ? await loadToolContent(run.db, run.runId, run.checkpoint.tool)
      : null;
  // Should it still fail, the error escapes, the lease expires and the sweeper re-queues the
  // run, which resumes from its checkpoint: nothing is left `executing` for good.
  const refusal = await withTransientRetries(
    () => {
      passFaultPoint("final write");
      return finishRun(
        run.ref,
        run.executionId,
        update,
        (writer) => {
          commitEnding(writer, run.db, run.missionId, endingAudience(run.mission), { notice, atMs: finishedAtMs });
          if (ending.kind !== "completed") return;
          if (artifactText !== null) publishArtifact(writer, run, artifactText);
          publishLearningSignal(writer, run);
        },
        version,
      );
    },
    DEFAULT_RETRY_POLICY,
    (attempt, error) => run.onRetry("final write", attempt, error),
  );
  if (refusal) {
    log.finishRefused(run.missionId, run.executionId, refusal);
    // Refused is not ended: a reservation nobody will resume is settled here (issue 20).
    await settleRefusedRun(run, ending).catch((error) => log.budgetReleaseFailed(run.missionId, run.runId, error));
    return { kind: "skipped", reason: refusal };
  }
  // A completed run settled its budget at its tool; any other ending settles what it spent here.
  const unsettled = ending.kind !== "completed" && run.checkpoint.budget_reserved && !run.checkpoint.budget_settled;
  await afterEnding(run.db, run.missionId, {
    settlement: unsettled ? { day: run.ledgerDay, runId: run.runId, spentMicroUsd: spentBy(run, ending) } : null,
    ownerUid: run.mission.owner_uid,
    userMaxRunning: run.config.userMaxRunning,
  });
  switch (ending.kind) {
    case "completed":
      return { kind: "completed", executionId: run.executionId, documentWrites };
    case "failed":
      return {
        kind: "failed",
        executionId: run.executionId,
        step: ending.step,
        error: ending.error.message,
        documentWrites,
      };
    case "cancelled":
      return { kind: "cancelled", executionId: run.executionId, step: ending.step, documentWrites };
  }
}

/** The artifact of a completed run, keyed by the run: however often written, one. */
function publishArtifact(writer: DocumentWriter, run: MissionRun, content: string): void {
  const { tool, decision, artifact } = run.checkpoint;
  if (!tool || !decision?.tool || !artifact) throw new Error("pipeline bug: a completed run lacks its outputs");
  writer.set(run.db.doc(artifact.reference), {
    artifact_id: run.runId,
    mission_id: run.missionId,
    owner_uid: run.mission.owner_uid,
    run_id: run.runId,
    execution_id: run.executionId,
    tool: decision.tool,
    summary: tool.summary,
    content,
    content_bytes: artifact.bytes,
    truncated: artifact.truncated,
    created_at: FieldValue.serverTimestamp(),
  });
}

/** The learning signal of a completed run, keyed by the run: however often written, one. */
function publishLearningSignal(writer: DocumentWriter, run: MissionRun): void {
  const { decision, evaluation, tool } = run.checkpoint;
  if (!decision?.tool || !evaluation || !tool) throw new Error("pipeline bug: a completed run lacks its outputs");
  writer.set(run.db.collection(LEARNING_SIGNALS).doc(run.runId), {
    mission_id: run.missionId,
    run_id: run.runId,
    execution_id: run.executionId,
    owner_uid: run.mission.owner_uid,
    // The kind of work, derived from the tool (analytics and learning count by it).
    decision_type: TOOL_CATALOG[decision.tool].kind,
    tool: decision.tool,
    tool_source: decision.source,
    confidence: decision.confidence,
    score: evaluation.score,
    reasons: evaluation.reasons,
    cost_microusd: tool.cost_microusd,
    created_at: FieldValue.serverTimestamp(),
  });
}

/** The claim transaction itself failed for good (not transient): record it if still unclaimed. */
export async function failUnclaimed(
  ref: DocumentReference,
  tracker: MissionProgressTracker,
  { executionId, now }: { executionId: string; now: () => number },
  error: PipelineError,
): Promise<MissionOutcome> {
  tracker.failStep("verification", error.message);
  const finishedAtMs = now();
  const { update, notice } = endingWrite({
    missionId: ref.id,
    runId: executionId,
    from: "approved",
    reason: { status: "failed", step: "verification", kind: error.kind, message: error.message },
    costMicroUsd: 0,
    atMs: finishedAtMs,
    record: {
      ...noResult(),
      execution_id: executionId,
      progress_tracker: tracker.snapshot(),
      document_writes: 1,
    },
  });
  let ownerUid: string | null = null; // whose slot the ending freed, known once the mission is read
  const written = await updateIf(
    ref,
    (data) => statusOf(data) === "approved",
    update,
    (writer, data) => {
      const audience = endingAudience(data);
      ownerUid = audience.ownerUid;
      commitEnding(writer, ref.firestore, ref.id, audience, { notice, atMs: finishedAtMs });
    },
  );
  if (!written) {
    const reason = "mission was no longer an unclaimed approval";
    log.missionSkipped(ref.id, reason);
    return { kind: "skipped", reason };
  }
  log.missionFinished(ref.id, "failed", 0, 1);
  await afterEnding(ref.firestore, ref.id, { settlement: null, ownerUid });
  return { kind: "failed", executionId, step: "verification", error: error.message, documentWrites: 1 };
}
