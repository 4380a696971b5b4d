/**
 * `npm run mission -- --dry-run "<objective>"`: what the mission would run, from where, why,
 * and what it may cost, without creating it (no emulator needed). The same decision
 * `POST /api/plan` answers: decideTool over the plan-less mission, with the params' prices.
 */
import { loadPipelineConfig } from "../functions/src/config";
import { decideTool, deployedDecisionDeps } from "../functions/src/decision/decide";
import { describeDecision, previewOf } from "../functions/src/decision/describe";

/** Prints the decision; returns the exit code (0 a tool would run, 1 refused). */
export async function printDryRun(objective: string): Promise<number> {
  const decision = await decideTool({ objective }, deployedDecisionDeps(loadPipelineConfig().toolCostMicroUsd));
  console.log(describeDecision(decision));
  console.log(JSON.stringify(previewOf(decision), null, 2));
  return decision.tool === null ? 1 : 0;
}
