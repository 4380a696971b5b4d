import assert from "node:assert/strict";
import { classifyIntent, extractExpression } from "../../functions/src/pipeline/intent";

describe("intent classification", () => {
  it("reads arithmetic out of a question, percentages and thousands separators included", () => {
    const intent = classifyIntent("What is 15% of 2,340?");
    assert.equal(intent.decision_type, "calculation");
    assert.equal(intent.derived_input.expression, "(15 / 100) * 2340");
    assert.ok(intent.confidence >= 0.9 && intent.confidence <= 1, `confidence ${intent.confidence}`);
  });

  it("sends a URL to extraction", () => {
    const intent = classifyIntent("extract the product names from https://shop.example/list?page=1 please");
    assert.equal(intent.decision_type, "extraction");
    assert.equal(intent.derived_input.url, "https://shop.example/list?page=1");
    assert.equal(intent.confidence, 0.95);
  });

  it("sends everything else to search", () => {
    const intent = classifyIntent("find the 5 cheapest flights from Lisbon to Berlin");
    assert.equal(intent.decision_type, "search");
    assert.equal(intent.derived_input.query, "find the 5 cheapest flights from Lisbon to Berlin");
    assert.equal(intent.confidence, 0.8);
    assert.equal(classifyIntent("Tell me about otters").confidence, 0.6);
  });

  it("is deterministic", () => {
    const objective = "calculate (3 + 4) * 12 / 7";
    assert.deepEqual(classifyIntent(objective), classifyIntent(objective));
  });

  it("does not mistake a lone number for an expression", () => {
    assert.equal(extractExpression("the 5 best hotels in 2026"), null);
  });
});
