import { z } from "zod";
import { errorMessage } from "../errors";
import { formatIssues } from "../missions/formatIssues";
import { MAX_PLAN_TARGET, PLAN_INPUT_LIMITS } from "../missions/schema";
import { checkUrl, type AddressPolicy } from "../net/addressPolicy";
import type { ToolName } from "../shared/toolNames";
import { checkExpression } from "./calculate";
import type { ToolInput } from "./types";

/**
 * Each tool's input check, in one place: what a plan, a model's proposal and the rules'
 * derived input must pass before a tool is chosen to run. The tools check their input again
 * when they run (they are called directly too); these are the same checks, made early, so a
 * bad input fails at tool_selection naming its field instead of part-way through a run.
 */

/** Runs a check that throws (calculate's, the URL policy's) as a zod refinement. */
function refineWith<T>(check: (value: T) => unknown) {
  return (value: T, context: z.RefinementCtx) => {
    try {
      check(value);
    } catch (error) {
      context.addIssue({ code: "custom", message: errorMessage(error) });
    }
  };
}

const nonEmpty = (max: number, description: string) => z.string().trim().min(1).max(max).describe(description);

function inputSchemas(policy: AddressPolicy) {
  return {
    calculate: z.object({
      expression: nonEmpty(
        PLAN_INPUT_LIMITS.expression,
        "A math expression (mathjs syntax), e.g. 0.18 * 64.5",
      ).superRefine(refineWith(checkExpression)),
    }),
    web_search: z.object({
      query: nonEmpty(PLAN_INPUT_LIMITS.query, "What to search the web for"),
    }),
    web_extract: z.object({
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
  } satisfies Record<ToolName, z.ZodType>;
}

/** The input schemas of every tool, under `policy` for URLs (the model planner describes them from these). */
export function toolInputSchemas(policy: AddressPolicy) {
  return inputSchemas(policy);
}

export type InputCheck = { ok: true; input: ToolInput } | { ok: false; message: string };

/**
 * Checks `input` against `tool`'s own rules. On failure, the message names the field under
 * `prefix` ("plan.input.expression: cannot parse …"). On success, the input as the tool will
 * get it (trimmed; fields the tool does not read are dropped).
 */
export function checkToolInput(tool: ToolName, input: ToolInput, policy: AddressPolicy, prefix: string): InputCheck {
  const parsed = inputSchemas(policy)[tool].safeParse(input);
  return parsed.success
    ? { ok: true, input: parsed.data }
    : { ok: false, message: formatIssues(parsed.error.issues, prefix) };
}
