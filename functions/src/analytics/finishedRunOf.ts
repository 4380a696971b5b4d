import { Timestamp } from "firebase-admin/firestore";
import * as z from "zod";
import { formatIssues } from "../missions/formatIssues";
import { ownerUidSchema, type ParseResult } from "../missions/schema";
import { progressSnapshotSchema } from "../progress/schema";
import { stepNameSchema } from "../shared/steps";
import { TOOL_NAMES } from "../shared/toolNames";
import type { FinishedRun } from "../pipeline/record/runRecorder";

/**
 * A finished mission as its terminal write stored it: what analytics counts is read back from
 * the record, never handed over by the writer, so every way a mission ends (the pipeline, its
 * claim, the sweeper) is counted the same way, once, from the one place that holds the result.
 */
const finishedMissionSchema = z.looseObject({
  status: z.enum(["completed", "failed", "cancelled"]),
  owner_uid: ownerUidSchema.optional().catch(undefined),
  execution_record: z.looseObject({
    // An end written before any claim carries the id of the attempt that wrote it.
    run_id: z.string().min(1).optional(),
    execution_id: z.string().min(1).optional(),
    finished_at: z.instanceof(Timestamp),
    duration_ms: z.number().nonnegative().optional(),
    tool_used: z.enum(TOOL_NAMES).nullable().optional(),
    actual_cost_microusd: z.number().int().nonnegative().optional(),
    // A snapshot an older deploy stored may not parse: the run is still counted, without steps.
    progress_tracker: progressSnapshotSchema.optional().catch(undefined),
    error: z.looseObject({ step: z.string() }).nullable().optional(),
  }),
});

/** What a finished run's stored record says about it, for the aggregates. */
export function finishedRunOf(missionId: string, data: unknown): ParseResult<FinishedRun> {
  const parsed = finishedMissionSchema.safeParse(data, { reportInput: true });
  if (!parsed.success) {
    return { ok: false, message: `cannot count finished mission: ${formatIssues(parsed.error.issues)}` };
  }
  const { status, owner_uid, execution_record: record } = parsed.data;
  const runId = record.run_id ?? record.execution_id;
  if (!runId) return { ok: false, message: "cannot count finished mission: execution_record has no run_id" };
  const failedStep = status === "failed" ? stepNameSchema.safeParse(record.error?.step).data : undefined;
  return {
    ok: true,
    value: {
      missionId,
      runId,
      ownerUid: owner_uid ?? null,
      outcome: status,
      finishedAtMs: record.finished_at.toMillis(),
      durationMs: record.duration_ms ?? 0,
      tool: record.tool_used ?? null,
      costMicroUsd: record.actual_cost_microusd ?? 0,
      completedSteps: (record.progress_tracker?.completed_steps ?? []).map((step) => ({
        name: step.step_name,
        durationMs: step.duration_ms ?? 0,
      })),
      failedStep: failedStep ?? null,
    },
  };
}
