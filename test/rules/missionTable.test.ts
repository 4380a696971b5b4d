import { assertFails, assertSucceeds, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { doc, serverTimestamp, setDoc, Timestamp, updateDoc } from "firebase/firestore";
import { uniqueId } from "../helpers/emulator";
import { withoutTriggers } from "../helpers/triggers";
import { materialize, MISSION_CASES, UIDS } from "./missionCases";
import { rulesEnvironment } from "./rulesEnv";

/** The rules half of the shared table (the zod half is test/unit/missionTable.test.ts). */
describe("firestore.rules against the shared mission table", function () {
  this.timeout(30_000);
  // The table seeds missions as `approved` in the suite's project, which fires the pipeline's
  // trigger: a calculation it finished before the client's write would turn an allowed
  // cancellation request into a refused one. The rules alone are under test here.
  withoutTriggers();
  let env: RulesTestEnvironment;
  const times = { server: () => serverTimestamp(), client: (date: Date) => Timestamp.fromDate(date) };

  before(async () => {
    env = await rulesEnvironment();
  });
  after(async () => {
    await env?.cleanup();
  });

  for (const testCase of MISSION_CASES) {
    it(`${testCase.name}: ${testCase.rules}${testCase.rulesOnly ? ` (${testCase.rulesOnly})` : ""}`, async () => {
      const id = uniqueId("table");
      if (testCase.existing) {
        const existing = materialize(testCase.existing, times) as Record<string, unknown>;
        await env.withSecurityRulesDisabled((context) => setDoc(doc(context.firestore(), "missions", id), existing));
      }
      const claims = testCase.as === "admin" ? { admin: true } : {};
      const ref = doc(env.authenticatedContext(UIDS[testCase.as], claims).firestore(), "missions", id);
      const write = materialize(testCase.write, times) as Record<string, unknown>;
      const attempt = testCase.existing ? updateDoc(ref, write) : setDoc(ref, write);
      await (testCase.rules === "allowed" ? assertSucceeds(attempt) : assertFails(attempt));
    });
  }
});
