import { FieldValue, Timestamp } from "firebase-admin/firestore";
import * as z from "zod";
import { PIPELINE_ERROR_KINDS } from "../../errors";
import { assertTransition, type StatusMove } from "../../missions/status";
import { progressSnapshotSchema } from "../../progress/schema";
import { STEP_NAMES, stepNameSchema } from "../../shared/steps";
import { TOOL_NAMES } from "../../shared/toolNames";
import { checkpointSchema } from "./checkpoint";

/**
 * The one typed write side of a mission: every write of `status` and `execution_record` is
 * built here from a typed patch, its status move checked against the state table and its
 * record against this schema at run time, and flattened into dotted paths so nothing else in
 * the map is lost. Which patch each change of status writes is decided in one module,
 * pipeline/lifecycle/statusChanges.ts.
 */
const timestamp = z.instanceof(Timestamp);

export const RECORD_STATUSES = ["executing", "requeued", "completed", "failed", "cancelled"] as const;

export const recordErrorSchema = z.object({
  step: z.enum([...STEP_NAMES, "unknown"]),
  kind: z.enum(PIPELINE_ERROR_KINDS),
  message: z.string(),
});
export type RecordError = z.infer<typeof recordErrorSchema>;

export const cancellationSchema = z.object({
  /** The step the run was in (or about to start) when it stopped; null if it never started. */
  at_step: stepNameSchema.nullable(),
  /** What of the run was kept, in words ("nothing published; budget settled at $0.0020"). */
  kept: z.string(),
  spent_microusd: z.number().int().nonnegative(),
});

const recordPatchSchema = z
  .object({
    /** The approval's run: stable across attempts; every side effect is keyed by it. */
    run_id: z.string(),
    /** This attempt's execution: fences writes, so a swept worker cannot write over its successor. */
    execution_id: z.string(),
    attempt: z.number().int().min(1),
    requeued: z.boolean(),
    /** A retry of a failed run (pipeline/run/retryFailed.ts): attempts up to this one belong to the failed approval. */
    retried_after_attempt: z.number().int().nonnegative(),
    status: z.enum(RECORD_STATUSES),
    lease_expires_at: timestamp.nullable(),
    started_at: timestamp,
    attempt_started_at: timestamp,
    finished_at: timestamp,
    duration_ms: z.number().nonnegative(),
    document_writes: z.number().int().nonnegative(),
    progress_tracker: progressSnapshotSchema,
    checkpoint: checkpointSchema,
    success: z.boolean(),
    tool_used: z.enum(TOOL_NAMES).nullable(),
    tool_confidence: z.number().nullable(),
    result_summary: z.string().nullable(),
    execution_result: z.record(z.string(), z.unknown()).nullable(),
    artifact_reference: z.string().nullable(),
    artifact_message: z.string().nullable(),
    /** The tool decision (decision/decide.ts) without its input: tool, source, confidence, reason, estimate. */
    decision: z.record(z.string(), z.unknown()).nullable(),
    intent: z.record(z.string(), z.unknown()).nullable(),
    tool_selection: z.record(z.string(), z.unknown()).nullable(),
    estimated_cost_microusd: z.number().int().nonnegative(),
    actual_cost_microusd: z.number().int().nonnegative(),
    evaluation: z.record(z.string(), z.unknown()).nullable(),
    error: recordErrorSchema.nullable(),
    cancellation: cancellationSchema.nullable(),
    /** Set by the sweeper to deliver a stranded approval to the trigger again. */
    dispatched_at: timestamp,
    /** Its place in the owner's queue when it was queued (queue/userSlots.ts), and when it left it. */
    queue: z.object({ place: z.number().int().positive(), queued_at: timestamp, promoted_at: timestamp.optional() }),
    /** Why a re-approval of a finished mission ran nothing. */
    reapproval_refused: z.object({ reason: z.string(), at: timestamp }),
  })
  .partial()
  .strict();
export type RecordPatch = z.infer<typeof recordPatchSchema>;
export type QueueEntry = NonNullable<RecordPatch["queue"]>;

export interface MissionPatch {
  /** A change of status, refused unless the state table (missions/status.ts) lists it. */
  move?: StatusMove;
  record: RecordPatch;
  /** Replace the whole execution_record (only to overwrite a malformed one). */
  replaceRecord?: boolean;
  /**
   * False for a progress write: `updated_at` stays at the last change of state (issue 20).
   * It is indexed with `status`, and increasing: rewritten every second by every running
   * mission it would cap the deployment at ~500 running missions (docs/capacity.md).
   */
  touchUpdatedAt?: boolean;
}

/** A checked, flattened update for `DocumentReference.update` / `Transaction.update`. */
export type MissionUpdate = Readonly<Record<string, unknown>> & { readonly __checked: true };

const RECORD_FIELD = "execution_record";
const RECORD_PATH_PREFIX = `${RECORD_FIELD}.`;

export function missionUpdate(patch: MissionPatch): MissionUpdate {
  const record = recordPatchSchema.parse(patch.record);
  const fields: Record<string, unknown> =
    patch.touchUpdatedAt === false ? {} : { updated_at: FieldValue.serverTimestamp() };
  if (patch.move) {
    assertTransition(patch.move);
    fields.status = patch.move.to;
  }
  if (patch.replaceRecord) fields[RECORD_FIELD] = record;
  else for (const [key, value] of Object.entries(record)) fields[`${RECORD_PATH_PREFIX}${key}`] = value;
  return fields as MissionUpdate;
}

/**
 * A new delivery of a mission still waiting in `approved`: its trigger event runs the claim
 * again (missions/approval.ts `needsPipeline`), which decides it exactly once. The sweeper's
 * answer to an approval whose delivery was lost.
 */
export function redeliveryUpdate(atMs: number): MissionUpdate {
  return missionUpdate({ record: { dispatched_at: Timestamp.fromMillis(atMs) } });
}

/**
 * The same update with its record fields gathered into one `execution_record` map, for a
 * mission that has no record yet. Only under that condition (a write conditioned on the
 * update time of a version without one) does it store the same document as the dotted
 * fields; Firestore then applies one field instead of one per record key, which on the
 * emulator is measurably cheaper for the 27 keys of a finished calculate run (README, Performance).
 */
export function startingRecord(update: MissionUpdate): MissionUpdate {
  const record: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  for (const [path, value] of Object.entries(update)) {
    if (path === RECORD_FIELD && value && typeof value === "object") Object.assign(record, value);
    else if (path.startsWith(RECORD_PATH_PREFIX)) record[path.slice(RECORD_PATH_PREFIX.length)] = value;
    else fields[path] = value;
  }
  fields[RECORD_FIELD] = record;
  return fields as MissionUpdate;
}
