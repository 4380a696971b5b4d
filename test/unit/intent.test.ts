import assert from "node:assert/strict";
import { classifyIntent } from "../../functions/src/pipeline/steps/intent";
import { classifyObjective } from "../../functions/src/decision/rules";

describe("intent classification (the pipeline's view of the rules)", () => {
  it("gives the rules' tool and input, and the older decision_type and derived_input", () => {
    const intent = classifyIntent("What is 15% of 2,340?");
    assert.equal(intent.tool, "calculate");
    assert.equal(intent.decision_type, "calculation");
    assert.equal(intent.input.expression, "(15 / 100) * 2340");
    assert.deepEqual(intent.derived_input, intent.input);
    assert.ok(intent.confidence >= 0.9 && intent.confidence <= 1, `confidence ${intent.confidence}`);
  });

  it("sends a URL to extraction", () => {
    const intent = classifyIntent("extract the product names from https://shop.example/list?page=1 please");
    assert.equal(intent.decision_type, "extraction");
    assert.deepEqual(intent.input, { url: "https://shop.example/list?page=1" });
    assert.equal(intent.confidence, 0.95);
  });

  it("sends a question to search, with a cleaned query", () => {
    const intent = classifyIntent("Could you tell me who painted the Mona Lisa?");
    assert.equal(intent.decision_type, "search");
    assert.deepEqual(intent.input, { query: "who painted the Mona Lisa" });
  });

  it("refuses with tool null and an actionable reason (still read as search by the older shape)", () => {
    const intent = classifyIntent("Send an email to the team about Friday");
    assert.equal(intent.tool, null);
    assert.deepEqual(intent.input, {});
    assert.match(
      intent.reason,
      /^no tool can send email or messages; the tools are calculate \(arithmetic and unit conversions\), web_search/,
    );
    assert.equal(intent.decision_type, "search");
  });

  it("is deterministic", () => {
    for (const objective of [
      "calculate (3 + 4) * 12 / 7",
      "hi",
      "Summarise https://example.com/a",
      "Node 22 release",
    ]) {
      assert.deepEqual(classifyObjective(objective), classifyObjective(objective));
    }
  });

  it("is less sure of a search when the objective holds numbers it did not calculate", () => {
    const withNumbers = classifyObjective("iPhone 15 battery size");
    const plainQuestion = classifyObjective("Who invented the telephone?");
    assert.equal(withNumbers.tool, "web_search");
    assert.ok(
      withNumbers.confidence < plainQuestion.confidence,
      `${withNumbers.confidence} < ${plainQuestion.confidence}`,
    );
  });
});
