import type { Firestore } from "firebase-admin/firestore";
import type { PipelineConfig } from "../config";
import { BudgetExceededError, ToolUnavailableError } from "../errors";
import { LEARNING_SIGNALS } from "../firebase";
import type { Mission } from "../missions/schema";
import type { MissionProgressTracker } from "../progress/tracker";
import type { ToolRegistry } from "../tools/registry";
import type { ToolResult } from "../tools/types";
import { writeArtifact } from "./artifact";
import { formatUsd, releaseDailyBudget, reserveDailyBudget, settleDailyBudget } from "./budgetLedger";
import type { Deadline } from "./deadline";
import { evaluateMission, type MissionEvaluation } from "./evaluation";
import { classifyIntent, type Intent } from "./intent";
import { chooseTool, type ToolChoice } from "./selection";

/** Everything one run of the pipeline knows; each step reads what earlier steps filled in. */
export interface MissionRun {
  readonly db: Firestore;
  readonly config: PipelineConfig;
  readonly tools: ToolRegistry;
  readonly tracker: MissionProgressTracker;
  readonly deadline: Deadline;
  readonly missionId: string;
  readonly executionId: string;
  readonly mission: Mission;
  /** UTC day whose ledger this run books its costs in. */
  readonly ledgerDay: string;
  /** Set when a fenced write found the mission owned by another run; later steps do not start. */
  ownershipLost?: string;
  intent?: Intent;
  choice?: ToolChoice;
  estimateMicroUsd?: number;
  budgetReserved?: boolean;
  toolResult?: ToolResult;
  artifact?: { reference: string; truncated: boolean; bytes: number };
  evaluation?: MissionEvaluation;
}

/** A step's work returns the message its completed ExecutionStep carries. */
export type StepWork = (run: MissionRun) => Promise<string>;

function missionBudgetMicroUsd(mission: Mission): number | null {
  return mission.budget === undefined ? null : Math.round(mission.budget * 1_000_000);
}

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`pipeline bug: ${what} is not set`);
  return value;
}

export const classifyStep: StepWork = async (run) => {
  run.intent = classifyIntent(run.mission.objective);
  return `${run.intent.decision_type} (confidence ${run.intent.confidence}): ${run.intent.reason}`;
};

export const budgetStep: StepWork = async (run) => {
  const intent = required(run.intent, "intent");
  const candidate = chooseTool(intent, run.mission.plan, run.tools);
  const estimate = run.config.toolCostMicroUsd[candidate.tool];
  run.estimateMicroUsd = estimate;
  const budget = missionBudgetMicroUsd(run.mission);
  if (budget !== null && estimate > budget) {
    throw new BudgetExceededError(
      `estimated cost ${formatUsd(estimate)} of ${candidate.tool} exceeds the mission budget ${formatUsd(budget)}`,
    );
  }
  if (estimate > 0) {
    await reserveDailyBudget(run.db, run.ledgerDay, run.executionId, estimate, run.config.dailyBudgetMicroUsd);
    run.budgetReserved = true;
  }
  return `estimated ${formatUsd(estimate)} for ${candidate.tool}; within budget`;
};

export const selectToolStep: StepWork = async (run) => {
  run.choice = chooseTool(required(run.intent, "intent"), run.mission.plan, run.tools);
  return `${run.choice.tool} (${run.choice.source}): ${run.choice.reason}`;
};

export const executeToolStep: StepWork = async (run) => {
  const choice = required(run.choice, "tool choice");
  const tool = run.tools.get(choice.tool);
  if (!tool) throw new ToolUnavailableError(`${choice.tool} is not in the tool registry`);
  run.toolResult = await tool.run({
    missionId: run.missionId,
    objective: run.mission.objective,
    input: choice.input,
    deadline: run.deadline,
    reportProgress: (progress) => run.tracker.reportSubProgress(progress),
  });
  const stopped = run.toolResult.stoppedBecause ? ` (stopped: ${run.toolResult.stoppedBecause})` : "";
  return `${choice.tool}: ${run.toolResult.summary}${stopped}`;
};

export const artifactStep: StepWork = async (run) => {
  const result = required(run.toolResult, "tool result");
  run.artifact = await writeArtifact(run.db, {
    executionId: run.executionId,
    missionId: run.missionId,
    ownerUid: run.mission.owner_uid,
    tool: required(run.choice, "tool choice").tool,
    summary: result.summary,
    content: result.content,
    maxBytes: run.config.artifactMaxBytes,
  });
  return `artifact ${run.artifact.reference} (${run.artifact.bytes} bytes${run.artifact.truncated ? ", truncated" : ""})`;
};

export const finalizeStep: StepWork = async (run) => {
  const result = required(run.toolResult, "tool result");
  const choice = required(run.choice, "tool choice");
  const intent = required(run.intent, "intent");
  run.evaluation = evaluateMission({
    confidence: intent.confidence,
    choice,
    estimatedMicroUsd: run.estimateMicroUsd ?? 0,
    actualMicroUsd: result.costMicroUsd,
    budgetMicroUsd: missionBudgetMicroUsd(run.mission),
    stoppedBecause: result.stoppedBecause,
    truncated: run.artifact?.truncated ?? false,
  });
  // The learning signal's id is the execution id: a repeated finalize overwrites, never duplicates.
  await run.db.collection(LEARNING_SIGNALS).doc(run.executionId).set({
    mission_id: run.missionId,
    execution_id: run.executionId,
    owner_uid: run.mission.owner_uid,
    decision_type: intent.decision_type,
    tool: choice.tool,
    tool_source: choice.source,
    confidence: intent.confidence,
    score: run.evaluation.score,
    reasons: run.evaluation.reasons,
    cost_microusd: result.costMicroUsd,
    created_at: new Date(),
  });
  await settleDailyBudget(run.db, run.ledgerDay, run.executionId, result.costMicroUsd);
  run.budgetReserved = false;
  return `score ${run.evaluation.score}; cost ${formatUsd(result.costMicroUsd)}`;
};

/** Gives back a failed run's budget reservation; best effort, the ledger entry records it. */
export async function releaseReservation(run: MissionRun): Promise<void> {
  if (run.budgetReserved) await releaseDailyBudget(run.db, run.ledgerDay, run.executionId);
}
