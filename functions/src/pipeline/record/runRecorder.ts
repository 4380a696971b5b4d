import type { DocumentData, DocumentReference, Firestore, SetOptions } from "firebase-admin/firestore";
import type { ToolName } from "../../shared/toolNames";
import type { StepName } from "../../shared/steps";

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

/** What a transaction and a write batch both do: the final write and the count commit through either. */
export interface DocumentWriter {
  set(ref: DocumentReference, data: DocumentData, options?: SetOptions): unknown;
  create(ref: DocumentReference, data: DocumentData): unknown;
}

/**
 * The documents that count one finished run. The marker exists once the run is counted and is
 * created in the same commit as the counts: a repeated or concurrent recording of the same run
 * fails its `create` (or, in a transaction, finds the marker and writes nothing), so a run is
 * counted once.
 */
export interface RunRecording {
  readonly marker: { readonly ref: DocumentReference; readonly data: DocumentData };
  /** Merge-writes (increments) that add the run to the counts. */
  readonly merges: readonly { readonly ref: DocumentReference; readonly data: DocumentData }[];
}

/**
 * Who counts a finished run, without the trigger knowing who listens: the analytics side
 * implements it. It only says what to write; the trigger commits it with the marker created
 * (triggers/missionFinished.ts), so a repeated delivery of the ending write fails as a whole.
 */
export interface RunRecorder {
  recording(db: Firestore, run: FinishedRun): RunRecording;
}

/** Adds the run's counts and creates its marker (the commit fails if the run was counted already). */
export function writeRecording(writer: DocumentWriter, recording: RunRecording): void {
  for (const merge of recording.merges) writer.set(merge.ref, merge.data, { merge: true });
  writer.create(recording.marker.ref, recording.marker.data);
}
