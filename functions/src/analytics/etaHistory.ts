import * as z from "zod";
import { MISSIONS } from "../firebase";
import { STEP_NAMES, type StepName } from "../shared/steps";
import type { ToolProfile } from "../progress/etaModel";
import { TOOL_NAMES, type ToolName } from "../shared/toolNames";
import { FIELDS, type QueryDescriptor } from "./queries";

/**
 * The ETA's history: the last completed runs, read with one bounded query (served by the
 * `status, execution_record.started_at desc` index the task pipeline already needs) and a
 * projection of the few fields the model uses. The aggregates hold per-step sums over all
 * tools, which mix a 5 ms calculation with an 8 s crawl; these rows keep the tool, the
 * target and the page timings of each run, so the model can be per tool and per size.
 */
export const ETA_HISTORY_RUNS = 20;

const TRACKER = "execution_record.progress_tracker";

export function etaHistoryQuery(): QueryDescriptor {
  return {
    name: "eta_history",
    collection: MISSIONS,
    filters: [{ field: FIELDS.status, op: "==", value: "completed" }],
    orderBy: [{ field: FIELDS.startedAt, direction: "desc" }],
    limit: ETA_HISTORY_RUNS,
    select: [
      "execution_record.tool_used",
      `${TRACKER}.completed_steps`,
      `${TRACKER}.items_target`,
      `${TRACKER}.total_items_collected`,
      `${TRACKER}.pages_visited`,
      `${TRACKER}.page_marks_ms`,
    ],
  };
}

const historyRowSchema = z.object({
  execution_record: z.object({
    tool_used: z.enum(TOOL_NAMES),
    progress_tracker: z.object({
      completed_steps: z.array(
        z.object({
          step_name: z.enum(STEP_NAMES as [StepName, ...StepName[]]),
          duration_ms: z.number().nonnegative().nullable(),
          attempt: z.number().int().optional(),
        }),
      ),
      items_target: z.number().int().nonnegative().nullable().optional(),
      total_items_collected: z.number().int().nonnegative().optional(),
      pages_visited: z.number().int().nonnegative().optional(),
      page_marks_ms: z.array(z.number().nonnegative()).optional(),
    }),
  }),
});

/** One finished run, as the model needs it. */
export interface HistoryRun {
  tool: ToolName;
  stepMs: Partial<Record<StepName, number>>;
  target: number | null;
  items: number;
  pages: number;
  /** Page timings, only when they cover every page of one attempt's crawl. */
  pageMarksMs: readonly number[] | null;
}

/** Parses a history row; a row that does not fit (older records, other shapes) is skipped. */
export function historyRunOf(data: unknown): HistoryRun | null {
  const parsed = historyRowSchema.safeParse(data);
  if (!parsed.success) return null;
  const record = parsed.data.execution_record;
  const tracker = record.progress_tracker;
  const stepMs: Partial<Record<StepName, number>> = {};
  for (const step of tracker.completed_steps) {
    if (step.duration_ms !== null) stepMs[step.step_name] = step.duration_ms;
  }
  // A resumed run's steps carry a dead worker's gap; its timings would mislead.
  if (tracker.completed_steps.some((step) => (step.attempt ?? 1) > 1)) return null;
  const pages = tracker.pages_visited ?? 0;
  const marks = tracker.page_marks_ms ?? [];
  return {
    tool: record.tool_used,
    stepMs,
    target: tracker.items_target ?? null,
    items: tracker.total_items_collected ?? 0,
    pages,
    pageMarksMs: marks.length > 0 && marks.length === pages ? marks : null,
  };
}

function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

function mostCommon(values: readonly number[]): number | undefined {
  const counts = new Map<number, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  let best: number | undefined;
  for (const [value, count] of counts) if (best === undefined || count > (counts.get(best) ?? 0)) best = value;
  return best;
}

/**
 * The profile of one tool for a run aiming at `target` items (null: the tool's usual target).
 * Medians rather than means: one run stalled by a slow network should not move the rest.
 * Runs at the same target are preferred; with none, all runs of the tool, and the model then
 * scales pages by items per page.
 */
export function profileFor(runs: readonly HistoryRun[], tool: ToolName, target: number | null): ToolProfile | null {
  const ofTool = runs.filter((run) => run.tool === tool);
  if (ofTool.length === 0) return null;
  const wanted = target ?? mostCommon(ofTool.flatMap((run) => (run.target === null ? [] : [run.target])));
  const sameSize = ofTool.filter((run) => run.target === wanted);
  const basis = sameSize.length > 0 ? sameSize : ofTool;
  const stepMs: Partial<Record<StepName, number>> = {};
  for (const step of STEP_NAMES) {
    const value = median(
      basis.flatMap((run) => {
        const ms = run.stepMs[step];
        return ms === undefined ? [] : [ms];
      }),
    );
    if (value !== undefined) stepMs[step] = value;
  }
  const profile: ToolProfile = { runs: basis.length, stepMs };
  const paged = basis.filter((run) => run.pages > 0);
  if (paged.length === 0) return profile;
  profile.pages = median(paged.map((run) => run.pages));
  profile.itemsPerPage = median(paged.map((run) => run.items / run.pages));
  const targets = paged.flatMap((run) => (run.target === null ? [] : [run.target]));
  profile.target = sameSize.length > 0 && wanted !== undefined ? wanted : median(targets);
  const marks = paged.flatMap((run) => (run.pageMarksMs ? [run.pageMarksMs] : []));
  const longest = Math.max(0, ...marks.map((run) => run.length));
  const curve: number[] = [];
  for (let page = 0; page < longest; page += 1) {
    const at = median(
      marks.flatMap((run) => {
        const mark = run[page];
        return mark === undefined ? [] : [mark];
      }),
    );
    // Medians per page of different runs need not rise: keep the curve monotone.
    curve.push(Math.max(at ?? 0, curve.at(-1) ?? 0));
  }
  if (curve.length > 0) profile.pageMarksMs = curve;
  const tails = paged.flatMap((run) => {
    const step = run.stepMs.tool_execution;
    const last = run.pageMarksMs?.at(-1);
    return step === undefined || last === undefined ? [] : [Math.max(0, step - last)];
  });
  const tail = median(tails);
  if (tail !== undefined) profile.tailMs = tail;
  return profile;
}
