import { assertFails, assertSucceeds, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { collection, doc, getDoc, getDocs, setDoc } from "firebase/firestore";
import { uniqueId } from "../helpers/emulator";
import { rulesEnvironment } from "./rulesEnv";

/** The inbox of mission endings is its owner's to read, and nobody's to write; notifications are backend-only. */
describe("firestore.rules: inbox and notifications", function () {
  this.timeout(30_000);
  let env: RulesTestEnvironment;
  const owner = uniqueId("owner");
  const runId = uniqueId("run");

  before(async () => {
    env = await rulesEnvironment();
    await env.withSecurityRulesDisabled(async (context) => {
      const db = context.firestore();
      await setDoc(doc(db, "users", owner, "inbox", runId), { status: "completed", owner_uid: owner });
      await setDoc(doc(db, "notifications", runId), { state: "pending", owner_uid: owner });
    });
  });
  after(async () => {
    await env?.cleanup();
  });

  const as = (uid: string, claims: Record<string, unknown> = {}) => env.authenticatedContext(uid, claims).firestore();

  it("lets the owner read and list their inbox, and nobody else", async () => {
    await assertSucceeds(getDoc(doc(as(owner), "users", owner, "inbox", runId)));
    await assertSucceeds(getDocs(collection(as(owner), "users", owner, "inbox")));
    await assertFails(getDoc(doc(as(uniqueId("bob")), "users", owner, "inbox", runId)));
    await assertFails(getDocs(collection(as(uniqueId("bob")), "users", owner, "inbox")));
    await assertFails(getDoc(doc(env.unauthenticatedContext().firestore(), "users", owner, "inbox", runId)));
  });

  it("lets nobody write an inbox entry or touch a notification", async () => {
    await assertFails(setDoc(doc(as(owner), "users", owner, "inbox", uniqueId("run")), { status: "completed" }));
    await assertFails(getDoc(doc(as(owner), "notifications", runId)));
    await assertFails(setDoc(doc(as(owner), "notifications", runId), { state: "delivered" }));
    await assertFails(getDoc(doc(as("root", { admin: true }), "notifications", runId)));
  });
});
