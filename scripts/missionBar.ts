/**
 * What the CLI's progress bar shows for each mission snapshot. A short mission reaches the
 * listener in two or three snapshots (the pipeline coalesces its writes to one a second), so the
 * bar would jump 0 → 5 → 100 %. Every snapshot carries `completed_steps`, though: this turns the
 * steps the bar has not shown yet into one frame each, then the snapshot's own state, so the
 * user sees every step in order however few writes there were.
 */
import type { DocumentData, DocumentSnapshot } from "firebase-admin/firestore";
import * as z from "zod";
import { displayStep, parseMissionView, progressPercent } from "../functions/src/analytics/views";
import { isTerminal } from "../functions/src/missions/status";
import { STEP_LABELS } from "../functions/src/shared/steps";
import { executionStepSchema } from "../functions/src/progress/schema";

export interface Frame {
  percent: number;
  step: string;
  /** A line to print above the bar (a step that completed), if any. */
  line?: string;
}

const completedStepsSchema = z
  .object({
    execution_record: z.object({
      progress_tracker: z.object({ completed_steps: z.array(executionStepSchema) }),
    }),
  })
  .transform((data) => data.execution_record.progress_tracker.completed_steps);

/** The mission's completed steps, in order; none when the tracker is absent or unreadable. */
export function completedSteps(data: DocumentData | undefined) {
  const parsed = completedStepsSchema.safeParse(data);
  return parsed.success ? parsed.data : [];
}

/** The bar's state for the snapshot itself, from the same view of a mission the dashboard uses. */
export function currentFrame(snapshot: DocumentSnapshot): Frame & { final: DocumentData | null } {
  const parsed = parseMissionView(snapshot);
  if (!parsed.ok) return { percent: 0, step: "Waiting for the mission", final: null };
  const { view } = parsed;
  const percent = progressPercent(view);
  const final = isTerminal(view.status) ? (snapshot.data() ?? null) : null;
  if (view.status === "completed") return { percent, step: "Complete", final };
  const step = view.execution_record ? STEP_LABELS[displayStep(view) ?? "finalize"] : "Waiting for the trigger";
  if (final) return { percent, step: `Failed at ${step}`, final };
  return { percent, step: `${step} (${view.status})`, final };
}

/**
 * Tracks how many completed steps the bar has shown, and turns each snapshot into the frames
 * still to show: one per newly completed step, then the snapshot's state.
 */
export class StepReplay {
  private shown = 0;

  framesFor(snapshot: DocumentSnapshot): { frames: Frame[]; final: DocumentData | null } {
    const steps = completedSteps(snapshot.data());
    const frames: Frame[] = steps.slice(this.shown).map((step) => ({
      percent: step.progress_percent,
      step: `${STEP_LABELS[step.step_name]}: done`,
      line:
        `  ✔ ${step.step_index}/${step.total_steps} ${STEP_LABELS[step.step_name]} ` +
        `(${step.progress_percent}%${step.duration_ms === null ? "" : `, ${step.duration_ms} ms`})`,
    }));
    this.shown = Math.max(this.shown, steps.length);
    const { final, ...current } = currentFrame(snapshot);
    return { frames: [...frames, current], final };
  }
}
