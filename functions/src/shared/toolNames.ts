/** Every tool the pipeline knows by name. The registry maps each to an implementation. */
export const TOOL_NAMES = ["web_search", "web_extract", "calculate"] as const;
export type ToolName = (typeof TOOL_NAMES)[number];
