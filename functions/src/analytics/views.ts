import { Timestamp, type DocumentSnapshot } from "firebase-admin/firestore";
import * as z from "zod";
import { formatIssues } from "../missions/formatIssues";
import { missionStatusSchema } from "../missions/schema";
import { isTerminal } from "../missions/status";
import { PIPELINE_STEPS, STEP_LABELS, type StepName, stepNameSchema } from "../shared/steps";
import { TOOL_NAMES } from "../shared/toolNames";
import type { LiveAgent, PipelineEntry, PipelineStatusLabel, ProgressEventView } from "./schema";
import { round1 } from "../shared/money";

/**
 * What the dashboard needs from a mission document (or from its projection), parsed
 * leniently: a field of the wrong shape becomes "unknown" rather than hiding the mission,
 * but a mission without a readable status is left out.
 */

/**
 * Every free-text string a view returns is cut to a preview, so `/api/analytics/all` (polled
 * every 5 s) and the streams stay a few KB whatever a document holds: an objective written
 * with the Admin SDK has no 4000-character limit, and a summary is whatever a tool wrote.
 */
export const OBJECTIVE_PREVIEW_CHARS = 200;
export const SUMMARY_PREVIEW_CHARS = 500;
export const MESSAGE_PREVIEW_CHARS = 300;
const ELLIPSIS = "…";

/** `text` cut to at most `max` UTF-16 units, on a code point boundary, marked when cut. */
export function preview(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - ELLIPSIS.length;
  // Do not split a surrogate pair.
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut -= 1;
  return `${text.slice(0, cut)}${ELLIPSIS}`;
}

const previewed = (max: number) => z.string().transform((text) => preview(text, max));
const timestamp = z.instanceof(Timestamp).optional().catch(undefined);
const optionalNumber = z.number().finite().nonnegative().nullable().optional().catch(null);

const missionViewSchema = z.looseObject({
  objective: previewed(OBJECTIVE_PREVIEW_CHARS).catch(""),
  owner_uid: z.string().optional().catch(undefined),
  status: missionStatusSchema,
  updated_at: timestamp,
  execution_record: z
    .looseObject({
      started_at: timestamp,
      finished_at: timestamp,
      progress_tracker: z
        .looseObject({
          progress_percent: z.number().min(0).max(100).catch(0).default(0),
          current_step: z.looseObject({ step_name: stepNameSchema }).nullable().optional().catch(null),
          completed_step_names: z.array(stepNameSchema).catch([]).default([]),
          eta_seconds: optionalNumber,
          start_time: z.string().optional().catch(undefined),
        })
        .optional()
        .catch(undefined),
      artifact_reference: z.string().nullable().optional().catch(null),
      tool_used: z.enum(TOOL_NAMES).nullable().optional().catch(null),
      result_summary: previewed(SUMMARY_PREVIEW_CHARS).nullable().optional().catch(null),
      duration_ms: optionalNumber,
    })
    .optional()
    .catch(undefined),
});
export type MissionView = z.infer<typeof missionViewSchema> & { id: string };

export type ParsedView = { ok: true; view: MissionView } | { ok: false; id: string; reason: string };

export function parseMissionView(snapshot: DocumentSnapshot): ParsedView {
  const parsed = missionViewSchema.safeParse(snapshot.data() ?? {});
  if (!parsed.success) {
    return { ok: false, id: snapshot.id, reason: preview(formatIssues(parsed.error.issues), MESSAGE_PREVIEW_CHARS) };
  }
  return { ok: true, view: { ...parsed.data, id: snapshot.id } };
}

function iso(value: Timestamp | undefined): string | null {
  return value ? value.toDate().toISOString() : null;
}

/** The running step, or between steps the one that runs next; null once all have completed. */
export function displayStep(view: MissionView): StepName | null {
  const tracker = view.execution_record?.progress_tracker;
  if (tracker?.current_step) return tracker.current_step.step_name;
  const done = tracker?.completed_step_names.length ?? 0;
  return PIPELINE_STEPS[done]?.name ?? null;
}

