import type { RunRecorder } from "../pipeline/finishedRun";
import { prepareMissionFinished } from "./aggregateWrites";

/** The pipeline's finished runs, added to the dashboard's incremental aggregates. */
export const aggregatesRecorder: RunRecorder = {
  async prepare(tx, db, run) {
    const write = await prepareMissionFinished(tx, db, run);
    return () => void write();
  },
};
