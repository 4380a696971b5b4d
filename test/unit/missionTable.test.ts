import assert from "node:assert/strict";
import { Timestamp } from "firebase-admin/firestore";
import { parseMission } from "../../functions/src/missions/schema";
import { materialize, MISSION_CASES } from "../rules/missionCases";

/**
 * The zod half of the shared table (the rules half runs on the emulator): the document each
 * write would leave must parse exactly when the rules allow the write, unless the case says
 * why only the rules can refuse it.
 */
describe("mission schema against the shared rules table", () => {
  const times = { server: () => Timestamp.now(), client: (date: Date) => Timestamp.fromDate(date) };
  for (const testCase of MISSION_CASES) {
    const expected = testCase.rules === "allowed" || testCase.rulesOnly !== undefined;
    it(`${testCase.name}: ${expected ? "valid" : "invalid"}`, () => {
      const document = {
        ...(materialize(testCase.existing ?? {}, times) as object),
        ...(materialize(testCase.write, times) as object),
      };
      const parsed = parseMission(document);
      assert.equal(parsed.ok, expected, parsed.ok ? "the schema accepted it" : parsed.message);
    });
  }

  it("holds cases of every kind", () => {
    const allowed = MISSION_CASES.filter((testCase) => testCase.rules === "allowed").length;
    const rulesOnly = MISSION_CASES.filter((testCase) => testCase.rulesOnly !== undefined).length;
    assert.ok(allowed >= 20 && rulesOnly >= 20 && MISSION_CASES.length - allowed - rulesOnly >= 40);
    assert.ok(
      MISSION_CASES.every((testCase) => testCase.rules === "denied" || testCase.rulesOnly === undefined),
      "rulesOnly explains a refusal; an allowed case has nothing to explain",
    );
  });
});
