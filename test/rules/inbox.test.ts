import { assertFails, assertSucceeds, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { collection, doc, getDoc, getDocs, setDoc } from "firebase/firestore";
import { uniqueId } from "../helpers/emulator";
import { rulesEnvironment } from "./rulesEnv";

/**
 * The inbox of mission endings and the day's spending are their owner's to read, and nobody's
 * to write; a per-person cap is the administrators'; notifications are backend-only.
 */
describe("firestore.rules: inbox, per-person budget, notifications", function () {
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

  it("lets a person read their own spending and cap; only administrators set a cap", async () => {
    const day = "2026-12-03";
    await env.withSecurityRulesDisabled(async (context) => {
      await setDoc(doc(context.firestore(), "users", owner, "budget_days", day), { spent_microusd: 5 });
      await setDoc(doc(context.firestore(), "user_budgets", owner), { daily_budget_microusd: 100 });
    });
    await assertSucceeds(getDoc(doc(as(owner), "users", owner, "budget_days", day)));
    await assertFails(getDoc(doc(as(uniqueId("bob")), "users", owner, "budget_days", day)));
    await assertFails(setDoc(doc(as(owner), "users", owner, "budget_days", day), { spent_microusd: 0 }));
    await assertSucceeds(getDoc(doc(as(owner), "user_budgets", owner)));
    await assertFails(getDoc(doc(as(uniqueId("bob")), "user_budgets", owner)));
    await assertFails(setDoc(doc(as(owner), "user_budgets", owner), { daily_budget_microusd: 1_000_000_000 }));
    const admin = as("root", { admin: true });
    await assertSucceeds(setDoc(doc(admin, "user_budgets", owner), { daily_budget_microusd: 200 }));
    await assertFails(setDoc(doc(admin, "user_budgets", owner), { daily_budget_microusd: -1 }));
    await assertFails(setDoc(doc(admin, "user_budgets", owner), { daily_budget_microusd: 1, extra: true }));
  });

  it("lets nobody write an inbox entry or touch a notification", async () => {
    await assertFails(setDoc(doc(as(owner), "users", owner, "inbox", uniqueId("run")), { status: "completed" }));
    await assertFails(getDoc(doc(as(owner), "notifications", runId)));
    await assertFails(setDoc(doc(as(owner), "notifications", runId), { state: "delivered" }));
    await assertFails(getDoc(doc(as("root", { admin: true }), "notifications", runId)));
  });
});
