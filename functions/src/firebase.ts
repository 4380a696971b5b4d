import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";

/**
 * The default Firestore instance. The Admin app is created on first use, so importing a
 * module never touches the network, and the emulator variables set by the Functions
 * emulator or `npm run emulators:exec` are honoured.
 */
export function firestore(): Firestore {
  // Look for the default app by name: other apps (the Functions emulator's own) may exist.
  if (!getApps().some((app) => app.name === "[DEFAULT]")) initializeApp();
  return getFirestore();
}

export const MISSIONS = "missions";
export const ARTIFACTS = "artifacts";
export const LEARNING_SIGNALS = "learning_signals";
export const BUDGET_LEDGER = "budget_ledger";
/** Per-run outputs too large for the mission document (tool content, extraction cursor). */
export const RUN_OUTPUTS = "run_outputs";
