import { Timestamp } from "firebase-admin/firestore";
import * as z from "zod";
import { progressSnapshotSchema } from "../progress/schema";
import { TOOL_NAMES } from "../shared/toolNames";
import { formatIssues } from "./formatIssues";
import { MISSION_STATUSES } from "./status";

/** Longest objective accepted. Keeps the mission document and its trigger events small. */
export const MAX_OBJECTIVE_CHARS = 4000;
/** Longest plan reason accepted. */
export const MAX_PLAN_REASON_CHARS = 2000;
/** Longest `notify_url` accepted (rules: the same). */
export const MAX_NOTIFY_URL_CHARS = 2048;
/** Largest plan target (items to extract) accepted. */
export const MAX_PLAN_TARGET = 1000;
/**
 * The plan input keys and their longest values. `firestore.rules` (validPlanInput) holds the
 * same numbers; the shared case table (test/rules/missionCases.ts) tries each at and past its
 * limit against both. Counted per field, so an escaped-when-serialised value (control
 * characters) cannot pass one side and fail the other.
 */
export const PLAN_INPUT_LIMITS = {
  expression: 500,
  url: 2048,
  selector: 200,
  item_kind: 100,
  query: 500,
} as const;

const timestampSchema = z.instanceof(Timestamp);

export const missionStatusSchema = z.enum(MISSION_STATUSES);

/**
 * A string of at most `max` UTF-16 code units: JavaScript's `length`, and what the rules'
 * `size()` counts. (zod's own `max` counts code points, which lets through strings of
 * emoji that the rules refuse.)
 */
function boundedString(max: number) {
  return z.string().check((context) => {
    if (context.value.length > max) {
      context.issues.push({ code: "too_big", origin: "string", maximum: max, inclusive: true, input: context.value });
    }
  });
}
const optionalString = (max: number) => boundedString(max).optional();

export const missionPlanInputSchema = z.strictObject({
  expression: optionalString(PLAN_INPUT_LIMITS.expression),
  url: optionalString(PLAN_INPUT_LIMITS.url),
  selector: optionalString(PLAN_INPUT_LIMITS.selector),
  item_kind: optionalString(PLAN_INPUT_LIMITS.item_kind),
  query: optionalString(PLAN_INPUT_LIMITS.query),
  target: z.number().int().min(1).max(MAX_PLAN_TARGET).optional(),
});

export const missionPlanSchema = z.strictObject({
  /** A tool pre-selected while planning; used when it fits the classified intent. */
  tool: z.enum(TOOL_NAMES).optional(),
  /** Tool input from planning (an expression, a URL and selector, a query); small by design. */
  input: missionPlanInputSchema.optional(),
  reason: optionalString(MAX_PLAN_REASON_CHARS),
});
export type MissionPlan = z.infer<typeof missionPlanSchema>;

export const executionErrorSchema = z.object({
  step: z.string(),
  kind: z.string(),
  message: z.string(),
});

/**
 * The backend-owned map. Only the fields the backend reads back are required to have a
 * shape here; the result fields are written from typed values and read by analytics.
 */
export const executionRecordSchema = z.looseObject({
  run_id: z.string().min(1).optional(),
  execution_id: z.string().optional(),
  status: z.string().optional(),
  attempt: z.number().int().nonnegative().optional(),
  lease_expires_at: timestampSchema.nullable().optional(),
  started_at: timestampSchema.optional(),
  requeued: z.boolean().optional(),
  /** Set by a retry (pipeline/run/retryFailed.ts): the attempts before it do not count against the new approval. */
  retried_after_attempt: z.number().int().nonnegative().optional(),
  // Read back for display and by the sweeper, never to decide ownership: a snapshot that no
  // longer parses (an older deploy's shape, say) reads as absent instead of making the whole
  // mission unreadable and so impossible to finish or sweep.
  progress_tracker: progressSnapshotSchema.optional().catch(undefined),
  // Parsed by the pipeline when it resumes a run (pipeline/record/checkpoint.ts).
  checkpoint: z.unknown().optional(),
  error: executionErrorSchema.nullable().optional(),
  /** Set while (and after) the mission waited for one of its owner's slots (queue/userSlots.ts). */
  queue: z
    .object({ place: z.number().int().positive(), queued_at: timestampSchema, promoted_at: timestampSchema.optional() })
    .optional()
    .catch(undefined),
});
export type ExecutionRecordRead = z.infer<typeof executionRecordSchema>;

/** Only what the trigger and the claim need, so a malformed mission can still be failed. */
export const missionHeaderSchema = z.looseObject({
  status: missionStatusSchema,
  execution_record: executionRecordSchema.optional(),
});
export type MissionHeader = z.infer<typeof missionHeaderSchema>;

export const ownerUidSchema = z.string().min(1).max(128);

export const missionSchema = z.looseObject({
  owner_uid: ownerUidSchema,
  // The length is checked before trimming, as the rules see it; then it must have text left.
  objective: boundedString(MAX_OBJECTIVE_CHARS).trim().min(1),
  status: missionStatusSchema,
  created_at: timestampSchema.optional(),
  updated_at: timestampSchema.optional(),
  approved_at: timestampSchema.optional(),
  /** Set by the owner (rules: the server's time) to ask for an approved or running mission to stop. */
  cancel_requested_at: timestampSchema.optional(),
  /** Spending cap for this mission, in US dollars. */
  budget: z.number().finite().nonnegative().optional(),
  plan: missionPlanSchema.optional(),
  /** Where the mission's ending is POSTed (https; the address policy is applied at verification: notify/notifyUrl.ts). */
  notify_url: boundedString(MAX_NOTIFY_URL_CHARS).optional(),
  execution_record: executionRecordSchema.optional(),
});
export type Mission = z.infer<typeof missionSchema>;

export type ParseResult<T> = { ok: true; value: T } | { ok: false; message: string };

export function parseMission(data: unknown): ParseResult<Mission> {
  const parsed = missionSchema.safeParse(data, { reportInput: true });
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: `invalid mission: ${formatIssues(parsed.error.issues)}` };
}

export function parseMissionHeader(data: unknown): ParseResult<MissionHeader> {
  const parsed = missionHeaderSchema.safeParse(data, { reportInput: true });
  return parsed.success
    ? { ok: true, value: parsed.data }
    : { ok: false, message: `invalid mission: ${formatIssues(parsed.error.issues)}` };
}

/**
 * Why `executionId` may not write a run's state to this mission now, or null when it may:
 * the mission must be readable, `executing`, and claimed by exactly this execution.
 */
export function ownershipRefusal(header: ParseResult<MissionHeader>, executionId: string): string | null {
  if (!header.ok) return "mission is gone or unreadable";
  if (header.value.status !== "executing") return `status is "${header.value.status}"`;
  const owner = header.value.execution_record?.execution_id;
  return owner === executionId ? null : `mission now belongs to execution ${owner ?? "none"}`;
}
