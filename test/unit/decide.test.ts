import assert from "node:assert/strict";
import { decideTool, type DecisionDeps } from "../../functions/src/decision/decide";
import type { ModelPlanner, PlannerProposal } from "../../functions/src/decision/proposal";
import { toolCosts } from "../helpers/toolCosts";

const COSTS = toolCosts();
const DEPS: DecisionDeps = { toolCostMicroUsd: COSTS, urlPolicy: { allowLoopback: false } };

/** A planner that answers what the test scripts (the HTTP protocol is tested in plannerClient.test.ts). */
function answering(proposal: PlannerProposal, calls: string[] = []): ModelPlanner {
  return {
    costMicroUsd: 300,
    propose: async (objective) => {
      calls.push(objective);
      return proposal;
    },
  };
}

describe("decideTool: plan > model > rules", () => {
  it("runs a valid plan as planned, whatever the rules say", async () => {
    const decision = await decideTool(
      { objective: "Tip 18% on a $64.50 bill", plan: { tool: "calculate", input: { expression: "0.18 * 64.5" } } },
      DEPS,
    );
    assert.equal(decision.tool, "calculate");
    assert.equal(decision.source, "plan");
    assert.deepEqual(decision.input, { expression: "0.18 * 64.5" });
    assert.equal(decision.invalid_plan, undefined);
  });

  it("keeps an invalid plan, naming the field, never replacing it", async () => {
    const decision = await decideTool(
      { objective: "What is 2 + 2?", plan: { tool: "web_extract", input: { url: "ftp://example.com/x" } } },
      DEPS,
    );
    assert.equal(decision.tool, "web_extract");
    assert.match(
      decision.invalid_plan ?? "",
      /^plan\.input\.url: refused to fetch ftp:\/\/example\.com\/x: scheme ftp:/,
    );
    assert.equal(decision.estimate_microusd, 0);
  });

  it("fills a plan's missing input with the rules' input for the same tool, or the objective as the query", async () => {
    const extract = await decideTool(
      {
        objective: "get the products from https://shop.example/list",
        plan: { tool: "web_extract", input: { target: 5 } },
      },
      DEPS,
    );
    assert.deepEqual(extract.input, { url: "https://shop.example/list", target: 5 });
    const search = await decideTool({ objective: "otter habitats", plan: { tool: "web_search" } }, DEPS);
    assert.deepEqual(search.input, { query: "otter habitats" });
    const missing = await decideTool({ objective: "otter habitats", plan: { tool: "calculate" } }, DEPS);
    assert.match(missing.invalid_plan ?? "", /^plan\.input\.expression is required/);
  });

  it("refuses, at no cost, what the rules derive but no tool accepts", async () => {
    const decision = await decideTool({ objective: "read http://192.168.1.1/admin" }, DEPS);
    assert.equal(decision.tool, null);
    assert.equal(decision.estimate_microusd, 0);
    assert.match(decision.refusal ?? "", /192\.168\.1\.1 is private .*the tools are/);
  });

  it("validates a model's call exactly like a plan, and prices the call", async () => {
    const calls: string[] = [];
    const planner = answering({ kind: "tool", name: "calculate", arguments: { expression: "0.18 * 64.5" } }, calls);
    const decision = await decideTool({ objective: "Tip 18% on a $64.50 bill" }, { ...DEPS, planner });
    assert.deepEqual(calls, ["Tip 18% on a $64.50 bill"]);
    assert.equal(decision.source, "llm");
    assert.equal(decision.tool, "calculate");
    assert.equal(decision.estimate_microusd, 300);
    assert.equal(decision.planner_cost_microusd, 300);
  });

  it("does not ask the model when the plan names its tool", async () => {
    const calls: string[] = [];
    const planner = answering({ kind: "no_tool", reason: "no" }, calls);
    await decideTool({ objective: "x", plan: { tool: "web_search", input: { query: "x" } } }, { ...DEPS, planner });
    assert.deepEqual(calls, []);
  });

  it("refuses with the model's reason when it calls no_tool", async () => {
    const planner = answering({ kind: "no_tool", reason: "sending email is not a tool here" });
    const decision = await decideTool({ objective: "send an email to Bob" }, { ...DEPS, planner });
    assert.equal(decision.tool, null);
    assert.equal(decision.source, "llm");
    assert.match(decision.refusal ?? "", /sending email is not a tool here; the tools are/);
    assert.equal(decision.estimate_microusd, 300, "the call was made: it is priced");
  });

  const fallbacks: [string, PlannerProposal, RegExp][] = [
    ["an unusable answer", { kind: "unusable", why: "HTTP 503" }, /not used \(HTTP 503\)/],
    ["an unknown tool", { kind: "tool", name: "send_email", arguments: {} }, /unknown tool "send_email"/],
    [
      "arguments failing the tool's checks",
      { kind: "tool", name: "calculate", arguments: { expression: "import('x')" } },
      /calculate call failed its checks \(arguments\.expression: /,
    ],
    [
      "arguments that are not an object",
      { kind: "tool", name: "web_search", arguments: "otters" },
      /not a JSON object/,
    ],
  ];
  for (const [name, proposal, why] of fallbacks) {
    it(`falls back to the rules on ${name}, and says why`, async () => {
      const decision = await decideTool({ objective: "What is 6 * 7?" }, { ...DEPS, planner: answering(proposal) });
      assert.equal(decision.source, "rules");
      assert.equal(decision.tool, "calculate");
      assert.match(decision.fallback ?? "", why);
      assert.equal(decision.planner_cost_microusd, 300);
    });
  }
});
