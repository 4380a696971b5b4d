import * as logger from "firebase-functions/logger";
import type { LogEntry } from "firebase-functions/logger";

/**
 * Every log line the backend writes, one named function each, with structured fields so
 * Cloud Logging can filter on mission_id, step and percent (the progress lines themselves are
 * built and batched in progress/progressLog.ts). Secrets never reach here.
 */
export const log = {
  /** A batch of a run's `[PROGRESS_TRACKER]` lines (progress/progressLog.ts). */
  progress(entries: readonly LogEntry[]): void {
    for (const entry of entries) logger.write(entry);
  },
  missionSkipped(missionId: string, reason: string): void {
    logger.info(`[MISSION] ${missionId} not executed: ${reason}`, { mission_id: missionId, reason });
  },
  missionClaimed(missionId: string, executionId: string, attempt: number): void {
    logger.info(`[MISSION] ${missionId} claimed by execution ${executionId} (attempt ${attempt})`, {
      mission_id: missionId,
      execution_id: executionId,
      attempt,
    });
  },
  missionFinished(missionId: string, status: string, durationMs: number, documentWrites: number): void {
    logger.info(`[MISSION] ${missionId} ${status} in ${durationMs} ms with ${documentWrites} mission writes`, {
      mission_id: missionId,
      status,
      duration_ms: durationMs,
      document_writes: documentWrites,
    });
  },
  finishRefused(missionId: string, executionId: string, reason: string): void {
    logger.warn(`[MISSION] ${missionId} result of ${executionId} not written: ${reason}`, {
      mission_id: missionId,
      execution_id: executionId,
      reason,
    });
  },
  listenerFailed(missionId: string, error: unknown): void {
    logger.error(`[PROGRESS_TRACKER] a progress listener threw; the pipeline continues`, {
      mission_id: missionId,
      error: String(error),
    });
  },
  progressWriteFailed(missionId: string, error: unknown): void {
    logger.warn(`[PROGRESS_TRACKER] progress write failed; the next one carries the same state`, {
      mission_id: missionId,
      error: String(error),
    });
  },
  budgetReleaseFailed(missionId: string, runId: string, error: unknown): void {
    logger.error(
      `[BUDGET] reservation of run ${runId} not settled; it stays counted as reserved in that day's ledger`,
      {
        mission_id: missionId,
        run_id: runId,
        error: String(error),
      },
    );
  },
  triggerFailed(missionId: string, error: unknown, retrying: boolean): void {
    logger.error(`[MISSION] ${missionId} trigger failed${retrying ? " (will be retried)" : ""}: ${String(error)}`, {
      mission_id: missionId,
      retrying,
    });
  },
  runResumed(missionId: string, executionId: string, attempt: number, stepsKept: number): void {
    logger.info(
      `[MISSION] ${missionId} resumed by ${executionId} (attempt ${attempt}) after ${stepsKept} completed steps`,
      {
        mission_id: missionId,
        execution_id: executionId,
        attempt,
        steps_kept: stepsKept,
      },
    );
  },
  cancelNoticed(missionId: string, executionId: string, reason: string): void {
    logger.info(`[MISSION] ${missionId} cancellation noticed by ${executionId}: ${reason}`, {
      mission_id: missionId,
      execution_id: executionId,
      reason,
    });
  },
  missionEndedAtClaim(missionId: string, status: string, reason: string): void {
    logger.info(`[MISSION] ${missionId} not run, now ${status}: ${reason}`, { mission_id: missionId, status, reason });
  },
  transientRetry(what: string, attempt: number, error: unknown): void {
    logger.warn(`[MISSION] ${what}: transient error, retrying (try ${attempt + 1}): ${String(error)}`, {
      what,
      attempt,
      error: String(error),
    });
  },
  missionsPromoted(ownerUid: string, missionIds: readonly string[]): void {
    logger.info(`[QUEUE] ${ownerUid}: a slot freed; promoted ${missionIds.join(", ")}`, {
      owner_uid: ownerUid,
      mission_ids: missionIds,
    });
  },
  slotRefillFailed(ownerUid: string, error: unknown): void {
    logger.warn(`[QUEUE] ${ownerUid}: promoting queued missions failed; the sweeper retries: ${String(error)}`, {
      owner_uid: ownerUid,
    });
  },
  staleApprovalDispatched(missionId: string): void {
    logger.warn(`[SWEEPER] ${missionId} was approved but never started; delivered to the trigger again`, {
      mission_id: missionId,
    });
  },
  sweepUnrunnable(missionId: string, reason: string): void {
    logger.warn(`[SWEEPER] ${missionId} cannot run: ${reason}`, { mission_id: missionId, reason });
  },
  leaseSwept(missionId: string, action: "requeued" | "failed" | "cancelled", attempt: number): void {
    logger.warn(`[SWEEPER] ${missionId} lease expired on attempt ${attempt}: ${action}`, {
      mission_id: missionId,
      action,
      attempt,
    });
  },

  // Analytics, streaming and the whiteboard.
  historyUnavailable(error: unknown): void {
    logger.warn(`[ANALYTICS] ETA history unavailable; the ETA uses its default model: ${String(error)}`, {
      error: String(error),
    });
  },
  finishUncounted(missionId: string, reason: string): void {
    logger.error(`[ANALYTICS] finished mission ${missionId} not counted: ${reason}`, {
      mission_id: missionId,
      reason,
    });
  },
  invalidMissionSkipped(missionId: string, reason: string): void {
    logger.warn(`[ANALYTICS] mission ${missionId} left out of the dashboard: ${reason}`, {
      mission_id: missionId,
      reason,
    });
  },
  /** One webhook delivery attempt (notify/deliver.ts); the URL is not logged (it may carry a token). */
  notificationAttempt(
    runId: string,
    attempt: number,
    outcome: string,
    httpStatus: number | null,
    error: string | null,
  ): void {
    const what = httpStatus === null ? (error ?? "no answer") : `HTTP ${httpStatus}`;
    logger.info(`[NOTIFY] run ${runId} attempt ${attempt}: ${outcome} (${what})`, {
      run_id: runId,
      attempt,
      outcome,
      http_status: httpStatus,
      error,
    });
  },
  requestFailed(route: string, error: unknown): void {
    logger.error(`[API] ${route} failed: ${String(error)}`, { route, error: String(error) });
  },
  streamEnded(route: string, reason: string, events: number): void {
    logger.info(`[API] ${route} stream ended (${reason}) after ${events} events`, { route, reason, events });
  },
};
