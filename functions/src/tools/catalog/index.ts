import type { ToolName } from "../../shared/toolNames";
import { calculate } from "./calculate";
import type { ToolDeclaration } from "./declaration";
import { webExtract } from "./webExtract";
import { webSearch } from "./webSearch";

/**
 * Every tool, one line each. Keyed by every name in shared/toolNames.ts, so a name without a
 * declaration (or a declaration under another name) does not compile.
 */
export const TOOL_CATALOG: { readonly [Name in ToolName]: ToolDeclaration<Name> } = {
  calculate,
  web_search: webSearch,
  web_extract: webExtract,
};

export type { ToolDeclaration } from "./declaration";
