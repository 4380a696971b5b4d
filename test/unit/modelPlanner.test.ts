import assert from "node:assert/strict";
import type { ServerResponse } from "node:http";
import { decideTool } from "../../functions/src/decision/decide";
import { createModelPlanner } from "../../functions/src/decision/modelPlanner";
import { loadNetLimits } from "../../functions/src/net/netConfig";
import { TOOL_NAMES } from "../../functions/src/shared/toolNames";
import { TOOL_CATALOG } from "../../functions/src/tools/catalog";
import { completion, FakeChatServer, status, toolCall, type Reply } from "../helpers/fakeChatServer";
import { toolCosts } from "../helpers/toolCosts";

describe("model planner against a loopback chat-completions server", function () {
  this.timeout(20_000);
  const fake = new FakeChatServer();
  const requests = fake.requests;
  let baseUrl = "";

  before(async () => {
    baseUrl = await fake.start();
  });
  after(() => fake.close());
  beforeEach(() => (requests.length = 0));

  function planner(timeoutMs = 2_000) {
    return createModelPlanner({
      baseUrl,
      model: "test-model",
      apiKey: "sk-test-key",
      costMicroUsd: 700,
      timeoutMs,
      net: loadNetLimits({ allowLoopback: true }),
    });
  }
  const deps = () => ({
    toolCostMicroUsd: toolCosts(),
    urlPolicy: { allowLoopback: false },
    planner: planner(),
  });

  it("sends the protocol's request: model, messages, one function per tool plus no_tool, tool_choice, bearer key", async () => {
    fake.reply = toolCall("calculate", JSON.stringify({ expression: "0.18 * 64.5" }));
    const decision = await decideTool({ objective: "Tip 18% on a $64.50 bill" }, deps());
    assert.equal(requests.length, 1);
    const [request] = requests;
    assert.equal(request?.method, "POST");
    assert.equal(request?.url, "/v1/chat/completions");
    assert.equal(request?.authorization, "Bearer sk-test-key");
    assert.equal(request?.body.model, "test-model");
    assert.deepEqual(
      request?.body.messages.map((message) => message.role),
      ["system", "user"],
    );
    assert.equal(request?.body.messages[1]?.content, "Tip 18% on a $64.50 bill");
    assert.deepEqual(
      request?.body.tools.map((tool) => [tool.type, tool.function.name, tool.function.parameters.required]),
      [
        // Each declared tool, requiring the input field it declares as its main one.
        ...TOOL_NAMES.map((name) => ["function", name, [TOOL_CATALOG[name].mainInput]]),
        ["function", "no_tool", ["reason"]],
      ],
    );
    assert.equal(request?.body.tool_choice, "required");
    assert.deepEqual(
      { tool: decision.tool, input: decision.input, source: decision.source, cost: decision.estimate_microusd },
      { tool: "calculate", input: { expression: "0.18 * 64.5" }, source: "llm", cost: 700 },
    );
  });

  it("refuses with the model's reason when it calls no_tool", async () => {
    fake.reply = toolCall("no_tool", JSON.stringify({ reason: "no tool sends email" }));
    const decision = await decideTool({ objective: "send an email to Bob" }, deps());
    assert.equal(decision.tool, null);
    assert.equal(decision.source, "llm");
    assert.match(decision.refusal ?? "", /^the model planner found no tool for this objective: no tool sends email/);
  });

  const failures: [string, () => Reply, RegExp][] = [
    ["HTTP 429", () => status(429), /HTTP 429/],
    ["HTTP 503", () => status(503), /HTTP 503/],
    ["a text-only answer", () => completion({ content: "I would calculate it." }), /text only/],
    ["malformed arguments", () => toolCall("calculate", "{expression: 0.18*"), /arguments are not valid JSON/],
    ["an unknown tool", () => toolCall("send_email", "{}"), /unknown tool "send_email"/],
    [
      "arguments failing the tool's checks",
      () => toolCall("web_extract", JSON.stringify({ url: "http://169.254.169.254/" })),
      /arguments\.url: refused to fetch/,
    ],
    ["a reply that is not a chat completion", () => (response) => response.end("<html>"), /not JSON/],
  ];
  for (const [name, scripted, why] of failures) {
    it(`falls back to the rules on ${name}, and says why`, async () => {
      fake.reply = scripted();
      const decision = await decideTool({ objective: "What is 6 * 7?" }, deps());
      assert.equal(requests.length, 1, "asked once");
      assert.equal(decision.source, "rules");
      assert.equal(decision.tool, "calculate");
      assert.match(decision.fallback ?? "", why);
      assert.equal(decision.planner_cost_microusd, 700, "the call is priced even when unused");
    });
  }

  it("falls back to the rules when the model does not answer in time", async () => {
    const pending: ServerResponse[] = [];
    fake.reply = (response) => pending.push(response);
    const started = Date.now();
    const decision = await decideTool({ objective: "What is 6 * 7?" }, { ...deps(), planner: planner(300) });
    assert.ok(Date.now() - started < 5_000, "the timeout bounded the wait");
    assert.equal(decision.source, "rules");
    assert.match(decision.fallback ?? "", /could not be reached: timed out after 300 ms/);
    for (const response of pending) response.end();
  });
});
