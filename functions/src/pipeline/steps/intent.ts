import { classifyObjective, type RulesVerdict } from "../../decision/rules";
import { TOOL_CATALOG } from "../../tools/catalog";
import type { DecisionType, ToolInput } from "../../tools/types";

/**
 * The older shape: the kind of work and its input. The pipeline decides through `decideTool`
 * (decision/decide.ts); this module stays where the shared intent scorer loads the classifier
 * from (`classifyIntent`), with the rules' verdict beside the older fields (a refusal reads as
 * "search" in `decision_type` only; its `tool` is null).
 */
export interface Intent {
  decision_type: DecisionType;
  /** 0..1: how sure the classifier is. */
  confidence: number;
  /** Why it decided so, for the execution record. */
  reason: string;
  /** Tool input derived from the objective (an expression, a URL, a query). */
  derived_input: ToolInput;
}

/** The rules' verdict (tool null = refused) together with the older shape. */
export type ClassifiedIntent = Intent & RulesVerdict;

/** The rules classifier's verdict (decision/rules), in the shape the pipeline reads. */
export function classifyIntent(objective: string): ClassifiedIntent {
  const verdict = classifyObjective(objective);
  return {
    ...verdict,
    decision_type: verdict.tool ? TOOL_CATALOG[verdict.tool].kind : "search",
    derived_input: verdict.tool ? verdict.input : { query: objective.trim() },
  };
}
