import type { Firestore, Transaction } from "firebase-admin/firestore";
import type { ToolName } from "../shared/toolNames";
import type { StepName } from "../shared/steps";

/** The facts about a finished run that whoever keeps statistics needs. */
export interface FinishedRun {
  missionId: string;
  /** The run (one per approval): recording is idempotent per run. */
  runId: string;
  /** Null when the mission was too malformed to have an owner (failed at verification). */
  ownerUid: string | null;
  outcome: "completed" | "failed" | "cancelled";
  finishedAtMs: number;
  durationMs: number;
  tool: ToolName | null;
  costMicroUsd: number;
  /** The steps the run completed, in order, with their durations. */
  completedSteps: readonly { name: StepName; durationMs: number }[];
  failedStep: StepName | null;
}

/**
 * How the pipeline reports a finished run without knowing who listens: the analytics side
 * implements it. It runs inside the transaction of the mission's final write, so a run is
 * counted exactly when its result is stored. Firestore wants every read of a transaction
 * before its first write: `prepare` does the recorder's reads (in parallel with the caller's)
 * and returns the writes, which the caller makes once it has decided to write at all.
 */
export interface RunRecorder {
  prepare(tx: Transaction, db: Firestore, run: FinishedRun): Promise<() => void>;
}

/** Records in a transaction that has done its own reads already. */
export async function recordIn(recorder: RunRecorder, tx: Transaction, db: Firestore, run: FinishedRun): Promise<void> {
  (await recorder.prepare(tx, db, run))();
}
