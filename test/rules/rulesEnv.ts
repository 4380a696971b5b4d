import { readFileSync } from "node:fs";
import { initializeTestEnvironment, type RulesTestEnvironment } from "@firebase/rules-unit-testing";
import { setLogLevel } from "firebase/firestore";
import { requireEmulators } from "../helpers/emulator";

/** A rules test environment on the suite's Firestore emulator, loaded with `firestore.rules`. */
export async function rulesEnvironment(): Promise<RulesTestEnvironment> {
  requireEmulators();
  // Every refused write would otherwise print the SDK's PERMISSION_DENIED warning.
  setLogLevel("silent");
  const [host, port] = (process.env.FIRESTORE_EMULATOR_HOST ?? "").split(":");
  return initializeTestEnvironment({
    projectId: process.env.GCLOUD_PROJECT ?? "",
    firestore: { host: host ?? "127.0.0.1", port: Number(port), rules: readFileSync("firestore.rules", "utf8") },
  });
}
