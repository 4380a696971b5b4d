import { randomUUID } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { firestore } from "../../functions/src/firebase";
import { statusOf } from "../../functions/src/missions/approval";
import { redeliveryUpdate } from "../../functions/src/pipeline/record/recordWrites";
import { isTerminal } from "../../functions/src/missions/status";
import type { DocumentData, DocumentReference, DocumentSnapshot, Firestore } from "firebase-admin/firestore";

/** Emulator tests need the suite `npm test` starts; fail loudly when run without it. */
export function requireEmulators(): void {
  for (const name of ["FIRESTORE_EMULATOR_HOST", "GCLOUD_PROJECT"]) {
    if (!process.env[name]) {
      throw new Error(
        `${name} is not set: run emulator tests through \`npm test\` or \`npm run emulators:exec -- mocha\``,
      );
    }
  }
}

export function db(): Firestore {
  requireEmulators();
  return firestore();
}

/** A mission id no other test uses. */
export function uniqueId(prefix: string): string {
  return `${prefix}-${randomUUID().slice(0, 8)}`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls until `check` returns a value (not undefined), or fails after `timeoutMs` saying
 * what it waited for, what the check last noted it saw (`note`), and its last error.
 */
export async function waitFor<T>(
  what: string,
  check: (note: (seen: unknown) => void) => Promise<T | undefined>,
  { timeoutMs = 15_000, intervalMs = 100 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  let seen: unknown;
  const note = (value: unknown) => (seen = value);
  for (;;) {
    try {
      const value = await check(note);
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      const saw = seen === undefined ? "" : ` (last seen: ${JSON.stringify(seen)})`;
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}${saw}${last ? ` (last error: ${String(last)})` : ""}`,
      );
    }
    await sleep(intervalMs);
  }
}

/**
 * An update made as an outside actor (an admin tool, say) right after a run wrote the same
 * document. The Firestore emulator answers some writes with a bare `2 UNKNOWN`, which
 * production does not: one whose lock wait it gave up on (firebase/quickstart-nodejs#64), and
 * one it applied but whose notification of a listen stream closing at that moment threw
 * (`IllegalStateException: Stream is already completed` in firestore-debug.log), which also
 * drops the write's trigger event. A tool would try again, so this does (unless the write is
 * found to have landed), a bounded number of times, and any other error fails at once. An
 * approval found landed after an UNKNOWN gets the sweeper's re-delivery stamp, production's
 * answer to a lost delivery (triggers/sweeper.ts): the claim decides it exactly once however
 * many deliveries arrive.
 */
export async function updateAsOutsider(ref: DocumentReference, data: DocumentData, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      await ref.update(data);
      return;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code !== 2 || attempt >= attempts) throw error;
      // UNKNOWN does not say whether the write landed. Writing again after one that did is a
      // second write whose trigger event is no change at all (approved → approved), and it
      // moves the update time under the first event's conditional write: look before retrying.
      const current: DocumentData = (await ref.get()).data() ?? {};
      if (Object.entries(data).every(([name, value]) => isDeepStrictEqual(current[name], value))) {
        if (data.status === "approved") {
          await ref.update(redeliveryUpdate(Date.now()));
        }
        return;
      }
      await sleep(200 * attempt);
    }
  }
}

/**
 * Waits for a mission to reach a terminal status and returns its data. A snapshot listener
 * sees the change as soon as Firestore has it (no polling interval added to what tests time).
 */
export async function waitForTerminal(ref: DocumentReference, timeoutMs = 20_000): Promise<DocumentData> {
  const { snapshot } = await watchUntil(ref, isTerminalSnapshot, {
    what: `mission ${ref.id} to reach a terminal status`,
    timeoutMs,
  });
  const data = snapshot.data();
  if (!data) throw new Error(`mission ${ref.id} has no data at its terminal status`);
  return data;
}

/** Creates a draft mission (as a planner would) and returns its reference. */
export async function createDraft(
  fields: Record<string, unknown>,
  id = uniqueId("mission"),
): Promise<DocumentReference> {
  const ref = db().collection("missions").doc(id);
  await ref.set({ owner_uid: "user-1", status: "draft", created_at: new Date(), ...fields });
  return ref;
}

/**
 * Listens to `ref` (a snapshot listener, no polling) until `until` holds for a snapshot, and
 * resolves with that snapshot and the moment (performance.now()) the listener saw it. Every
 * snapshot is handed to `onSnapshot` first. Fails after `timeoutMs` saying what it waited for
 * and the last status it saw.
 */
export function watchUntil(
  ref: DocumentReference,
  until: (snapshot: DocumentSnapshot) => boolean,
  options: { what: string; timeoutMs?: number; onSnapshot?: (snapshot: DocumentSnapshot) => void },
): Promise<{ snapshot: DocumentSnapshot; seenAtMs: number }> {
  const timeoutMs = options.timeoutMs ?? 15_000;
  return new Promise((resolve, reject) => {
    let lastStatus: unknown = "no snapshot yet";
    const timer = setTimeout(() => {
      unsubscribe();
      reject(
        new Error(`timed out after ${timeoutMs} ms waiting for ${options.what} (last status: ${String(lastStatus)})`),
      );
    }, timeoutMs);
    const unsubscribe = ref.onSnapshot(
      (snapshot) => {
        const seenAtMs = performance.now();
        lastStatus = snapshot.get("status");
        options.onSnapshot?.(snapshot);
        if (until(snapshot)) {
          clearTimeout(timer);
          unsubscribe();
          resolve({ snapshot, seenAtMs });
        }
      },
      (error) => {
        clearTimeout(timer);
        reject(new Error(`listener on ${ref.path} failed while waiting for ${options.what}: ${error.message}`));
      },
    );
  });
}

/** True once a mission snapshot has a terminal status. */
export function isTerminalSnapshot(snapshot: DocumentSnapshot): boolean {
  const status = statusOf(snapshot.data());
  return status !== null && isTerminal(status);
}
