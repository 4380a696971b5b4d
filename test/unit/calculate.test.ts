import assert from "node:assert/strict";
import { ToolInputError } from "../../functions/src/errors";
import { calculate, calculateTool, calculateValue, MAX_EXPRESSION_CHARS } from "../../functions/src/tools/calculate";
import { Deadline } from "../../functions/src/shared/deadline";

describe("calculate", () => {
  it("evaluates arithmetic", () => {
    assert.equal(calculate("(15 / 100) * 2340"), 351);
    assert.equal(calculate("2 ^ 10 + sqrt(16) - abs(-3)"), 1025);
    assert.equal(calculate("round(pi * 100) / 100"), 3.14);
    assert.equal(calculate("15% * 2340"), 351);
    assert.equal(calculate("10 % 3"), 1);
    assert.equal(calculate("-2 + +3"), 1);
    assert.equal(calculate("2 pi"), 2 * Math.PI);
  });

  it("accepts units and returns the value with its unit", () => {
    assert.deepEqual(calculateValue("5 mile to km"), { value: 8.04672, unit: "km" });
    assert.equal(calculateValue("72 degF to degC").unit, "degC");
    assert.ok(Math.abs(calculateValue("72 degF to degC").value - 22.2222222222) < 1e-9);
    assert.ok(Math.abs(calculate("68 kg to lb") - 68 / 0.45359237) < 1e-9);
    assert.ok(Math.abs(calculate("2.5 gal in L") - 2.5 * 3.785411784) < 1e-9);
    assert.deepEqual(calculateValue("5 cm + 2 inch"), { value: 10.08, unit: "cm" });
    // Units that cancel leave a plain number.
    assert.deepEqual(calculateValue("1 km / 250 m"), { value: 4 });
    assert.deepEqual(calculateValue("2 + 2"), { value: 4 });
  });

  it("shows the unit in the tool's result", async () => {
    const result = await calculateTool.run({
      missionId: "m",
      objective: "5 miles in km",
      input: { expression: "5 mile to km" },
      reportProgress: () => undefined,
      deadline: Deadline.after(60_000),
    });
    assert.equal(result.summary, "5 mile to km = 8.04672 km");
    assert.deepEqual(result.result, { expression: "5 mile to km", value: 8.04672, unit: "km" });
  });

  const refused: [string, RegExp][] = [
    ["import({}, {override: true})", /"import"/],
    ["f(x) = x^2", /FunctionAssignmentNode/],
    ["a = 5", /AssignmentNode/],
    ['evaluate("1+1")', /ConstantNode|only numbers|"evaluate"/],
    ["zeros(10000, 10000)", /"zeros"/],
    ["[1, 2, 3]", /ArrayNode/],
    ["5 cm + 2 kg", /cannot evaluate "5 cm \+ 2 kg": Units do not match/],
    ["5 m + wibble", /"wibble"/],
    ["5 mile to kg", /cannot evaluate "5 mile to kg": Units do not match/],
    ["km", /finite number/],
    ["x.constructor", /AccessorNode|"x"/],
    ["1 / 0", /finite number/],
    ["2 +* 3", /cannot parse/],
    // Operators are allowed by name like functions: bitwise ones give 32-bit answers
    // (1 << 1000 is 256), matrix ones have no place in arithmetic.
    ["1 << 1000", /^expression uses the bitwise operator <<, which calculate does not allow/],
    ["1 >> 2", /bitwise operator >>/],
    ["1 >>> 2", /bitwise operator >>>/],
    ["6 & 3", /bitwise operator &/],
    ["6 | 3", /bitwise operator \|/],
    ["6 ^| 3", /bitwise operator \^\|/],
    ["~5", /bitwise operator ~/],
    ["2'", /matrix \(transpose\) operator '/],
    ["2 .* 3", /matrix \(element-wise\) operator \.\*/],
    ["2 ./ 3", /element-wise\) operator \.\//],
    ["2 .^ 3", /element-wise\) operator \.\^/],
    ["170!", /factorial operator !/],
    ["(-1)!", /factorial operator !/],
    ["1 == 1", /operator "=="/],
    ["2 > 1", /operator ">"/],
    ["not 0", /operator "not"/],
    ["1 and 1", /operator "and"/],
    ["1 xor 0", /operator "xor"/],
    ["1 ? 2 : 3", /ConditionalNode/],
    ["1:3", /RangeNode/],
    ["5 to cm", /cannot evaluate "5 to cm"/],
    // Whatever mathjs itself refuses is the expression's fault too.
    ["min()", /^cannot evaluate "min\(\)": /],
    ["sqrt(4, 2)", /^cannot evaluate "sqrt\(4, 2\)": /],
    ["mod(5)", /^cannot evaluate "mod\(5\)": /],
    ["sqrt(-1)", /finite number/],
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
