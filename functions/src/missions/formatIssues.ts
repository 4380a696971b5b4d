import type * as z from "zod";

type Issue = z.core.$ZodIssue;

/**
 * Turns zod issues into one sentence a person can act on, naming each bad field:
 * "objective must be a non-empty string; budget must be a number >= 0".
 */
export function formatIssues(issues: readonly Issue[], prefix = ""): string {
  return issues.map((issue) => describeIssue(issue, prefix)).join("; ");
}

function fieldName(path: readonly PropertyKey[], prefix: string): string {
  const joined = path.map((part) => (typeof part === "number" ? `[${part}]` : String(part))).join(".");
  const field = [prefix, joined].filter(Boolean).join(".").replace(/\.\[/g, "[");
  return field || "document";
}

function describeIssue(issue: Issue, prefix: string): string {
  const field = fieldName(issue.path, prefix);
  switch (issue.code) {
    case "invalid_type": {
      const received = (issue.input === undefined ? "missing" : typeof issue.input) as string;
      if (received === "missing") return `${field} is required (${article(issue.expected)})`;
      // zod calls Infinity and NaN the wrong type; to a person they are the wrong number.
      if (issue.expected === "number" && typeof issue.input === "number") {
        return `${field} must be a finite number, got ${issue.input}`;
      }
      return `${field} must be ${article(issue.expected)}, got ${describeValue(issue.input)}`;
    }
    case "too_small":
      if (issue.origin === "string") {
        return Number(issue.minimum) <= 1
          ? `${field} must be a non-empty string`
          : `${field} must be at least ${issue.minimum} characters`;
      }
      return `${field} must be ${issue.inclusive ? ">=" : ">"} ${issue.minimum}`;
    case "too_big":
      if (issue.origin === "string") {
        return `${field} must be at most ${issue.maximum} characters (got ${describeLength(issue.input)})`;
      }
      return `${field} must be ${issue.inclusive ? "<=" : "<"} ${issue.maximum}`;
    case "invalid_value":
      return `${field} must be one of ${issue.values.map((value) => JSON.stringify(value)).join(", ")}, got ${describeValue(issue.input)}`;
    case "unrecognized_keys":
      return `${field} has unknown field(s) ${issue.keys.join(", ")}`;
    default:
      return `${field}: ${issue.message}`;
  }
}

function article(expected: string): string {
  return /^[aeiou]/.test(expected) ? `an ${expected}` : `a ${expected}`;
}

function describeLength(input: unknown): string {
  return typeof input === "string" ? `${input.length}` : "?";
}

function describeValue(input: unknown): string {
  if (typeof input === "string") {
    return input.length > 40 ? `a ${input.length}-character string` : JSON.stringify(input);
  }
  if (input === null) return "null";
  if (Array.isArray(input)) return "an array";
  if (typeof input === "object") return "an object";
  return `${typeof input} ${String(input)}`;
}
