import { loadPipelineConfig } from "../config";
import { asPipelineError } from "../errors";
import { firestore } from "../firebase";
import { log } from "../logs";
import { isApproval } from "../missions/approval";
import { executeMission, type MissionOutcome } from "../pipeline/executeMission";
import { createToolRegistry } from "../tools/registry";

/** Events older than this are not retried any more: the mission is failed or swept instead. */
export const MAX_RETRY_AGE_MS = 10 * 60 * 1000;

export interface MissionWriteEvent {
  missionId: string;
  before: unknown;
  after: unknown;
  /** When the write happened (the event's time), for the retry cut-off. */
  eventTimeMs: number;
}

/**
 * The trigger's whole job: ignore every write that is not an approval, run the pipeline for
 * one that is, and decide whether a thrown error should be retried by the platform.
 */
export async function handleMissionWrite(event: MissionWriteEvent): Promise<MissionOutcome | null> {
  if (!isApproval(event.before, event.after)) return null;
  try {
    return await executeMission(event.missionId, {
      db: firestore(),
      config: loadPipelineConfig(),
      tools: createToolRegistry(),
    });
  } catch (error) {
    const failure = asPipelineError(error);
    const retry = failure.retryable && Date.now() - event.eventTimeMs < MAX_RETRY_AGE_MS;
    log.triggerFailed(event.missionId, failure, retry);
    if (retry) throw failure;
    return null;
  }
}
