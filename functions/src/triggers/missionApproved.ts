import type { Timestamp } from "firebase-admin/firestore";
import { aggregatesRecorder } from "../analytics/recorder";
import { firestore } from "../firebase";
import type { RunRecorder } from "../pipeline/finishedRun";
import { asPipelineError } from "../errors";
import { log } from "../logs";
import { needsPipeline } from "../missions/approval";
import { executeMission, type MissionOutcome, type PipelineDeps } from "../pipeline/executeMission";
import { isFinish, recordFinishedMission } from "./missionFinished";
import { productionDeps } from "./pipelineDeps";

/** Events older than this are not retried any more: the mission is failed or swept instead. */
export const MAX_RETRY_AGE_MS = 10 * 60 * 1000;

export interface MissionWriteEvent {
  missionId: string;
  before: unknown;
  after: unknown;
  /** The update time `after` had; with it, the claim can skip its read (pipeline/missionStore.ts). */
  afterUpdateTime?: Timestamp;
  /** When the write happened (the event's time), for the retry cut-off. */
  eventTimeMs: number;
}

/**
 * The trigger's whole job: run the pipeline for a write that needs it, count a mission the
 * write ended (missionFinished.ts), ignore every other write, and decide whether a thrown
 * error should be retried by the platform.
 */
export async function handleMissionWrite(
  event: MissionWriteEvent,
  deps: () => PipelineDeps = productionDeps,
  recorder: RunRecorder = aggregatesRecorder,
): Promise<MissionOutcome | null> {
  if (isFinish(event.before, event.after)) {
    // Always retried: recording is idempotent, and a run left uncounted would be lost.
    await recordFinishedMission(firestore(), recorder, event.missionId, event.after);
    return null;
  }
  if (!needsPipeline(event.before, event.after)) return null;
  try {
    const delivered = event.afterUpdateTime ? { data: event.after, updateTime: event.afterUpdateTime } : undefined;
    return await executeMission(event.missionId, deps(), delivered);
  } catch (error) {
    const failure = asPipelineError(error);
    const retry = failure.retryable && Date.now() - event.eventTimeMs < MAX_RETRY_AGE_MS;
    log.triggerFailed(event.missionId, failure, retry);
    if (retry) throw failure;
    return null;
  }
}
