import { ToolUnavailableError } from "../errors";
import { TOOL_NAMES, type ToolName } from "../shared/toolNames";
import { TOOL_CATALOG, type ToolDeclaration } from "./catalog";
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

/** A tool that loads its module on its first run (once per instance; a failed load is tried again). */
export function lazyTool(loader: ToolDeclaration): Tool {
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

/**
 * Every declared tool (./catalog), each loaded lazily: a web tool's libraries (cheerio,
 * linkedom, undici…) load when a mission first runs it, not when an instance starts
 * (calculate's mathjs loads with its input check, which every tool decision uses).
 * test/unit/toolRegistry.test.ts checks each declaration's name, `serves` and `pure` against
 * the tool it loads.
 */
export function createToolRegistry(overrides: Partial<Record<ToolName, Tool>> = {}): ToolRegistry {
  return new Map(TOOL_NAMES.map((name) => [name, overrides[name] ?? lazyTool(TOOL_CATALOG[name])]));
}
