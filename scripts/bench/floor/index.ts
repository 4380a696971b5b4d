/**
 * The benchmark's floor: the least a Firestore trigger can do for an approval. It flips a
 * `bench_floor/{id}` document from `approved` to `completed` with one write, so approve →
 * completed through it measures the emulator's trigger delivery and one write, nothing of the
 * pipeline. Loaded as its own codebase only by `npm run bench` (scripts/bench/start.mjs); it is
 * in no deployed config.
 */
import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore } from "firebase-admin/firestore";
import { onDocumentUpdated } from "firebase-functions/v2/firestore";

export const BENCH_FLOOR_COLLECTION = "bench_floor";

export const benchFloor = onDocumentUpdated(`${BENCH_FLOOR_COLLECTION}/{id}`, async (event) => {
  const before: unknown = event.data?.before.get("status");
  const after: unknown = event.data?.after.get("status");
  if (!event.data || before === "approved" || after !== "approved") return;
  // By name: the Functions emulator keeps an app of its own.
  if (!getApps().some((app) => app.name === "[DEFAULT]")) initializeApp();
  await getFirestore().doc(event.data.after.ref.path).update({ status: "completed" });
});
