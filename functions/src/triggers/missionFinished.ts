import type { Firestore } from "firebase-admin/firestore";
import { isWriteConditionFailure } from "../errors";
import { log } from "../logs";
import { statusOf } from "../missions/approval";
import { isTerminal } from "../missions/status";
import { finishedRunOf } from "../analytics/finishedRunOf";
import { writeRecording, type RunRecorder } from "../pipeline/record/runRecorder";

/**
 * True when this write ended the mission: an update from a status that was not final to one
 * that is. (A mission created finished was never run here; a re-approval refused puts the
 * final status back, and the run's marker already exists.)
 */
export function isFinish(before: unknown, after: unknown): boolean {
  const was = statusOf(before);
  const is = statusOf(after);
  return was !== null && is !== null && !isTerminal(was) && isTerminal(is);
}

export type FinishRecorded = "recorded" | "already recorded" | "uncountable";

/**
 * Counts a mission that just ended in the analytics aggregates: one commit, built from the
 * stored record alone (no read).
 *
 * Runs from the terminal write's own trigger event, so the mission's final write carries only
 * what the run publishes (a short mission's result is visible sooner: the aggregates' shards
 * were most of that commit's cost). The event is delivered at least once (the function
 * retries), and the recorder's marker is created in the same commit: a repeated delivery fails
 * its `create` and changes nothing, so every finished run is counted exactly once, whoever
 * ended it.
 */
export async function recordFinishedMission(
  db: Firestore,
  recorder: RunRecorder,
  missionId: string,
  after: unknown,
): Promise<FinishRecorded> {
  const finished = finishedRunOf(missionId, after);
  if (!finished.ok) {
    // Retrying cannot fix a record; say so loudly, once.
    log.finishUncounted(missionId, finished.message);
    return "uncountable";
  }
  const batch = db.batch();
  writeRecording(batch, recorder.recording(db, finished.value));
  try {
    await batch.commit();
    return "recorded";
  } catch (error) {
    // The marker's `create` found it: this run was recorded by an earlier delivery.
    if (isWriteConditionFailure(error)) return "already recorded";
    throw error;
  }
}
