import { ToolUnavailableError } from "../errors";
import { calculateTool } from "./calculate";
import type { ToolName } from "./names";
import type { DecisionType, Tool } from "./types";

export type ToolRegistry = ReadonlyMap<ToolName, Tool>;

/** The tool each intent runs when planning did not pick a (valid) one. */
export const DEFAULT_TOOL_FOR: Record<DecisionType, ToolName> = {
  calculation: "calculate",
  extraction: "web_extract",
  search: "web_search",
};

/** A tool that is named but cannot run here; it fails at tool_execution with a clear reason. */
export function unavailableTool(name: ToolName, serves: readonly DecisionType[], reason: string): Tool {
  return {
    name,
    serves,
    run: () => Promise.reject(new ToolUnavailableError(`${name} is not available: ${reason}`)),
  };
}

/** The only place that knows every tool. */
export function createToolRegistry(overrides: Partial<Record<ToolName, Tool>> = {}): ToolRegistry {
  const tools: Record<ToolName, Tool> = {
    calculate: calculateTool,
    web_search: unavailableTool("web_search", ["search"], "web search is not built yet"),
    web_extract: unavailableTool("web_extract", ["extraction", "search"], "web extraction is not built yet"),
    ...overrides,
  };
  return new Map(Object.entries(tools) as [ToolName, Tool][]);
}
