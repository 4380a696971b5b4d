import type { ToolName } from "../../shared/toolNames";
import type { ToolInput } from "../../tools/types";
import { classifyIntent } from "../../pipeline/intent";

/**
 * What the deterministic (offline, same input → same answer) classifier decides for one
 * objective: the tool and its input, or no tool with a reason a person can act on.
 */
export interface RulesVerdict {
  /** The tool to run, or null: no tool can serve the objective (a refusal). */
  tool: ToolName | null;
  /** The tool's input derived from the objective ({} for a refusal). */
  input: ToolInput;
  /** 0..1: how sure the rules are. */
  confidence: number;
  /** Why, in words a person can read (for a refusal: what they can do instead). */
  reason: string;
}

const TOOL_FOR = { calculation: "calculate", extraction: "web_extract", search: "web_search" } as const;

/** The rules classifier. (Skeleton over the previous classifier; replaced by the rules module.) */
export function classifyObjective(objective: string): RulesVerdict {
  const intent = classifyIntent(objective);
  return {
    tool: TOOL_FOR[intent.decision_type],
    input: intent.derived_input,
    confidence: intent.confidence,
    reason: intent.reason,
  };
}
