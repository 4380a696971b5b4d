import type { Timestamp } from "firebase-admin/firestore";
import type { RunRecorder } from "../pipeline/record/runRecorder";
import { asPipelineError } from "../errors";
import { log } from "../logs";
import { needsPipeline } from "../missions/approval";
import type { MissionOutcome, PipelineDeps } from "../pipeline/run/executeMission";
import { isFinish } from "./missionFinished";

/** Events older than this are not retried any more: the mission is failed or swept instead. */
export const MAX_RETRY_AGE_MS = 10 * 60 * 1000;

export interface MissionWriteEvent {
  missionId: string;
  before: unknown;
  after: unknown;
  /** The update time `after` had; with it, the claim can skip its read (pipeline/record/missionStore.ts). */
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
  deps?: () => PipelineDeps,
  recorder?: RunRecorder,
): Promise<MissionOutcome | null> {
  // The pipeline and the recorder load only for a write that needs them (issue 20): most
  // invocations (a run's own progress writes) do nothing, and should not pay for loading.
  if (isFinish(event.before, event.after)) {
    const [{ firestore }, { aggregatesRecorder }, { recordFinishedMission }] = await Promise.all([
      import("../firebase.js"),
      import("../analytics/recorder.js"),
      import("./missionFinished.js"),
    ]);
    // Always retried: recording is idempotent, and a run left uncounted would be lost.
    await recordFinishedMission(firestore(), recorder ?? aggregatesRecorder, event.missionId, event.after);
    return null;
  }
  if (!needsPipeline(event.before, event.after)) return null;
  try {
    const [{ executeMission }, { productionDeps }] = await Promise.all([
      import("../pipeline/run/executeMission.js"),
      import("./pipelineDeps.js"),
    ]);
    const delivered = event.afterUpdateTime ? { data: event.after, updateTime: event.afterUpdateTime } : undefined;
    return await executeMission(event.missionId, (deps ?? productionDeps)(), delivered);
  } catch (error) {
    const failure = asPipelineError(error);
    const retry = failure.retryable && Date.now() - event.eventTimeMs < MAX_RETRY_AGE_MS;
    log.triggerFailed(event.missionId, failure, retry);
    if (retry) throw failure;
    return null;
  }
}
