import type { RunRecorder } from "../pipeline/finishedRun";
import { missionFinishedRecording } from "./aggregateWrites";

/** The pipeline's finished runs, added to the dashboard's incremental aggregates. */
export const aggregatesRecorder: RunRecorder = {
  recording: missionFinishedRecording,
};
