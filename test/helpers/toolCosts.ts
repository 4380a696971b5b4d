import { toolCostSettings } from "../../functions/src/config";
import { TOOL_NAMES, type ToolName } from "../../functions/src/shared/toolNames";

/**
 * Every tool's cost as declared by default, with the ones a test prices itself: a test that
 * cares about one tool's price names only that one, and a new tool needs no edit here.
 */
export function toolCosts(overrides: Partial<Record<ToolName, number>> = {}): Record<ToolName, number> {
  return Object.fromEntries(
    TOOL_NAMES.map((name) => [name, overrides[name] ?? toolCostSettings[name].spec.default]),
  ) as Record<ToolName, number>;
}
