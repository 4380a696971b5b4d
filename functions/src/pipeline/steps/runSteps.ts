import { asPipelineError, CancelledError, DeadlineError, OwnershipLostError } from "../../errors";
import type { ProgressSnapshot } from "../../progress/schema";
import type { ProgressListener } from "../../progress/trackerTypes";
import { PIPELINE_STEPS, type StepName } from "../../shared/steps";
import type { Checkpoint } from "../record/checkpoint";
import type { RunEnding } from "../run/outcome";
import type { MissionRun } from "./defineStep";
import { STEP_WORK, type WorkStepName } from "./stepWork";

export interface PipelineHooks {
  /** Runs as each step starts, before its work. Tests use it to force a failure, a delay or a kill. */
  beforeStep?: (step: StepName) => void | Promise<void>;
  /** Runs after a step completed (tests use it to stop a worker between a step and the next). */
  afterStep?: (step: StepName) => void | Promise<void>;
  /** An extra progress listener, registered before the first event (tests, the CLI demo). */
  onProgress?: ProgressListener;
}

/** A completed step without its output in the checkpoint cannot be resumed: say which. */
export function validateResume(snapshot: ProgressSnapshot, checkpoint: Checkpoint): string | null {
  for (const step of snapshot.completed_step_names) {
    if (step !== "verification" && !STEP_WORK[step].done(checkpoint)) {
      return `execution_record.checkpoint lacks the output of ${step}, which progress_tracker shows completed`;
    }
  }
  return null;
}

/** Steps from the first one not yet completed, in table order. */
export async function runSteps(run: MissionRun, hooks: PipelineHooks | undefined): Promise<RunEnding> {
  let step: StepName | null = null;
  try {
    for (const definition of PIPELINE_STEPS) {
      if (definition.name === "verification" || run.tracker.completedStepNames.includes(definition.name)) continue;
      step = definition.name;
      await runStep(run, definition.name, hooks);
    }
    return { kind: "completed" };
  } catch (error) {
    const failure = asPipelineError(error);
    const cancelled = run.cancellation.requested ?? (failure instanceof CancelledError ? failure.message : null);
    if (step && run.tracker.currentStep === step) {
      run.tracker.failStep(step, cancelled ? `cancelled: ${cancelled}` : failure.message);
    }
    if (cancelled) return { kind: "cancelled", step, reason: cancelled };
    return { kind: "failed", step: step ?? "finalize", error: failure };
  }
}

async function runStep(run: MissionRun, step: WorkStepName, hooks: PipelineHooks | undefined): Promise<void> {
  const work = STEP_WORK[step];
  run.tracker.startStep(step);
  if (run.ownershipLost) throw new OwnershipLostError(`stopped before ${step}: ${run.ownershipLost}`);
  if (run.cancellation.requested) throw new CancelledError(run.cancellation.requested);
  // An output an earlier attempt already checkpointed is kept, not produced again.
  if (work.done(run.checkpoint)) {
    run.tracker.completeStep(step, `kept from an earlier attempt`);
    return;
  }
  if (work.deadlineBound && run.deadline.expired) {
    throw new DeadlineError(`the run reached its deadline before ${step} could start`);
  }
  await hooks?.beforeStep?.(step);
  if (run.cancellation.requested) throw new CancelledError(run.cancellation.requested);
  const message = await work.run(run);
  run.tracker.completeStep(step, message);
  await hooks?.afterStep?.(step);
}
