import { getApp, getApps, initializeApp, type App } from "firebase-admin/app";
import { getAuth, type Auth } from "firebase-admin/auth";
import { getFirestore, type Firestore } from "firebase-admin/firestore";

/**
 * The default Admin app, created on first use, so importing a module never touches the
 * network, and the emulator variables set by the Functions emulator or
 * `npm run emulators:exec` are honoured.
 */
export function adminApp(): App {
  // Look for the default app by name: other apps (the Functions emulator's own) may exist.
  return getApps().some((app) => app.name === "[DEFAULT]") ? getApp() : initializeApp();
}

/** The default Firestore instance. */
export function firestore(): Firestore {
  return getFirestore(adminApp());
}

/** The default Auth instance (the API verifies ID tokens with it). */
export function adminAuth(): Auth {
  return getAuth(adminApp());
}

export const MISSIONS = "missions";
export const ARTIFACTS = "artifacts";
export const LEARNING_SIGNALS = "learning_signals";
export const BUDGET_LEDGER = "budget_ledger";
/** Per-run outputs too large for the mission document (tool content, extraction cursor). */
export const RUN_OUTPUTS = "run_outputs";
