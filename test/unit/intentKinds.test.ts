import assert from "node:assert/strict";
import { classifyObjective } from "../../functions/src/decision/rules";
import { calculate } from "../../functions/src/tools/calculate";
import { KINDS, type Expected } from "./intentKinds.cases";

function close(a: number, b: number): boolean {
  return Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

function check(objective: string, expected: Expected): void {
  const verdict = classifyObjective(objective);
  const shown = `${JSON.stringify(objective)} → ${verdict.tool} ${JSON.stringify(verdict.input)} (${verdict.reason})`;
  assert.equal(verdict.tool, expected.tool, shown);
  assert.ok(verdict.confidence > 0 && verdict.confidence <= 1, `confidence ${verdict.confidence}`);
  if (expected.tool === "calculate") {
    // The calculate tool itself evaluates the derived expression: the number a person would see.
    const value = calculate(String(verdict.input.expression));
    assert.ok(close(value, expected.value), `${shown} = ${value}, want ${expected.value}`);
  } else if (expected.tool === "web_extract") {
    assert.equal(verdict.input.url, expected.url, shown);
    assert.equal(verdict.input.item_kind === "article", expected.article === true, `article mode: ${shown}`);
  } else if (expected.tool === "web_search") {
    assert.equal(typeof verdict.input.query, "string", shown);
    assert.notEqual(verdict.input.query, "", shown);
  } else {
    assert.deepEqual(verdict.input, {}, shown);
    assert.match(verdict.reason, /the tools are calculate .*web_search .*web_extract/, shown);
  }
}

describe("the rules classifier, by kind of objective", () => {
  for (const [kind, cases] of Object.entries(KINDS)) {
    describe(kind, () => {
      for (const [objective, expected] of cases) {
        it(`${objective} → ${expected.tool ?? "refused"}`, () => check(objective, expected));
      }
    });
  }
});
