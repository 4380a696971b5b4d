import { ToolUnavailableError } from "../errors";
import type { ToolName } from "../shared/toolNames";
import type { DecisionType, Tool } from "./types";

export type ToolRegistry = ReadonlyMap<ToolName, Tool>;

/** A tool that is named but cannot run here; it fails at tool_execution with a clear reason. */
export function unavailableTool(name: ToolName, serves: readonly DecisionType[], reason: string): Tool {
  return {
    name,
    serves,
    run: () => Promise.reject(new ToolUnavailableError(`${name} is not available: ${reason}`)),
  };
}

/** What the pipeline knows of a tool before it runs, and how to load the tool itself. */
export interface ToolLoader {
  readonly name: ToolName;
  readonly serves: readonly DecisionType[];
  readonly pure?: boolean;
  load(): Promise<Tool>;
}

/**
 * Every tool, as a loader: a tool's libraries (mathjs, cheerio, linkedom, undici…) are loaded
 * when a mission first runs it, not when an instance starts. Every instance (the api, the
 * sweeper, the trigger) loads this module; most never run a tool, and mathjs alone takes
 * most of a second to load. test/unit/toolRegistry.test.ts checks each loader's name,
 * `serves` and `pure` against the tool it loads.
 */
export const TOOL_LOADERS: Readonly<Record<ToolName, ToolLoader>> = {
  calculate: {
    name: "calculate",
    serves: ["calculation"],
    pure: true,
    load: async () => (await import("./calculate.js")).calculateTool,
  },
  // Each reads its params and secret at run time, not here.
  web_search: {
    name: "web_search",
    serves: ["search"],
    load: async () => (await import("./webSearch.js")).createWebSearchTool(),
  },
  web_extract: {
    name: "web_extract",
    serves: ["extraction", "search"],
    load: async () => (await import("./webExtract.js")).createWebExtractTool(),
  },
};

/** A tool that loads its module on its first run (once per instance; a failed load is tried again). */
export function lazyTool(loader: ToolLoader): Tool {
  let loading: Promise<Tool> | undefined;
  const loaded = () => {
    loading ??= loader.load().catch((error: unknown) => {
      loading = undefined;
      throw error;
    });
    return loading;
  };
  return {
    name: loader.name,
    serves: loader.serves,
    ...(loader.pure ? { pure: true } : {}),
    run: async (context) => (await loaded()).run(context),
  };
}

/** The only place that knows every tool. */
export function createToolRegistry(overrides: Partial<Record<ToolName, Tool>> = {}): ToolRegistry {
  const tools: Record<ToolName, Tool> = {
    calculate: lazyTool(TOOL_LOADERS.calculate),
    web_search: lazyTool(TOOL_LOADERS.web_search),
    web_extract: lazyTool(TOOL_LOADERS.web_extract),
    ...overrides,
  };
  return new Map(Object.entries(tools) as [ToolName, Tool][]);
}
