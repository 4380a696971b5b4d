import { log } from "../logs";
import type { MissionProgressTracker } from "./tracker";

/** Writes the `[PROGRESS_TRACKER] …` lines for every tracker event. */
export function attachLoggerSink(tracker: MissionProgressTracker): () => void {
  return tracker.onEvent((event, snapshot) => {
    switch (event.type) {
      case "step_started":
        return log.stepStarted(tracker.missionId, event.step, event.percent);
      case "step_progress":
        return log.stepProgress(tracker.missionId, event.step, event.percent, snapshot.current_step?.message ?? "");
      case "step_completed":
        return log.stepCompleted(tracker.missionId, event.step, event.percent);
      case "step_failed":
        return log.stepFailed(tracker.missionId, event.step, event.percent, snapshot.current_step?.error ?? "");
    }
  });
}
