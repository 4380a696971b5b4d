import assert from "node:assert/strict";
import { ToolInputError } from "../../functions/src/errors";
import { calculate, MAX_EXPRESSION_CHARS } from "../../functions/src/tools/calculate";

describe("calculate", () => {
  it("evaluates arithmetic", () => {
    assert.equal(calculate("(15 / 100) * 2340"), 351);
    assert.equal(calculate("2 ^ 10 + sqrt(16) - abs(-3)"), 1025);
    assert.equal(calculate("round(pi * 100) / 100"), 3.14);
  });

  const refused: [string, RegExp][] = [
    ["import({}, {override: true})", /"import"/],
    ["f(x) = x^2", /FunctionAssignmentNode/],
    ["a = 5", /AssignmentNode/],
    ['evaluate("1+1")', /ConstantNode|only numbers|"evaluate"/],
    ["zeros(10000, 10000)", /"zeros"/],
    ["[1, 2, 3]", /ArrayNode/],
    ["5 cm + 2 inch", /"cm"|"inch"/],
    ["x.constructor", /AccessorNode|"x"/],
    ["1 / 0", /finite number/],
    ["2 +* 3", /cannot parse/],
  ];
  for (const [expression, message] of refused) {
    it(`refuses ${expression}`, () => {
      assert.throws(
        () => calculate(expression),
        (error: unknown) => {
          assert.ok(error instanceof ToolInputError, `expected ToolInputError, got ${String(error)}`);
          assert.match(error.message, message);
          return true;
        },
      );
    });
  }

  it("bounds the input size and the number of terms", () => {
    assert.throws(() => calculate("1+".repeat(MAX_EXPRESSION_CHARS) + "1"), /at most 500 are allowed/);
    assert.throws(() => calculate(Array.from({ length: 150 }, () => "1").join("+")), /terms; at most 200/);
  });
});
