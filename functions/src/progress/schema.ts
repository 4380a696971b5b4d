import * as z from "zod";
import { stepNameSchema } from "../shared/steps";

/**
 * What the progress tracker records, exactly as it lands in
 * `missions/{id}.execution_record.progress_tracker`. Timestamps are ISO strings so
 * the tracker needs nothing from Firestore.
 */
/** Page timings kept per run: enough for any crawl EXTRACT_MAX_PAGES allows in practice. */
export const MAX_PAGE_MARKS = 100;

/** How far an ETA may be trusted: the default model, 1–2 runs of history, 3 or more. */
export const ETA_CONFIDENCES = ["low", "medium", "high"] as const;
export type EtaConfidence = (typeof ETA_CONFIDENCES)[number];

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
  // The ETA's context (optional: records written before it have none). `eta_at` is when the
  // estimate was made: a reader counts down from it, as a stored snapshot may be a second old.
  eta_at: z.string().optional(),
  eta_low_seconds: z.number().nonnegative().optional(),
  eta_high_seconds: z.number().nonnegative().optional(),
  /** `low` for the default model or thin history; the range is wider accordingly. */
  eta_confidence: z.enum(ETA_CONFIDENCES).optional(),
  eta_history_runs: z.number().int().nonnegative().optional(),
  /** Sub-step progress of long steps (web_extract: items found of a target, pages visited). */
  items_target: z.number().int().nonnegative().nullable(),
  pages_visited: z.number().int().nonnegative(),
  /** When each page of the paged step was done, in ms since that step started (ETA history). */
  page_marks_ms: z.array(z.number().nonnegative()).max(MAX_PAGE_MARKS).optional(),
  // Legacy fields of the original tracker, kept for existing dashboards.
  total_items_collected: z.number().int().nonnegative(),
  pages_since_last_increase: z.number().int().nonnegative(),
  last_progress_timestamp: z.string().nullable(),
});
export type ProgressSnapshot = z.infer<typeof progressSnapshotSchema>;
