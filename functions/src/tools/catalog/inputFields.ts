import * as z from "zod";
import { errorMessage } from "../../errors";

/** A required string field: trimmed, not empty, at most `max` characters, described for the model planner. */
export const nonEmpty = (max: number, description: string) => z.string().trim().min(1).max(max).describe(description);

/** Runs a check that throws (calculate's, the URL policy's) as a zod refinement, its message the issue's. */
export function refineWith<T>(check: (value: T) => unknown) {
  return (value: T, context: z.RefinementCtx) => {
    try {
      check(value);
    } catch (error) {
      context.addIssue({ code: "custom", message: errorMessage(error) });
    }
  };
}
