import { decideTool, deployedDecisionDeps } from "../../decision/decide";
import { describeDecision } from "../../decision/describe";
import type { ToolDecision } from "../../decision/types";
import { BudgetExceededError, CancelledError, RefusedError, ToolUnavailableError, ValidationError } from "../../errors";
import { ARTIFACTS } from "../../firebase";
import type { Mission } from "../../missions/schema";
import { formatUsd } from "../../shared/money";
import type { StepName } from "../../shared/steps";
import type { ToolName } from "../../shared/toolNames";
import type { ToolRegistry } from "../../tools/registry";
import type { Tool } from "../../tools/types";
import { capContent } from "./capContent";
import { settleDailyBudget } from "../budget/budgetLedger";
import { reserveRunBudget } from "../budget/runBudget";
import { INLINE_CONTENT_MAX_BYTES, storeToolContent } from "../record/checkpoint";
import { evaluateMission } from "./evaluation";
import { defineStep, type StepWork } from "./defineStep";

export type WorkStepName = Exclude<StepName, "verification">;

function missionBudgetMicroUsd(mission: Mission): number | null {
  return mission.budget === undefined ? null : Math.round(mission.budget * 1_000_000);
}

function registeredTool(tools: ToolRegistry, name: ToolName): Tool {
  const tool = tools.get(name);
  if (!tool) throw new ToolUnavailableError(`${name} is not in the tool registry`);
  return tool;
}

/** The decision's tool; only steps after intent_classification (which refuses a null one) call it. */
function decidedTool(decision: ToolDecision): ToolName {
  if (decision.tool === null) throw new Error("pipeline bug: a refused decision reached a later step");
  return decision.tool;
}

/**
 * The one tool decision (decision/decide.ts), made once per run and checkpointed: a resumed
 * attempt reads it back and never asks a model planner again. No tool is a refusal, here,
 * before anything is reserved or spent.
 */
const classify = defineStep({
  deadlineBound: true,
  needs: [],
  produces: ["decision"],
  async run(run) {
    // A model planner is asked only when the plan names no tool, and only by a run that owns
    // the mission: the call costs money and reaches outside the process.
    const planner = run.mission.plan?.tool ? undefined : run.planner;
    if (planner) await run.claimBeforeEffects();
    const decision = await decideTool(run.mission, deployedDecisionDeps(run.config.toolCostMicroUsd, planner));
    if (decision.tool === null) throw new RefusedError(decision.refusal ?? decision.reason);
    return { message: describeDecision(decision), outputs: { decision } };
  },
});

/** Prices the decided tool (and the planner call, if one was made) and reserves it. */
const budget = defineStep({
  deadlineBound: true,
  needs: ["decision"],
  produces: ["estimate_microusd", "budget_reserved"],
  async run(run, { decision }) {
    const tool = decidedTool(decision);
    // An invalid plan runs nothing: tool_selection fails with it, so nothing is reserved.
    if (decision.invalid_plan !== undefined) {
      return {
        message: "nothing reserved: the plan's input is invalid (tool_selection says why)",
        outputs: { estimate_microusd: 0, budget_reserved: false },
      };
    }
    const estimate = decision.estimate_microusd;
    const cap = missionBudgetMicroUsd(run.mission);
    if (cap !== null && estimate > cap) {
      throw new BudgetExceededError(
        `estimated cost ${formatUsd(estimate)} of ${tool} exceeds the mission budget ${formatUsd(cap)}`,
      );
    }
    if (estimate > 0) {
      await run.claimBeforeEffects();
      await reserveRunBudget(run.db, {
        uid: run.mission.owner_uid,
        day: run.ledgerDay,
        runId: run.runId,
        estimateMicroUsd: estimate,
        userCapMicroUsd: run.config.userDailyBudgetMicroUsd,
        deploymentCapMicroUsd: run.config.dailyBudgetMicroUsd,
        onRetry: (attempt, error) => run.onRetry("budget reservation", attempt, error),
      });
    }
    return {
      message: `estimated ${formatUsd(estimate)} for ${tool}; within budget`,
      outputs: { estimate_microusd: estimate, budget_reserved: estimate > 0 },
    };
  },
});

/**
 * Confirms the decision can run here: a plan that failed its tool's checks fails here,
 * naming the field (never replaced by another tool), and the tool must be registered.
 */
