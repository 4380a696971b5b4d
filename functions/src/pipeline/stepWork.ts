import { BudgetExceededError, CancelledError, ToolUnavailableError } from "../errors";
import { ARTIFACTS } from "../firebase";
import type { Mission } from "../missions/schema";
import { formatUsd } from "../shared/money";
import type { StepName } from "../shared/steps";
import type { ToolName } from "../shared/toolNames";
import type { ToolRegistry } from "../tools/registry";
import type { Tool } from "../tools/types";
import { capContent } from "./artifact";
import { settleDailyBudget } from "./budgetLedger";
import { reserveRunBudget } from "./runBudget";
import { INLINE_CONTENT_MAX_BYTES, storeToolContent } from "./checkpoint";
import { evaluateMission } from "./evaluation";
import { classifyIntent } from "./intent";
import { chooseTool } from "./selection";
import { defineStep, type StepWork } from "./step";

export type WorkStepName = Exclude<StepName, "verification">;

function missionBudgetMicroUsd(mission: Mission): number | null {
  return mission.budget === undefined ? null : Math.round(mission.budget * 1_000_000);
}

function registeredTool(tools: ToolRegistry, name: ToolName): Tool {
  const tool = tools.get(name);
  if (!tool) throw new ToolUnavailableError(`${name} is not in the tool registry`);
  return tool;
}

const classify = defineStep({
  deadlineBound: true,
  needs: [],
  produces: ["intent"],
  async run(run) {
    const intent = classifyIntent(run.mission.objective);
    return {
      message: `${intent.decision_type} (confidence ${intent.confidence}): ${intent.reason}`,
      outputs: { intent },
    };
  },
});

/**
 * The estimate is the price of the tool that will run, so this step is where the tool is
 * chosen, once; the choice is checkpointed with the estimate and tool_selection confirms it.
 */
const budget = defineStep({
  deadlineBound: true,
  needs: ["intent"],
  produces: ["choice", "estimate_microusd", "budget_reserved"],
  async run(run, { intent }) {
    const choice = chooseTool(intent, run.mission.plan, run.tools);
    const estimate = run.config.toolCostMicroUsd[choice.tool];
    const cap = missionBudgetMicroUsd(run.mission);
    if (cap !== null && estimate > cap) {
      throw new BudgetExceededError(
        `estimated cost ${formatUsd(estimate)} of ${choice.tool} exceeds the mission budget ${formatUsd(cap)}`,
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
      message: `estimated ${formatUsd(estimate)} for ${choice.tool}; within budget`,
      outputs: { choice, estimate_microusd: estimate, budget_reserved: estimate > 0 },
    };
  },
});

/** Confirms the priced choice can run here (the tool is registered) and reports why it was chosen. */
const selection = defineStep({
  deadlineBound: true,
  needs: ["choice"],
  produces: ["tool_selected"],
  async run(run, { choice }) {
    registeredTool(run.tools, choice.tool);
    return { message: `${choice.tool} (${choice.source}): ${choice.reason}`, outputs: { tool_selected: true } };
  },
});

const execution = defineStep({
  deadlineBound: true,
  needs: ["choice"],
  produces: ["tool"],
  async run(run, { choice }) {
    // Looked up again: a resumed attempt may run where the registry differs from the first's.
    const tool = registeredTool(run.tools, choice.tool);
    // Only a tool that reaches nothing outside the process may run before the claim is written.
    if (!tool.pure) await run.claimBeforeEffects();
    const resume = run.attempt > 1 ? await run.cursor.load() : undefined;
    run.toolStarted = true;
    const result = await tool.run({
      missionId: run.missionId,
      objective: run.mission.objective,
      input: choice.input,
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
      message: `${choice.tool}: ${result.summary}${stopped}`,
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
  needs: ["intent", "choice", "estimate_microusd", "budget_reserved", "tool", "artifact"],
  produces: ["evaluation", "budget_settled"],
  async run(run, inputs) {
    const { tool } = inputs;
    const evaluation = evaluateMission({
      confidence: inputs.intent.confidence,
      choice: inputs.choice,
      estimatedMicroUsd: inputs.estimate_microusd,
      actualMicroUsd: tool.cost_microusd,
      budgetMicroUsd: missionBudgetMicroUsd(run.mission),
      stoppedBecause: tool.stopped_because ?? undefined,
      truncated: inputs.artifact.truncated,
    });
    // The learning signal is published with the run's result, in the final write's
    // transaction (runEnd.ts): once, and never for a run that ends any other way.
    if (inputs.budget_reserved) {
      await settleDailyBudget(
        run.db,
        { day: run.ledgerDay, runId: run.runId, actualMicroUsd: tool.cost_microusd },
        "settled",
        (attempt, error) => run.onRetry("budget settlement", attempt, error),
      );
    }
    return {
      message: `score ${evaluation.score}; cost ${formatUsd(tool.cost_microusd)}`,
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
