import { readFileSync } from "node:fs";
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestEnvironment,
} from "@firebase/rules-unit-testing";
import { doc, getDoc, serverTimestamp, setDoc, updateDoc } from "firebase/firestore";
import { requireEmulators, uniqueId } from "../helpers/emulator";

describe("firestore.rules", function () {
  this.timeout(30_000);
  let env: RulesTestEnvironment;

  before(async () => {
    requireEmulators();
    const [host, port] = (process.env.FIRESTORE_EMULATOR_HOST ?? "").split(":");
    env = await initializeTestEnvironment({
      projectId: process.env.GCLOUD_PROJECT ?? "",
      firestore: { host: host ?? "127.0.0.1", port: Number(port), rules: readFileSync("firestore.rules", "utf8") },
    });
  });

  after(async () => {
    await env?.cleanup();
  });

  const alice = () => env.authenticatedContext("alice").firestore();
  const bob = () => env.authenticatedContext("bob").firestore();
  const admin = () => env.authenticatedContext("root", { admin: true }).firestore();

  async function seed(id: string, data: Record<string, unknown>) {
    await env.withSecurityRulesDisabled(async (context) => {
      await setDoc(doc(context.firestore(), "missions", id), data);
    });
  }

  it("lets a user create their own draft, and nothing else", async () => {
    await assertSucceeds(
      setDoc(doc(alice(), "missions", uniqueId("r")), {
        owner_uid: "alice",
        objective: "What is 1+1?",
        status: "draft",
      }),
    );
    await assertFails(
      setDoc(doc(alice(), "missions", uniqueId("r")), { owner_uid: "bob", objective: "x", status: "draft" }),
    );
    await assertFails(
      setDoc(doc(alice(), "missions", uniqueId("r")), { owner_uid: "alice", objective: "x", status: "approved" }),
    );
    await assertFails(
      setDoc(doc(alice(), "missions", uniqueId("r")), {
        owner_uid: "alice",
        objective: "x",
        status: "draft",
        execution_record: { success: true },
      }),
    );
    await assertFails(
      setDoc(doc(alice(), "missions", uniqueId("r")), {
        owner_uid: "alice",
        objective: "x".repeat(4001),
        status: "draft",
      }),
    );
    await assertFails(
      setDoc(doc(alice(), "missions", uniqueId("r")), {
        owner_uid: "alice",
        objective: "x",
        status: "draft",
        budget: -1,
      }),
    );
    const draft = { owner_uid: "alice", objective: "x", status: "draft" };
    await assertSucceeds(
      setDoc(doc(alice(), "missions", uniqueId("r")), {
        ...draft,
        plan: { tool: "web_extract", input: { url: "https://example.com/", target: 20 }, reason: "a list" },
      }),
    );
    await assertFails(setDoc(doc(alice(), "missions", uniqueId("r")), { ...draft, plan: { tool: "teleport" } }));
    await assertFails(setDoc(doc(alice(), "missions", uniqueId("r")), { ...draft, plan: { input: { blob: "x" } } }));
    // A plan big enough to push the trigger event past its size limit.
    await assertFails(
      setDoc(doc(alice(), "missions", uniqueId("r")), { ...draft, plan: { input: { query: "x".repeat(400_000) } } }),
    );
    await assertFails(
      setDoc(doc(env.unauthenticatedContext().firestore(), "missions", uniqueId("r")), {
        owner_uid: "alice",
        objective: "x",
        status: "draft",
      }),
    );
  });

  it("lets the owner approve a draft, and only that move", async () => {
    const id = uniqueId("approve");
    await seed(id, { owner_uid: "alice", objective: "What is 1+1?", status: "draft" });
    await assertFails(updateDoc(doc(bob(), "missions", id), { status: "approved" }));
    await assertFails(
      updateDoc(doc(alice(), "missions", id), { status: "approved", objective: "changed at approval" }),
    );
    await assertFails(updateDoc(doc(alice(), "missions", id), { status: "executing" }));
    await assertSucceeds(
      updateDoc(doc(alice(), "missions", id), { status: "approved", approved_at: serverTimestamp() }),
    );
    // Once approved, the mission belongs to the backend.
    await assertFails(updateDoc(doc(alice(), "missions", id), { status: "draft" }));
    await assertFails(updateDoc(doc(alice(), "missions", id), { status: "completed" }));
  });

  it("never lets a client write what only the backend writes", async () => {
    const id = uniqueId("backend-only");
    await seed(id, { owner_uid: "alice", objective: "What is 1+1?", status: "draft" });
    await assertFails(updateDoc(doc(alice(), "missions", id), { "execution_record.success": true }));
    await assertFails(updateDoc(doc(alice(), "missions", id), { status: "approved", "execution_record.attempt": 0 }));
    await assertFails(updateDoc(doc(admin(), "missions", id), { status: "completed" }));
    await assertFails(setDoc(doc(alice(), "artifacts", id), { owner_uid: "alice", content: "forged" }));
    await assertFails(setDoc(doc(alice(), "learning_signals", id), { score: 1 }));
    await assertFails(setDoc(doc(alice(), "budget_ledger", "2026-01-01"), { spent_microusd: 0 }));
  });

  it("shows a mission to its owner and to admins only", async () => {
    const id = uniqueId("read");
    await seed(id, { owner_uid: "alice", objective: "What is 1+1?", status: "draft" });
    await assertSucceeds(getDoc(doc(alice(), "missions", id)));
    await assertSucceeds(getDoc(doc(admin(), "missions", id)));
    await assertFails(getDoc(doc(bob(), "missions", id)));
    await assertFails(getDoc(doc(env.unauthenticatedContext().firestore(), "missions", id)));
  });

  it("lets the owner keep editing and cancel a draft", async () => {
    const id = uniqueId("edit");
    await seed(id, { owner_uid: "alice", objective: "What is 1+1?", status: "draft" });
    await assertSucceeds(updateDoc(doc(alice(), "missions", id), { objective: "What is 2+2?", budget: 0.5 }));
    await assertFails(updateDoc(doc(alice(), "missions", id), { owner_uid: "bob" }));
    await assertSucceeds(updateDoc(doc(alice(), "missions", id), { status: "cancelled" }));
  });
});
