import type { ToolDecision } from "../../decision/types";
import { TOOL_CATALOG } from "../../tools/catalog";
import type { PipelineError } from "../../errors";
import { formatUsd } from "../../shared/money";
import type { RecordPatch } from "../record/recordWrites";
import type { EndingReason } from "../lifecycle/statusChanges";
import type { StepName } from "../../shared/steps";
import type { MissionRun } from "../steps/defineStep";

/** What one delivery of an approval came to, as the trigger and the tests see it. */
export type MissionOutcome =
  | { kind: "skipped"; reason: string }
  | { kind: "completed"; executionId: string; documentWrites: number }
  | { kind: "failed"; executionId: string; step: StepName; error: string; documentWrites: number }
  | { kind: "cancelled"; executionId: string; step: StepName | null; documentWrites: number };

/** How an attempt that ran its steps ended. */
export type RunEnding =
  | { kind: "completed" }
  | { kind: "failed"; step: StepName; error: PipelineError }
  | { kind: "cancelled"; step: StepName | null; reason: string };

/**
 * What a run that ends here has spent: the finished tool's cost. A tool that failed charges
 * nothing (as before: its reservation is released). A tool cut off by a cancellation may
 * already have made its paid calls, so it is charged its estimate, which is its price.
 */
export function spentBy(run: MissionRun, ending: RunEnding): number {
  const { checkpoint } = run;
  // A model planner's call, once made, is spent whatever happens next.
  const planner = checkpoint.decision?.planner_cost_microusd ?? 0;
  if (checkpoint.tool) return checkpoint.tool.cost_microusd + planner;
  return ending.kind === "cancelled" && run.toolStarted ? (checkpoint.estimate_microusd ?? 0) : planner;
}

/** How a run that ran its steps ended, as its finished record states it (pipeline/lifecycle/statusChanges.ts). */
export interface RunResult {
  reason: EndingReason;
  costMicroUsd: number;
  /** The spec's `execute_mission()` result fields beyond those every ending sets, from the checkpoint. */
  record: RecordPatch;
}

export function runResult(run: MissionRun, ending: RunEnding): RunResult {
  const { checkpoint } = run;
  const { tool, artifact, decision } = checkpoint;
  const costMicroUsd = spentBy(run, ending);
  const record: RecordPatch = {
    tool_used: decision?.tool ?? null,
    tool_confidence: decision?.confidence ?? null,
    execution_result: tool ? { ...tool.result, stopped_because: tool.stopped_because } : null,
    // A reference only once the artifact exists: it is published with a completed result.
    artifact_reference: ending.kind === "completed" ? (artifact?.reference ?? null) : null,
    artifact_message:
      artifact && ending.kind === "completed"
        ? `Artifact saved to ${artifact.reference}${artifact.truncated ? " (truncated to the size cap)" : ""}`
        : null,
    decision: decision ? shownDecision(decision) : null,
    // The fields the record showed before the one decision, derived from it (dashboards read them).
    intent: decision?.tool
      ? { decision_type: TOOL_CATALOG[decision.tool].kind, confidence: decision.confidence, reason: decision.reason }
      : null,
    tool_selection: decision?.tool ? { tool: decision.tool, source: decision.source, reason: decision.reason } : null,
    estimated_cost_microusd: checkpoint.estimate_microusd ?? 0,
    evaluation: checkpoint.evaluation ?? null,
  };
  return { reason: endingReason(ending, tool?.summary ?? null, costMicroUsd), costMicroUsd, record };
}

function endingReason(ending: RunEnding, toolSummary: string | null, spent: number): EndingReason {
  switch (ending.kind) {
    case "completed":
      return { status: "completed", summary: toolSummary };
    case "failed":
      return { status: "failed", step: ending.step, kind: ending.error.kind, message: ending.error.message };
    case "cancelled":
      return {
        status: "cancelled",
        step: ending.step,
        why: ending.reason,
        kept: `nothing was published; spent ${formatUsd(spent)}, the rest of the reservation released`,
      };
  }
}

/** The decision as the record shows it: what ran (or was refused), from where, why. */
function shownDecision(decision: ToolDecision): Record<string, unknown> {
  const { input: _input, ...shown } = decision;
  return shown;
}
