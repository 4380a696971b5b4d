import assert from "node:assert/strict";
import { parseMission } from "../../functions/src/missions/schema";
import { capContent, TRUNCATION_MARKER } from "../../functions/src/pipeline/steps/capContent";
import { TOOL_NAMES } from "../../functions/src/shared/toolNames";

function messageFor(data: Record<string, unknown>): string {
  const parsed = parseMission({ owner_uid: "u", objective: "What is 1+1?", status: "approved", ...data });
  assert.equal(parsed.ok, false, "expected the mission to be refused");
  return parsed.ok ? "" : parsed.message;
}

describe("mission schema", () => {
  it("accepts a minimal mission", () => {
    const parsed = parseMission({ owner_uid: "u", objective: "What is 1+1?", status: "draft" });
    assert.equal(parsed.ok, true);
  });

  it("names the bad field in a sentence a person can act on", () => {
    assert.equal(messageFor({ objective: undefined }), "invalid mission: objective is required (a string)");
    assert.equal(messageFor({ objective: 42 }), "invalid mission: objective must be a string, got number 42");
    assert.equal(messageFor({ objective: "   " }), "invalid mission: objective must be a non-empty string");
    assert.equal(messageFor({ budget: -1 }), "invalid mission: budget must be >= 0");
    assert.equal(messageFor({ budget: "ten" }), 'invalid mission: budget must be a number, got "ten"');
    assert.equal(
      messageFor({ plan: { tool: "teleport" } }),
      `invalid mission: plan.tool must be one of ${TOOL_NAMES.map((name) => `"${name}"`).join(", ")}, got "teleport"`,
    );
    assert.equal(
      messageFor({ plan: { input: { query: "x".repeat(9000) } } }),
      "invalid mission: plan.input.query must be at most 500 characters (got 9000)",
    );
    assert.equal(messageFor({ plan: { input: { blob: 1 } } }), "invalid mission: plan.input has unknown field(s) blob");
    assert.equal(messageFor({ budget: Infinity }), "invalid mission: budget must be a finite number, got Infinity");
    assert.equal(messageFor({ budget: NaN }), "invalid mission: budget must be a finite number, got NaN");
    assert.equal(
      messageFor({ objective: "😀".repeat(2001) }),
      "invalid mission: objective must be at most 4000 characters (got 4002)",
    );
    assert.equal(
      messageFor({ cancel_requested_at: "now" }),
      'invalid mission: cancel_requested_at must be a Timestamp, got "now"',
    );
    assert.equal(
      messageFor({ objective: "x".repeat(5000) }),
      "invalid mission: objective must be at most 4000 characters (got 5000)",
    );
  });
});

describe("artifact content cap", () => {
  it("leaves small content alone", () => {
    assert.deepEqual(capContent({ a: 1 }, 1000), { text: '{\n  "a": 1\n}', bytes: 12, truncated: false });
  });

  it("truncates on a character boundary, with a marker, within the cap", () => {
    const capped = capContent("é".repeat(1000), 501);
    assert.equal(capped.truncated, true);
    assert.ok(capped.bytes <= 501, `${capped.bytes} bytes`);
    assert.ok(capped.text.endsWith(TRUNCATION_MARKER));
    assert.ok(!capped.text.includes("\uFFFD"), "a character was cut in half");
  });
});