const selection = defineStep({
  deadlineBound: true,
  needs: ["decision"],
  produces: ["tool_selected"],
  async run(run, { decision }) {
    if (decision.invalid_plan !== undefined) throw new ValidationError(decision.invalid_plan);
    const tool = decidedTool(decision);
    registeredTool(run.tools, tool);
    return { message: `${tool} (${decision.source}): ${decision.reason}`, outputs: { tool_selected: true } };
  },
});

const execution = defineStep({
  deadlineBound: true,
  needs: ["decision"],
  produces: ["tool"],
  async run(run, { decision }) {
    // Looked up again: a resumed attempt may run where the registry differs from the first's.
    const name = decidedTool(decision);
    const tool = registeredTool(run.tools, name);
    // Only a tool that reaches nothing outside the process may run before the claim is written.
    if (!tool.pure) await run.claimBeforeEffects();
    const resume = run.attempt > 1 ? await run.cursor.load() : undefined;
    run.toolStarted = true;
    const result = await tool.run({
      missionId: run.missionId,
      objective: run.mission.objective,
      input: decision.input,
      deadline: run.deadline,
      resume,
      saveCursor: run.cursor.save,
      reportProgress: (progress) => run.tracker.reportSubProgress(progress),
    });
    await run.cursor.stop();
    // A tool that stopped because of the cancellation returns what it had: keep none of it.
    if (run.cancellation.requested) throw new CancelledError(run.cancellation.requested);
    const content = capContent(result.content, run.config.artifactMaxBytes);
    const inline = content.bytes <= INLINE_CONTENT_MAX_BYTES;
    if (!inline) {
      await run.claimBeforeEffects();
      await storeToolContent(run.db, run.runId, run.missionId, content.text);
    }
    const stopped = result.stoppedBecause ? ` (stopped: ${result.stoppedBecause})` : "";
    return {
      message: `${name}: ${result.summary}${stopped}`,
      outputs: {
        tool: {
          summary: result.summary,
          result: result.result,
          cost_microusd: Math.max(0, Math.round(result.costMicroUsd)),
          stopped_because: result.stoppedBecause ?? null,
          content: inline ? content.text : null,
          content_truncated: content.truncated,
          content_bytes: content.bytes,
        },
      },
    };
  },
});

const artifact = defineStep({
  deadlineBound: false,
  needs: ["tool"],
  produces: ["artifact"],
  async run(run, { tool }) {
    // Keyed by the run: however many attempts build it, there is one artifact per approval.
    // It is built here (capped at the tool step, kept inline or in run_outputs) and published
    // with the result, in the final write's transaction: a run publishes all or nothing.
    const reference = `${ARTIFACTS}/${run.runId}`;
    return {
      message: `artifact ${reference} (${tool.content_bytes} bytes${tool.content_truncated ? ", truncated" : ""}), published with the result`,
      outputs: { artifact: { reference, truncated: tool.content_truncated, bytes: tool.content_bytes } },
    };
  },
});

const finalize = defineStep({
  deadlineBound: false,
  needs: ["decision", "estimate_microusd", "budget_reserved", "tool", "artifact"],
  produces: ["evaluation", "budget_settled"],
  async run(run, inputs) {
    const { tool, decision } = inputs;
    // The run's cost: the tool's and, when a model planner was asked, its call's.
    const actualMicroUsd = tool.cost_microusd + (decision.planner_cost_microusd ?? 0);
    const evaluation = evaluateMission({
      decision,
      estimatedMicroUsd: inputs.estimate_microusd,
      actualMicroUsd,
      budgetMicroUsd: missionBudgetMicroUsd(run.mission),
      stoppedBecause: tool.stopped_because ?? undefined,
      truncated: inputs.artifact.truncated,
    });
    // The learning signal is published with the run's result, in the final write's
    // transaction (finishClaimedRun.ts): once, and never for a run that ends any other way.
    if (inputs.budget_reserved) {
      await settleDailyBudget(
        run.db,
        { day: run.ledgerDay, runId: run.runId, actualMicroUsd },
        "settled",
        (attempt, error) => run.onRetry("budget settlement", attempt, error),
      );
    }
    return {
      message: `score ${evaluation.score}; cost ${formatUsd(actualMicroUsd)}`,
      outputs: { evaluation, budget_settled: true },
    };
  },
});

/**
 * Steps 2–7; verification (the claim) runs before them. The compiler checks every step has
 * its work; test/unit/stepWork.test.ts checks each step's needs come from an earlier step.
 */
export const STEP_WORK: Readonly<Record<WorkStepName, StepWork>> = {
  intent_classification: classify,
  budget_check: budget,
  tool_selection: selection,
  tool_execution: execution,
  artifact_creation: artifact,
  finalize,
};
