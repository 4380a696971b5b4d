import * as z from "zod";
import { TOOL_NAMES, type ToolName } from "../shared/toolNames";
import type { ToolInput } from "../tools/types";

/** Where a tool decision came from. */
export const DECISION_SOURCES = ["plan", "rules", "llm"] as const;
export type DecisionSource = (typeof DECISION_SOURCES)[number];

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
  /**
   * Set when the mission's plan does not pass its tool's checks: the message names the field
   * ("plan.input.expression: …"). Such a plan is never replaced; tool_selection fails with it.
   */
  invalid_plan?: string;
  /** Set when a model planner was called for this decision: its price, included in the estimate. */
  planner_cost_microusd?: number;
}

/** The decision as the checkpoint stores it (read back by a resumed attempt). */
export const toolDecisionSchema = z.object({
  tool: z.enum(TOOL_NAMES).nullable(),
  input: z.record(z.string(), z.unknown()),
  source: z.enum(DECISION_SOURCES),
  confidence: z.number().min(0).max(1),
  reason: z.string(),
  estimate_microusd: z.number().int().nonnegative(),
  refusal: z.string().optional(),
  fallback: z.string().optional(),
  invalid_plan: z.string().optional(),
  planner_cost_microusd: z.number().int().nonnegative().optional(),
}) satisfies z.ZodType<ToolDecision>;
