import * as z from "zod";
import { toolCostSettings } from "../../config";
import { PLAN_INPUT_LIMITS } from "../../missions/schema";
import { checkExpression } from "../calculate";
import type { ToolDeclaration } from "./declaration";
import { nonEmpty, refineWith } from "./inputFields";

export const calculate: ToolDeclaration<"calculate"> = {
  name: "calculate",
  description:
    "Evaluate an arithmetic expression (mathjs syntax; numbers, + - * / ^ %, sqrt and similar functions, units).",
  kind: "calculation",
  serves: ["calculation"],
  pure: true,
  cost: toolCostSettings.calculate,
  input: () =>
    z.object({
      expression: nonEmpty(
        PLAN_INPUT_LIMITS.expression,
        "A math expression (mathjs syntax), e.g. 0.18 * 64.5",
      ).superRefine(refineWith(checkExpression)),
    }),
  mainInput: "expression",
  eta: { paged: false, defaultMs: 50 },
  normalEndings: [],
  secrets: [],
  load: async () => (await import("../calculate.js")).calculateTool,
};
