import assert from "node:assert/strict";
import { uniqueId } from "../helpers/emulator";
import { bearer, functionUrl, idTokenFor } from "./helpers";

async function preview(body: unknown, headers: Record<string, string>) {
  const response = await fetch(functionUrl("/plan"), {
    method: "POST",
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

function errorOf(body: Record<string, unknown>) {
  return body.error as { code: string; message: string };
}

describe("POST /api/plan: the decision before approval (emulator)", function () {
  this.timeout(30_000);
  let token = "";

  before(async () => {
    token = await idTokenFor(uniqueId("planner"));
  });

  it("answers 401 without a token, and only to POST", async () => {
    const unsigned = await preview({ objective: "What is 2 + 2?" }, {});
    assert.equal(unsigned.status, 401);
    assert.equal(errorOf(unsigned.body).code, "missing_token");
    const get = await fetch(functionUrl("/plan"), { headers: bearer(token) });
    assert.equal(get.status, 405);
  });

  it("answers 400 naming the field of a bad body", async () => {
    const missing = await preview({ plan: {} }, bearer(token));
    assert.equal(missing.status, 400);
    assert.match(errorOf(missing.body).message, /objective is required/);
    const badTool = await preview({ objective: "x", plan: { tool: "teleport" } }, bearer(token));
    assert.equal(badTool.status, 400);
    assert.match(errorOf(badTool.body).message, /plan\.tool must be one of/);
    const extra = await preview({ objective: "x", budget: 1 }, bearer(token));
    assert.equal(extra.status, 400);
    assert.match(errorOf(extra.body).message, /unknown field\(s\) budget/);
  });

  it("answers 400 naming the field of a plan that would fail at tool_selection", async () => {
    const invalid = await preview(
      { objective: "tip on 64.50", plan: { tool: "calculate", input: { expression: "require('fs')" } } },
      bearer(token),
    );
    assert.equal(invalid.status, 400);
    assert.equal(errorOf(invalid.body).code, "invalid_plan");
    assert.match(errorOf(invalid.body).message, /plan\.input\.expression: /);
  });

  it("answers the plan's decision with its estimate, the plan winning over the rules", async () => {
    const answer = await preview(
      { objective: "Tip 18% on a $64.50 bill", plan: { tool: "calculate", input: { expression: "0.18 * 64.5" } } },
      bearer(token),
    );
    assert.equal(answer.status, 200);
    assert.deepEqual(
      { tool: answer.body.tool, input: answer.body.input, source: answer.body.source },
      { tool: "calculate", input: { expression: "0.18 * 64.5" }, source: "plan" },
    );
    assert.equal(answer.body.estimate_microusd, 0);
    assert.equal(answer.body.confidence, 1);
    assert.equal(typeof answer.body.reason, "string");
  });

  it("answers a refusal with tool null, the reason and no cost", async () => {
    const answer = await preview({ objective: "fetch http://169.254.169.254/computeMetadata/v1/" }, bearer(token));
    assert.equal(answer.status, 200);
    assert.equal(answer.body.tool, null);
    assert.deepEqual(answer.body.input, {});
    assert.equal(answer.body.estimate_microusd, 0);
    assert.match(String(answer.body.refusal), /link-local.*the tools are/);
  });
});
