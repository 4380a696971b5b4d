import type * as z from "zod";
import { formatIssues } from "../missions/formatIssues";
import type { AddressPolicy } from "../net/addressPolicy";
import { TOOL_NAMES, type ToolName } from "../shared/toolNames";
import { TOOL_CATALOG } from "./catalog";
import type { ToolInput } from "./types";

/**
 * Each tool's input check (declared with the tool, ./catalog): what a plan, a model's proposal
 * and the rules' derived input must pass before a tool is chosen to run. The tools check their
 * input again when they run (they are called directly too); these are the same checks, made
 * early, so a bad input fails at tool_selection naming its field instead of part-way through.
 */

type InputSchemas = Record<ToolName, z.ZodType<Record<string, unknown>>>;

/** The input schemas of every tool, under `policy` for URLs (the model planner describes them from these). */
export function toolInputSchemas(policy: AddressPolicy): InputSchemas {
  return Object.fromEntries(TOOL_NAMES.map((name) => [name, TOOL_CATALOG[name].input(policy)])) as InputSchemas;
}

export type InputCheck = { ok: true; input: ToolInput } | { ok: false; message: string };

/**
 * Checks `input` against `tool`'s own rules. On failure, the message names the field under
 * `prefix` ("plan.input.expression: cannot parse …"). On success, the input as the tool will
 * get it (trimmed; fields the tool does not read are dropped).
 */
export function checkToolInput(tool: ToolName, input: ToolInput, policy: AddressPolicy, prefix: string): InputCheck {
  const parsed = TOOL_CATALOG[tool].input(policy).safeParse(input);
  return parsed.success
    ? { ok: true, input: parsed.data }
    : { ok: false, message: formatIssues(parsed.error.issues, prefix) };
}
