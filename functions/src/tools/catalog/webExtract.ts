import * as z from "zod";
import { toolCostSettings } from "../../config";
import { MAX_PLAN_TARGET, PLAN_INPUT_LIMITS } from "../../missions/schema";
import { checkUrl } from "../../net/addressPolicy";
import type { ToolDeclaration } from "./declaration";
import { nonEmpty, refineWith } from "./inputFields";

export const webExtract: ToolDeclaration<"web_extract"> = {
  name: "web_extract",
  description: "Read a web page at an http(s) URL and collect its items (or its main text with item_kind article).",
  kind: "extraction",
  // A search objective that names a page is served by reading the page.
  serves: ["extraction", "search"],
  pure: false,
  cost: toolCostSettings.web_extract,
  input: (policy) =>
    z.object({
      url: nonEmpty(PLAN_INPUT_LIMITS.url, "The http(s) page to read")
        // http(s), parseable, not a literal private address (host names are checked again
        // when dialled: the guarded fetch resolves and checks every address).
        .superRefine(refineWith((url: string) => checkUrl(url, policy))),
      selector: nonEmpty(PLAN_INPUT_LIMITS.selector, "CSS selector of the items to collect").optional(),
      item_kind: nonEmpty(
        PLAN_INPUT_LIMITS.item_kind,
        'Kind of item to collect; "article" for the main text',
      ).optional(),
      target: z.number().int().min(1).max(MAX_PLAN_TARGET).describe("How many items to collect").optional(),
    }),
  mainInput: "url",
  eta: { paged: true, defaultMs: 5000 },
  // Any other stop (no_new_items, page_cap, deadline, robots_disallowed, page_error) may leave
  // the result incomplete, and the evaluation says so.
  normalEndings: ["target_reached", "no_more_pages"],
  secrets: [],
  // It reads its params at run time, not here.
  load: async () => (await import("../webExtract.js")).createWebExtractTool(),
};
