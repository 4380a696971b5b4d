import { ToolUnavailableError } from "../errors";
import { calculateTool } from "./calculate";
import type { ToolName } from "../shared/toolNames";
import type { DecisionType, Tool } from "./types";
import { createWebExtractTool } from "./webExtract";
import { createWebSearchTool } from "./webSearch";

export type ToolRegistry = ReadonlyMap<ToolName, Tool>;

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
    // Each reads its params and secret at run time, not here.
    web_search: createWebSearchTool(),
    web_extract: createWebExtractTool(),
    ...overrides,
  };
  return new Map(Object.entries(tools) as [ToolName, Tool][]);
}
