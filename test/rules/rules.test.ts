import { assertFails, assertSucceeds, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import {
  collection,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  limit,
  query,
  runTransaction,
  serverTimestamp,
  setDoc,
  updateDoc,
  where,
  writeBatch,
} from "firebase/firestore";
import { uniqueId } from "../helpers/emulator";
import { rulesEnvironment } from "./rulesEnv";

/**
 * Who may read, list, delete, and write in batches and transactions. The shapes of client
 * writes are the shared table's (missionTable.test.ts); these are the rest of the rules.
 */
describe("firestore.rules: reads, queries, deletes, claims, batches", function () {
  this.timeout(30_000);
  let env: RulesTestEnvironment;
  const owner = uniqueId("owner");

  before(async () => {
    env = await rulesEnvironment();
  });
  after(async () => {
    await env?.cleanup();
  });

  const as = (uid: string, claims: Record<string, unknown> = {}) => env.authenticatedContext(uid, claims).firestore();
  const alice = () => as(owner);
  const bob = () => as(uniqueId("bob"));
  const admin = () => as("root", { admin: true });
  const anonymous = () => env.unauthenticatedContext().firestore();
  const draft = (uid: string) => ({
    owner_uid: uid,
    objective: "What is 1+1?",
    status: "draft",
    created_at: serverTimestamp(),
    updated_at: serverTimestamp(),
  });

  async function seed(path: string, data: Record<string, unknown>) {
    await env.withSecurityRulesDisabled(async (context) => {
      await setDoc(doc(context.firestore(), path), data);
    });
  }

  it("shows a mission to its owner and to admins only", async () => {
    const id = uniqueId("read");
    await seed(`missions/${id}`, { owner_uid: owner, objective: "x", status: "completed" });
    await assertSucceeds(getDoc(doc(alice(), "missions", id)));
    await assertSucceeds(getDoc(doc(admin(), "missions", id)));
    await assertFails(getDoc(doc(bob(), "missions", id)));
    await assertFails(getDoc(doc(anonymous(), "missions", id)));
  });

  it("takes only a boolean admin claim: a string, number, list or map is no administrator", async () => {
    const id = uniqueId("claims");
    await seed(`missions/${id}`, { owner_uid: owner, objective: "x", status: "draft" });
    for (const claim of ["true", 1, [true], { value: true }, "admin"]) {
      await assertFails(getDoc(doc(as(uniqueId("mallory"), { admin: claim }), "missions", id)));
    }
    await assertFails(getDoc(doc(as(uniqueId("mallory"), { role: "admin", owner_uid: owner }), "missions", id)));
  });

  it("lists missions only through a query limited to the user's own (or for an admin)", async () => {
    await seed(`missions/${uniqueId("list")}`, { owner_uid: owner, objective: "x", status: "draft" });
    await assertSucceeds(getDocs(query(collection(alice(), "missions"), where("owner_uid", "==", owner))));
    await assertSucceeds(getDocs(query(collection(alice(), "missions"), where("owner_uid", "==", owner), limit(5))));
    await assertFails(getDocs(collection(alice(), "missions")));
    await assertFails(getDocs(query(collection(alice(), "missions"), where("status", "==", "draft"))));
    await assertFails(getDocs(query(collection(bob(), "missions"), where("owner_uid", "==", owner))));
    await assertFails(getDocs(query(collection(alice(), "missions"), where("owner_uid", "in", [owner, "bob"]))));
    await assertFails(getDocs(query(collection(anonymous(), "missions"), where("owner_uid", "==", owner))));
    await assertSucceeds(getDocs(collection(admin(), "missions")));
    await assertFails(getDocs(collection(as(uniqueId("mallory"), { admin: "true" }), "missions")));
  });

  it("lets nobody delete a mission, not even its owner or an admin", async () => {
    for (const status of ["draft", "approved", "completed", "failed", "cancelled"]) {
      const id = uniqueId(`delete-${status}`);
      await seed(`missions/${id}`, { owner_uid: owner, objective: "x", status });
      await assertFails(deleteDoc(doc(alice(), "missions", id)));
      await assertFails(deleteDoc(doc(admin(), "missions", id)));
    }
  });

  it("keeps artifacts, ledgers, signals and aggregates backend-only", async () => {
    const id = uniqueId("backend");
    await seed(`artifacts/${id}`, { owner_uid: owner, mission_id: "m", content: "42" });
    await assertSucceeds(getDoc(doc(alice(), "artifacts", id)));
    await assertSucceeds(getDoc(doc(admin(), "artifacts", id)));
    await assertFails(getDoc(doc(bob(), "artifacts", id)));
    await assertFails(getDocs(collection(alice(), "artifacts")));
    await assertFails(setDoc(doc(alice(), "artifacts", id), { owner_uid: owner, content: "forged" }));
    await assertFails(deleteDoc(doc(alice(), "artifacts", id)));
    for (const path of [
      "learning_signals/x",
      "budget_ledger/2026-01-01",
      "budget_ledger/2026-01-01/entries/e",
      "aggregates/a",
    ]) {
      await assertFails(getDoc(doc(admin(), path)));
      await assertFails(setDoc(doc(admin(), path), { spent_microusd: 0 }));
    }
    await assertFails(getDocs(collection(admin(), "learning_signals")));
  });

  it("keeps each person's concurrency slots backend-only, even from that person", async () => {
    await seed(`user_slots/${owner}`, { owner_uid: owner, running: ["m1"] });
    await assertFails(getDoc(doc(alice(), "user_slots", owner)));
    await assertFails(setDoc(doc(alice(), "user_slots", owner), { owner_uid: owner, running: [] }));
    await assertFails(updateDoc(doc(alice(), "user_slots", owner), { running: [] }));
    await assertFails(setDoc(doc(admin(), "user_slots", owner), { owner_uid: owner, running: [] }));
  });

  it("refuses a batch as a whole when one of its writes is refused", async () => {
    const good = uniqueId("batch-good");
    const other = uniqueId("batch-other");
    await seed(`missions/${other}`, { owner_uid: "bob", objective: "x", status: "draft" });
    const db = alice();
    const batch = writeBatch(db);
    batch.set(doc(db, "missions", good), draft(owner));
    batch.update(doc(db, "missions", other), { status: "approved", updated_at: serverTimestamp() });
    await assertFails(batch.commit());
    await env.withSecurityRulesDisabled(async (context) => {
      const written = await getDoc(doc(context.firestore(), "missions", good));
      if (written.exists()) throw new Error("the allowed half of a refused batch was written");
    });
    const fine = writeBatch(db);
    fine.set(doc(db, "missions", uniqueId("batch-a")), draft(owner));
    fine.set(doc(db, "missions", uniqueId("batch-b")), draft(owner));
    await assertSucceeds(fine.commit());
    // A batch cannot create a mission and approve it in one go: the update sees a draft
    // that does not exist yet.
    const sneaky = writeBatch(db);
    const id = uniqueId("batch-approve");
    sneaky.set(doc(db, "missions", id), draft(owner));
    sneaky.update(doc(db, "missions", id), { status: "approved", updated_at: serverTimestamp() });
    await assertFails(sneaky.commit());
  });

  it("applies the same rules inside transactions", async () => {
    const id = uniqueId("txn");
    await seed(`missions/${id}`, { owner_uid: owner, objective: "x", status: "draft", updated_at: new Date(0) });
    const db = alice();
    await assertSucceeds(
      runTransaction(db, async (transaction) => {
        const snapshot = await transaction.get(doc(db, "missions", id));
        if (snapshot.get("status") !== "draft") throw new Error("expected a draft");
        transaction.update(snapshot.ref, { status: "approved", updated_at: serverTimestamp() });
      }),
    );
    await assertFails(
      runTransaction(db, async (transaction) => {
        const ref = doc(db, "missions", id);
        await transaction.get(ref);
        transaction.update(ref, { status: "executing", updated_at: serverTimestamp() });
      }),
    );
    const others = uniqueId("txn-other");
    await seed(`missions/${others}`, { owner_uid: "bob", objective: "x", status: "draft" });
    await assertFails(
      runTransaction(db, async (transaction) => {
        await transaction.get(doc(db, "missions", others));
      }),
    );
  });
});
