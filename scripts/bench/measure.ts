/**
 * Timing helpers shared by the scenarios. Latency is what a client sees: a snapshot listener is
 * attached (and has delivered its first snapshot) before the approval is written, and the clock
 * stops in the listener callback that first sees the end state. No polling.
 */
import type { DocumentData, DocumentReference, DocumentSnapshot } from "firebase-admin/firestore";
import { executeMission, type MissionOutcome } from "../../functions/src/pipeline/run/executeMission";
import { db, uniqueId, watchUntil } from "../../test/helpers/emulator";
import { createApproved, pipelineDeps } from "../../test/helpers/pipeline";
import { setTriggers } from "../../test/helpers/triggers";
import { BENCH_FLOOR_COLLECTION } from "./floor/index";

/** Writes the approval and times it until a listener sees `until` hold. */
export async function approveAndWatch(
  ref: DocumentReference,
  until: (snapshot: DocumentSnapshot) => boolean,
  options: { what: string; timeoutMs?: number },
): Promise<{ ms: number; data: DocumentData }> {
  let listening: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (listening = resolve));
  const watching = watchUntil(ref, until, { ...options, onSnapshot: () => listening() });
  await Promise.race([ready, watching]);
  const started = performance.now();
  await ref.update({ status: "approved", approved_at: new Date(), updated_at: new Date() });
  const { snapshot, seenAtMs } = await watching;
  return { ms: seenAtMs - started, data: snapshot.data() ?? {} };
}

export function statusIs(status: string): (snapshot: DocumentSnapshot) => boolean {
  return (snapshot) => snapshot.get("status") === status;
}

export function isFinished(snapshot: DocumentSnapshot): boolean {
  const status: unknown = snapshot.get("status");
  return status === "completed" || status === "failed";
}

/**
 * Runs in-process work with the emulator's background triggers off: the trigger runs a
 * mission created as `approved` at once, and must not race the run being measured.
 */
export async function withTriggersOff<T>(work: () => Promise<T>): Promise<T> {
  await setTriggers(false);
  try {
    return await work();
  } finally {
    await setTriggers(true);
  }
}

/** How often the platform would deliver an event again before the bench gives up on a mission. */
const REDELIVERIES = 10;

/**
 * executeMission as the trigger runs it: an error it throws (transient, before the claim: the
 * trigger's `retry: true`) is an event delivered again, here after a short pause, counted.
 */
export async function executeAsDelivered(
  missionId: string,
  deps: Parameters<typeof executeMission>[1],
  onRedelivery: () => void,
): Promise<MissionOutcome> {
  for (let delivery = 1; ; delivery += 1) {
    try {
      return await executeMission(missionId, deps);
    } catch (error) {
      if (delivery > REDELIVERIES) throw error;
      onRedelivery();
      await new Promise((resolve) => setTimeout(resolve, 100 * delivery));
    }
  }
}

/** `count` calculate missions created directly in `approved` (call inside withTriggersOff). */
export async function approvedMissions(count: number, prefix: string): Promise<string[]> {
  const ids = Array.from({ length: count }, () => uniqueId(prefix));
  await Promise.all(ids.map((id, index) => createApproved({ objective: `What is ${index} * 7?` }, id)));
  return ids;
}

export interface InProcessRun {
  wallMs: number;
  outcomes: MissionOutcome[];
  /** Each run's start and end, relative to the batch start (ms). */
  intervals: { start: number; end: number }[];
}

/**
 * Runs executeMission for every id, all at once (`parallel`) or one after another, in this
 * process against the emulator's Firestore, each with its mission as the trigger delivers it:
 * the product's own concurrency, without the Functions emulator (which runs one trigger
 * invocation at a time).
 */
export async function runInProcess(
  ids: readonly string[],
  parallel: boolean,
  /** Wraps the runs only, not the reads that stand in for the trigger's payload (the op counter). */
  during: (work: () => Promise<InProcessRun>) => Promise<InProcessRun> = (work) => work(),
): Promise<InProcessRun> {
  const deps = pipelineDeps();
  // As the trigger hands each mission over: with the snapshot its event carried (read here,
  // before the clock starts, as the event's payload costs the pipeline nothing).
  const snapshots = await db().getAll(...ids.map((id) => db().collection("missions").doc(id)));
  const delivered = new Map(
    snapshots.flatMap((snapshot) =>
      snapshot.updateTime ? [[snapshot.id, { data: snapshot.data(), updateTime: snapshot.updateTime }] as const] : [],
    ),
  );
  return during(async () => {
    const started = performance.now();
    const intervals: { start: number; end: number }[] = [];
    const one = async (id: string) => {
      const start = performance.now() - started;
      const outcome = await executeMission(id, deps, delivered.get(id));
      intervals.push({ start, end: performance.now() - started });
      return outcome;
    };
    const outcomes: MissionOutcome[] = [];
    if (parallel) outcomes.push(...(await Promise.all(ids.map(one))));
    else for (const id of ids) outcomes.push(await one(id));
    return { wallMs: performance.now() - started, outcomes, intervals };
  });
}

export function requireCompleted(outcomes: readonly MissionOutcome[], what: string): void {
  const bad = outcomes.filter((outcome) => outcome.kind !== "completed");
  if (bad.length > 0) throw new Error(`${what}: ${bad.length} did not complete: ${JSON.stringify(bad[0])}`);
}

/** A fresh document in another collection for the floor trigger (scripts/bench/floor). */
export async function floorDocument(): Promise<DocumentReference> {
  const ref = db().collection(BENCH_FLOOR_COLLECTION).doc(uniqueId("floor"));
  await ref.set({ status: "draft", created_at: new Date() });
  return ref;
}
