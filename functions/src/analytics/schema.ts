import * as z from "zod";
import { MISSION_STATUSES } from "../missions/status";
import { STEP_NAMES, type StepName, stepNameSchema } from "../shared/steps";
import { TOOL_NAMES } from "../shared/toolNames";

/**
 * The `/api/analytics/all` response. Every response is parsed with this schema before it
 * is sent, so the dashboard (and any other client) can rely on it.
 */
const percentSchema = z.number().min(0).max(100);
const isoSchema = z.iso.datetime();
const nonNegative = z.number().finite().nonnegative();

export const liveAgentSchema = z.strictObject({
  id: z.string().min(1),
  objective: z.string(),
  progress_percent: percentSchema,
  /** The running step, or the next one between steps. */
  current_step: stepNameSchema.nullable(),
  current_step_label: z.string(),
  /** "Execution: 45% | Selecting tool" */
  label: z.string().regex(/^Execution: \d{1,3}% \| .+$/),
  started_at: isoSchema.nullable(),
  elapsed_seconds: nonNegative,
  eta_seconds: nonNegative.nullable(),
});
export type LiveAgent = z.infer<typeof liveAgentSchema>;

export const pipelineStatusLabelSchema = z.enum(["In Progress", "Complete", "Failed", "Cancelled"]);
export type PipelineStatusLabel = z.infer<typeof pipelineStatusLabelSchema>;

export const pipelineEntrySchema = z.strictObject({
  id: z.string().min(1),
  objective: z.string(),
  status: z.enum(MISSION_STATUSES),
  status_label: pipelineStatusLabelSchema,
  completion_percent: percentSchema,
  tool_used: z.enum(TOOL_NAMES).nullable(),
  result_summary: z.string().nullable(),
  duration_ms: nonNegative.nullable(),
  updated_at: isoSchema.nullable(),
  /** `artifacts/{id}` and the API path that serves it (owner or admin), or null. */
  artifact: z.strictObject({ reference: z.string(), url: z.string().startsWith("/api/artifacts/") }).nullable(),
});
export type PipelineEntry = z.infer<typeof pipelineEntrySchema>;

const stepDurationSchema = z.strictObject({
  average_ms: nonNegative.nullable(),
  /**
   * 90th percentile as the upper bound of its histogram bucket (1-2-5 ms series): at least
   * the true p90, at most 2.5 times it. Null before any run recorded a histogram.
   */
  p90_ms: nonNegative.nullable(),
  samples: nonNegative,
});

export const analyticsResponseSchema = z.strictObject({
  generated_at: isoSchema,
  /** "all" for an admin, "own" for everyone else. */
  scope: z.enum(["all", "own"]),
  live_agents: z.array(liveAgentSchema),
  /** True when more missions are executing than `live_agents` lists. */
  live_agents_truncated: z.boolean(),
  task_pipeline: z.array(pipelineEntrySchema).max(5),
  counts_by_status: z.strictObject(
    Object.fromEntries(MISSION_STATUSES.map((status) => [status, nonNegative])) as Record<
      (typeof MISSION_STATUSES)[number],
      typeof nonNegative
    >,
  ),
  /** Statuses whose count reached the cap (shown as "1000+"). */
  counts_capped: z.array(z.enum(MISSION_STATUSES)),
  /** completed / (completed + failed), null before any mission finished. */
  success_rate: z.number().min(0).max(1).nullable(),
  duration: z.strictObject({
    average_ms: nonNegative.nullable(),
    per_step: z.strictObject(
      Object.fromEntries(STEP_NAMES.map((step) => [step, stepDurationSchema])) as Record<
        StepName,
        typeof stepDurationSchema
      >,
    ),
  }),
  /** Missions that failed, by the step they failed at. */
  failures_by_step: z.record(stepNameSchema, nonNegative),
  tool_usage: z.record(z.enum(TOOL_NAMES), nonNegative),
  cost: z.strictObject({
    total_microusd: nonNegative,
    average_microusd: nonNegative.nullable(),
    total_usd: nonNegative,
    average_usd: nonNegative.nullable(),
  }),
  missions_today: z.strictObject({
    /** UTC day. */
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    finished: nonNegative,
    completed: nonNegative,
    failed: nonNegative,
    cancelled: nonNegative,
    cost_microusd: nonNegative,
    /** Missions finished in each UTC hour of the day (index 0–23). */
    finished_by_hour: z.array(nonNegative).length(24),
  }),
});
export type AnalyticsResponse = z.infer<typeof analyticsResponseSchema>;

/** One event of `GET /api/missions/{id}/progress`. */
export const progressEventSchema = z.strictObject({
  mission_id: z.string().min(1),
  status: z.enum(MISSION_STATUSES),
  progress_percent: percentSchema,
  current_step: stepNameSchema.nullable(),
  label: z.string(),
  completed_step_names: z.array(stepNameSchema),
  eta_seconds: nonNegative.nullable(),
  elapsed_seconds: nonNegative,
  result_summary: z.string().nullable(),
  artifact: pipelineEntrySchema.shape.artifact,
});
export type ProgressEventView = z.infer<typeof progressEventSchema>;
