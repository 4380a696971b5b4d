import * as z from "zod";
import { toolCostSettings } from "../../config";
import { PLAN_INPUT_LIMITS } from "../../missions/schema";
import { searchApiKey } from "../webConfig";
import type { ToolDeclaration } from "./declaration";
import { nonEmpty } from "./inputFields";

export const webSearch: ToolDeclaration<"web_search"> = {
  name: "web_search",
  description: "Search the web for a question or topic.",
  kind: "search",
  serves: ["search"],
  pure: false,
  cost: toolCostSettings.web_search,
  input: () => z.object({ query: nonEmpty(PLAN_INPUT_LIMITS.query, "What to search the web for") }),
  mainInput: "query",
  eta: { paged: false, defaultMs: 1500 },
  normalEndings: [],
  secrets: [searchApiKey],
  // It reads its params and secret at run time, not here.
  load: async () => (await import("../webSearch.js")).createWebSearchTool(),
};
