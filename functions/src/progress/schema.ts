import { z } from "zod";
import { stepNameSchema } from "../shared/steps";

/**
 * What the progress tracker records, exactly as it lands in
 * `missions/{id}.execution_record.progress_tracker`. Timestamps are ISO strings so
 * the tracker needs nothing from Firestore.
 */
export const stepStatusSchema = z.enum(["started", "completed", "failed"]);
export type StepStatus = z.infer<typeof stepStatusSchema>;

export const executionStepSchema = z.object({
  step_name: stepNameSchema,
  step_index: z.number().int().min(1),
  total_steps: z.number().int().min(1),
  progress_percent: z.number().min(0).max(100),
  status: stepStatusSchema,
  message: z.string(),
  started_at: z.string(),
  completed_at: z.string().nullable(),
  duration_ms: z.number().nonnegative().nullable(),
  error: z.string().nullable(),
  /** Which attempt of the run did this step (a resumed attempt keeps its predecessors' steps). */
  attempt: z.number().int().min(1).optional(),
});
export type ExecutionStep = z.infer<typeof executionStepSchema>;

export const progressSnapshotSchema = z.object({
  mission_id: z.string().min(1),
  start_time: z.string(),
  current_step: executionStepSchema.nullable(),
  completed_steps: z.array(executionStepSchema),
  /** Names of completed steps, in order: lets a query ask "got past step X" with array-contains. */
  completed_step_names: z.array(stepNameSchema),
  progress_percent: z.number().min(0).max(100),
  eta_seconds: z.number().nonnegative().nullable(),
  /** Sub-step progress of long steps (web_extract: items found of a target, pages visited). */
  items_target: z.number().int().nonnegative().nullable(),
  pages_visited: z.number().int().nonnegative(),
  // Legacy fields of the original tracker, kept for existing dashboards.
  total_items_collected: z.number().int().nonnegative(),
  pages_since_last_increase: z.number().int().nonnegative(),
  last_progress_timestamp: z.string().nullable(),
});
export type ProgressSnapshot = z.infer<typeof progressSnapshotSchema>;
