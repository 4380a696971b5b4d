import type { DocumentReference, Firestore } from "firebase-admin/firestore";
import type { PipelineConfig } from "../config";
import { BudgetExceededError, CancelledError, ToolUnavailableError } from "../errors";
import { ARTIFACTS } from "../firebase";
import type { Mission } from "../missions/schema";
import type { MissionProgressTracker } from "../progress/tracker";
import type { Deadline } from "../shared/deadline";
import { formatUsd } from "../shared/money";
import type { ToolRegistry } from "../tools/registry";
import { capContent } from "./artifact";
import { reserveDailyBudget, settleDailyBudget } from "./budgetLedger";
import type { CancellationWatch } from "./cancellation";
import { INLINE_CONTENT_MAX_BYTES, storeToolContent, type Checkpoint } from "./checkpoint";
import type { CursorStore } from "./cursorStore";
import { evaluateMission } from "./evaluation";
import { classifyIntent } from "./intent";
import { chooseTool } from "./selection";
import type { StepName } from "../shared/steps";

/** Everything one attempt of a run knows; the steps' outputs live in `checkpoint`. */
export interface MissionRun {
  readonly db: Firestore;
  readonly ref: DocumentReference;
  readonly config: PipelineConfig;
  readonly tools: ToolRegistry;
  readonly tracker: MissionProgressTracker;
  readonly deadline: Deadline;
  readonly missionId: string;
  /** The approval's run: artifacts, signals, ledger entries and analytics are keyed by it. */
  readonly runId: string;
  /** This attempt: fences every write, so a swept worker cannot overwrite its successor. */
  readonly executionId: string;
  readonly attempt: number;
  readonly mission: Mission;
  /** UTC day of the run's first claim, whose ledger books its costs. */
  readonly ledgerDay: string;
  readonly cancellation: CancellationWatch;
  readonly cursor: CursorStore;
  /** What the steps produced so far; persisted with every progress write. */
  readonly checkpoint: Checkpoint;
  /** True once this attempt started the tool (so a cancellation or failure may have spent). */
  toolStarted?: boolean;
  /** Set when a fenced write found the mission owned by another run; later steps do not start. */
  ownershipLost?: string;
  /** Told about each transient error a step retries (contention on the ledger, say). */
  readonly onRetry: (what: string, attempt: number, error: unknown) => void;
}

/**
 * One step's work, declared once: whether it may start after the deadline, how to tell from
 * the checkpoint that it already ran (a resumed attempt skips it), and the work itself,
 * which returns the message its completed ExecutionStep carries.
 */
export interface StepWork {
  readonly deadlineBound: boolean;
  done(checkpoint: Checkpoint): boolean;
  run(run: MissionRun): Promise<string>;
}

export type WorkStepName = Exclude<StepName, "verification">;

function missionBudgetMicroUsd(mission: Mission): number | null {
  return mission.budget === undefined ? null : Math.round(mission.budget * 1_000_000);
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`pipeline bug: ${what} is not in the checkpoint`);
  return value;
}

const classify: StepWork = {
  deadlineBound: true,
  done: (checkpoint) => checkpoint.intent !== undefined,
  async run(run) {
    const intent = classifyIntent(run.mission.objective);
    run.checkpoint.intent = intent;
    return `${intent.decision_type} (confidence ${intent.confidence}): ${intent.reason}`;
  },
};

const budget: StepWork = {
  deadlineBound: true,
  done: (checkpoint) => checkpoint.estimate_microusd !== undefined,
  async run(run) {
    const candidate = chooseTool(required(run.checkpoint.intent, "intent"), run.mission.plan, run.tools);
    const estimate = run.config.toolCostMicroUsd[candidate.tool];
    const cap = missionBudgetMicroUsd(run.mission);
    if (cap !== null && estimate > cap) {
      throw new BudgetExceededError(
        `estimated cost ${formatUsd(estimate)} of ${candidate.tool} exceeds the mission budget ${formatUsd(cap)}`,
      );
    }
    if (estimate > 0) {
      await reserveDailyBudget(run.db, {
        day: run.ledgerDay,
        runId: run.runId,
        estimateMicroUsd: estimate,
        capMicroUsd: run.config.dailyBudgetMicroUsd,
        onRetry: (attempt, error) => run.onRetry("budget reservation", attempt, error),
      });
    }
    run.checkpoint.budget_reserved = estimate > 0;
    run.checkpoint.estimate_microusd = estimate;
    return `estimated ${formatUsd(estimate)} for ${candidate.tool}; within budget`;
  },
};

