import type { ToolDecision } from "../../decision/types";
import { TOOL_CATALOG } from "../../tools/catalog";

export interface MissionEvaluation {
  /** 0..1 */
  score: number;
  reasons: string[];
}

export interface EvaluationInput {
  decision: ToolDecision;
  estimatedMicroUsd: number;
  actualMicroUsd: number;
  budgetMicroUsd: number | null;
  stoppedBecause: string | undefined;
  truncated: boolean;
}

/** Scores a completed run for the learning signal; each deduction comes with its reason. */
export function evaluateMission(input: EvaluationInput): MissionEvaluation {
  const reasons: string[] = [];
  let score = 1;
  const { confidence, fallback } = input.decision;
  if (confidence < 0.8) {
    score -= 0.2;
    reasons.push(`decision confidence ${confidence} is below 0.8`);
  }
  if (fallback !== undefined) {
    score -= 0.1;
    reasons.push(`the model planner's proposal was not used: ${fallback}`);
  }
  if (input.actualMicroUsd > input.estimatedMicroUsd) {
    score -= 0.1;
    reasons.push("actual cost exceeded the estimate");
  }
  if (input.budgetMicroUsd !== null && input.actualMicroUsd > input.budgetMicroUsd) {
    score -= 0.2;
    reasons.push("actual cost exceeded the mission budget");
  }
  // Each tool declares the stops that mean "done as asked", not "cut short".
  const normal = input.decision.tool ? TOOL_CATALOG[input.decision.tool].normalEndings : [];
  if (input.stoppedBecause && !normal.includes(input.stoppedBecause)) {
    score -= 0.1;
    reasons.push(`the tool stopped early: ${input.stoppedBecause}`);
  }
  if (input.truncated) {
    score -= 0.05;
    reasons.push("the artifact was truncated");
  }
  if (reasons.length === 0) reasons.push("completed as planned, within budget");
  return { score: Math.max(0, Math.round(score * 100) / 100), reasons };
}
