import type { RunRecorder } from "../pipeline/finishedRun";
import { recordMissionFinishedIn } from "./aggregates";

/** The pipeline's finished runs, added to the dashboard's incremental aggregates. */
export const aggregatesRecorder: RunRecorder = {
  async recordIn(tx, db, run) {
    await recordMissionFinishedIn(tx, db, run);
  },
};