const selection: StepWork = {
  deadlineBound: true,
  done: (checkpoint) => checkpoint.choice !== undefined,
  async run(run) {
    const choice = chooseTool(required(run.checkpoint.intent, "intent"), run.mission.plan, run.tools);
    run.checkpoint.choice = choice;
    return `${choice.tool} (${choice.source}): ${choice.reason}`;
  },
};

const execution: StepWork = {
  deadlineBound: true,
  done: (checkpoint) => checkpoint.tool !== undefined,
  async run(run) {
    const choice = required(run.checkpoint.choice, "tool choice");
    const tool = run.tools.get(choice.tool);
    if (!tool) throw new ToolUnavailableError(`${choice.tool} is not in the tool registry`);
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
    if (!inline) await storeToolContent(run.db, run.runId, run.missionId, content.text);
    run.checkpoint.tool = {
      summary: result.summary,
      result: result.result,
      cost_microusd: Math.max(0, Math.round(result.costMicroUsd)),
      stopped_because: result.stoppedBecause ?? null,
      content: inline ? content.text : null,
      content_truncated: content.truncated,
      content_bytes: content.bytes,
    };
    const stopped = result.stoppedBecause ? ` (stopped: ${result.stoppedBecause})` : "";
    return `${choice.tool}: ${result.summary}${stopped}`;
  },
};

const artifact: StepWork = {
  deadlineBound: false,
  done: (checkpoint) => checkpoint.artifact !== undefined,
  async run(run) {
    const tool = required(run.checkpoint.tool, "tool result");
    // Keyed by the run: however many attempts build it, there is one artifact per approval.
    // It is built here (capped at the tool step, kept inline or in run_outputs) and published
    // with the result, in the final write's transaction: a run publishes all or nothing.
    const reference = `${ARTIFACTS}/${run.runId}`;
    run.checkpoint.artifact = { reference, truncated: tool.content_truncated, bytes: tool.content_bytes };
    return `artifact ${reference} (${tool.content_bytes} bytes${tool.content_truncated ? ", truncated" : ""}), published with the result`;
  },
};

const finalize: StepWork = {
  deadlineBound: false,
  done: (checkpoint) => checkpoint.budget_settled === true,
  async run(run) {
    const tool = required(run.checkpoint.tool, "tool result");
    const choice = required(run.checkpoint.choice, "tool choice");
    const intent = required(run.checkpoint.intent, "intent");
    const evaluation = evaluateMission({
      confidence: intent.confidence,
      choice,
      estimatedMicroUsd: run.checkpoint.estimate_microusd ?? 0,
      actualMicroUsd: tool.cost_microusd,
      budgetMicroUsd: missionBudgetMicroUsd(run.mission),
      stoppedBecause: tool.stopped_because ?? undefined,
      truncated: run.checkpoint.artifact?.truncated ?? false,
    });
    run.checkpoint.evaluation = evaluation;
    // The learning signal is published with the run's result, in the final write's
    // transaction (runEnd.ts): once, and never for a run that ends any other way.
    if (run.checkpoint.budget_reserved) {
      await settleDailyBudget(
        run.db,
        { day: run.ledgerDay, runId: run.runId, actualMicroUsd: tool.cost_microusd },
        "settled",
        (attempt, error) => run.onRetry("budget settlement", attempt, error),
      );
    }
    run.checkpoint.budget_settled = true;
    return `score ${evaluation.score}; cost ${formatUsd(tool.cost_microusd)}`;
  },
};

/** Steps 2–7; verification (the claim) runs before them. The compiler checks every step has its work. */
export const STEP_WORK: Readonly<Record<WorkStepName, StepWork>> = {
  intent_classification: classify,
  budget_check: budget,
  tool_selection: selection,
  tool_execution: execution,
  artifact_creation: artifact,
  finalize,
};
