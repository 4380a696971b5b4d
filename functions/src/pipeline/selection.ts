import type { MissionPlan } from "../missions/schema";
import type { ToolName } from "../shared/toolNames";
import { DEFAULT_TOOL_FOR, type ToolRegistry } from "../tools/registry";
import type { ToolInput } from "../tools/types";
import type { Intent } from "./intent";

export interface ToolChoice {
  tool: ToolName;
  source: "plan" | "dynamic";
  /** Planning picked a tool that cannot serve the intent, so another was chosen. */
  planRejected: boolean;
  reason: string;
  input: ToolInput;
}

/**
 * Planning's pre-selected tool when it can serve the classified intent, otherwise the
 * intent's default tool. Called once per run, by budget_check, which prices the choice and
 * checkpoints it; tool_selection confirms it and the later steps read it from the checkpoint.
 */
export function chooseTool(intent: Intent, plan: MissionPlan | undefined, registry: ToolRegistry): ToolChoice {
  const input = { ...intent.derived_input, ...plan?.input };
  const planned = plan?.tool;
  if (planned) {
    const tool = registry.get(planned);
    if (tool?.serves.includes(intent.decision_type)) {
      return {
        tool: planned,
        source: "plan",
        planRejected: false,
        reason: `planned tool ${planned} serves ${intent.decision_type}`,
        input,
      };
    }
    const fallback = DEFAULT_TOOL_FOR[intent.decision_type];
    return {
      tool: fallback,
      source: "dynamic",
      planRejected: true,
      reason: `planned tool ${planned} cannot serve ${intent.decision_type}; chose ${fallback}`,
      input: intent.derived_input,
    };
  }
  const tool = DEFAULT_TOOL_FOR[intent.decision_type];
  return {
    tool,
    source: "dynamic",
    planRejected: false,
    reason: `no planned tool; ${tool} serves ${intent.decision_type}`,
    input,
  };
}
