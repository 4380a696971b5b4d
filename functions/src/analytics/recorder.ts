import type { RunRecorder } from "../pipeline/record/runRecorder";
import { missionFinishedRecording } from "./aggregateWrites";

/** The pipeline's finished runs, added to the dashboard's incremental aggregates. */
export const aggregatesRecorder: RunRecorder = {
  recording: missionFinishedRecording,
};