export function progressPercent(view: MissionView): number {
  if (view.status === "completed") return 100;
  return view.execution_record?.progress_tracker?.progress_percent ?? 0;
}

/** "Execution: 45% | Selecting tool", as the spec's dashboard shows it. */
export function executionLabel(percent: number, step: StepName | null, status: string): string {
  // A cancelled run says so whatever step it stopped in; the others name their step.
  const stepLabel =
    status === "cancelled" ? "Cancelled" : step ? STEP_LABELS[step] : status === "failed" ? "Failed" : "Complete";
  return `Execution: ${Math.round(percent)}% | ${stepLabel}`;
}

function startedAtMs(view: MissionView): number | null {
  const started = view.execution_record?.started_at;
  if (started) return started.toMillis();
  const fromTracker = Date.parse(view.execution_record?.progress_tracker?.start_time ?? "");
  return Number.isFinite(fromTracker) ? fromTracker : null;
}

function elapsedSeconds(view: MissionView, nowMs: number): number {
  const started = startedAtMs(view);
  return started === null ? 0 : round1(Math.max(0, nowMs - started) / 1000);
}

export function toLiveAgent(view: MissionView, nowMs: number): LiveAgent {
  const step = displayStep(view);
  const percent = progressPercent(view);
  const started = startedAtMs(view);
  return {
    id: view.id,
    objective: view.objective,
    progress_percent: percent,
    current_step: step,
    current_step_label: step ? STEP_LABELS[step] : "Complete",
    label: executionLabel(percent, step, view.status),
    started_at: started === null ? null : new Date(started).toISOString(),
    elapsed_seconds: elapsedSeconds(view, nowMs),
    eta_seconds: view.execution_record?.progress_tracker?.eta_seconds ?? null,
  };
}

export function statusLabel(status: MissionView["status"]): PipelineStatusLabel {
  if (status === "completed") return "Complete";
  if (status === "failed") return "Failed";
  if (status === "cancelled") return "Cancelled";
  return "In Progress";
}

export function artifactLink(reference: string | null | undefined): PipelineEntry["artifact"] {
  const match = /^artifacts\/([A-Za-z0-9_-]{1,128})$/.exec(reference ?? "");
  return match ? { reference: match[0], url: `/api/artifacts/${match[1]}` } : null;
}

export function toPipelineEntry(view: MissionView): PipelineEntry {
  const record = view.execution_record;
  return {
    id: view.id,
    objective: view.objective,
    status: view.status,
    status_label: statusLabel(view.status),
    completion_percent: progressPercent(view),
    tool_used: record?.tool_used ?? null,
    result_summary: record?.result_summary ?? null,
    duration_ms: record?.duration_ms ?? null,
    updated_at: iso(view.updated_at),
    artifact: artifactLink(record?.artifact_reference),
  };
}

export function toProgressEvent(view: MissionView, nowMs: number): ProgressEventView {
  const tracker = view.execution_record?.progress_tracker;
  const terminal = isTerminal(view.status);
  const step = terminal && view.status === "completed" ? null : displayStep(view);
  const percent = progressPercent(view);
  return {
    mission_id: view.id,
    status: view.status,
    progress_percent: percent,
    current_step: step,
    label: executionLabel(percent, step, view.status),
    completed_step_names: tracker?.completed_step_names ?? [],
    eta_seconds: tracker?.eta_seconds ?? null,
    elapsed_seconds:
      terminal && typeof view.execution_record?.duration_ms === "number"
        ? round1(view.execution_record.duration_ms / 1000)
        : elapsedSeconds(view, nowMs),
    result_summary: view.execution_record?.result_summary ?? null,
    artifact: artifactLink(view.execution_record?.artifact_reference),
  };
}
