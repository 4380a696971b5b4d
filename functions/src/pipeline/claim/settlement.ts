import { Timestamp } from "firebase-admin/firestore";
import { utcDay } from "../../shared/days";
import { reportedSpend, spentSoFar } from "../budget/spending";
import { parseCheckpoint, type Checkpoint } from "../record/checkpoint";

/** Budget a run that ends here must settle: what it spent, the rest released. */
export interface Settlement {
  day: string;
  runId: string;
  /** What to settle at (may be WHOLE_RESERVATION: see spending.ts). */
  spentMicroUsd: number;
  /** The same as a figure for the record and analytics. */
  reportedMicroUsd: number;
}

export function settlementOf(runId: string, startedAtMs: number, checkpoint: Checkpoint): Settlement {
  return {
    runId,
    day: utcDay(startedAtMs),
    spentMicroUsd: spentSoFar(checkpoint),
    reportedMicroUsd: reportedSpend(checkpoint),
  };
}

/** The checkpoint as far as it parses: a malformed one says nothing, so the whole reservation is charged. */
export function lenient(record: { checkpoint?: unknown }): Checkpoint {
  const parsed = parseCheckpoint(record.checkpoint);
  return parsed.ok ? parsed.value : {};
}

/** A record that fails its schema may still name its run: settle that run's whole reservation. */
export function settlementOfMalformed(rawRecord: unknown): Settlement | null {
  const raw = typeof rawRecord === "object" && rawRecord !== null ? (rawRecord as Record<string, unknown>) : {};
  const runId = typeof raw.run_id === "string" && raw.run_id !== "" ? raw.run_id : null;
  const startedAt = raw.started_at instanceof Timestamp ? raw.started_at.toMillis() : null;
  return runId && startedAt !== null ? settlementOf(runId, startedAt, lenient(raw)) : null;
}
