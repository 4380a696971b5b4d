import type { ToolName } from "../shared/toolNames";
import type { ToolInput } from "../tools/types";

/** Where a tool decision came from. */
export type DecisionSource = "plan" | "rules" | "llm";

/**
 * The one decision a mission runs on: the tool (or none), its input, where the decision
 * came from, how sure it is, why, and what it is expected to cost. Built by `decideTool`
 * (decision/decide.ts); shown on the record, in `POST /api/plan` and by `npm run mission -- --dry-run`.
 */
export interface ToolDecision {
  tool: ToolName | null;
  input: ToolInput;
  source: DecisionSource;
  confidence: number;
  reason: string;
  estimate_microusd: number;
  /** Set when tool is null: why no tool can serve the objective, and what the tools are. */
  refusal?: string;
  /** Set when a model planner was asked and its proposal was not used: why the rules decided. */
  fallback?: string;
}
