import type { DocumentData, QuerySnapshot, Timestamp } from "firebase-admin/firestore";
import type { MissionOutcome, PipelineDeps, PipelineHooks } from "../../functions/src/pipeline/run/executeMission";
import { handleMissionWrite, type MissionWriteEvent } from "../../functions/src/triggers/missionWritten";
import { db, sleep } from "./emulator";
import { pipelineDeps } from "./pipeline";

/**
 * An in-process stand-in for the mission trigger over a few owners' missions, with real
 * concurrency (the Functions emulator runs one trigger at a time): a query listener hands
 * every change of a mission to the trigger's own handler (`handleMissionWrite`), which runs
 * the pipeline for an approval, a promotion out of the queue or a queued mission's
 * cancellation, and ignores the rest; an event whose handler threw a retryable error (contention)
 * is delivered again, as the platform does. It also records, from each snapshot, the most missions
 * of each owner it saw `executing` at once.
 */
export interface OwnerDriver {
  /** Every pipeline run the driver started, settled or not. */
  runs: Promise<MissionOutcome | null>[];
  maxExecuting: Map<string, number>;
  /** Every error a delivery threw (retried or not), newest last: what a stalled test reports. */
  errors: string[];
  stop(): void;
}

export function driveOwners(
  owners: readonly string[],
  options: { userMaxRunning: number; hooks?: PipelineHooks },
): OwnerDriver {
  const runs: Promise<MissionOutcome | null>[] = [];
  const maxExecuting = new Map<string, number>();
  const errors: string[] = [];
  const seen = new Map<string, DocumentData>();
  const deps = () =>
    pipelineDeps({
      config: { userMaxRunning: options.userMaxRunning, progressWriteIntervalMs: 100 },
      ...(options.hooks ? { hooks: options.hooks } : {}),
    });
  const onSnapshot = (snapshot: QuerySnapshot) => {
    const executing = new Map<string, number>();
    for (const doc of snapshot.docs) {
      if (doc.get("status") !== "executing") continue;
      const owner = String(doc.get("owner_uid"));
      executing.set(owner, (executing.get(owner) ?? 0) + 1);
    }
    for (const [owner, count] of executing) maxExecuting.set(owner, Math.max(maxExecuting.get(owner) ?? 0, count));
    for (const change of snapshot.docChanges()) {
      const after = change.doc.data();
      const seenBefore = seen.get(change.doc.id);
      seen.set(change.doc.id, after);
      // The trigger gets every write; a listener may see approved → queued → approved as one
      // change. A new promotion time says the mission was queued in between.
      const promoted = promotedAt(after) !== promotedAt(seenBefore) && after.status === "approved";
      const before = promoted ? { ...seenBefore, status: "queued" } : seenBefore;
      runs.push(deliver({ missionId: change.doc.id, before, after, eventTimeMs: Date.now() }, deps, errors));
    }
  };
  // The emulator may drop a listen stream under load; a dead listener would deliver nothing and
  // the test would wait for runs that never start. Subscribing again replays every mission as
  // added: one already seen unchanged is no change to the trigger, so nothing runs twice.
  let stopped = false;
  let unsubscribe: () => void = () => undefined;
  const subscribe = () => {
    unsubscribe = db()
      .collection("missions")
      .where("owner_uid", "in", [...owners])
      .onSnapshot(onSnapshot, () => {
        if (!stopped) subscribe();
      });
  };
  subscribe();
  const stop = () => {
    stopped = true;
    unsubscribe();
  };
  return { runs, maxExecuting, errors, stop };
}

/** As the platform delivers an event whose function threw a retryable error: again, after a pause (at most 8 tries). */
async function deliver(
  event: MissionWriteEvent,
  deps: () => PipelineDeps,
  errors: string[],
): Promise<MissionOutcome | null> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await handleMissionWrite(event, deps);
    } catch (error) {
      errors.push(`${event.missionId} (try ${attempt}): ${String(error)}`);
      if (attempt >= 8) throw error;
      await sleep(100 + Math.random() * 400 * attempt);
    }
  }
}

function promotedAt(data: DocumentData | undefined): number | undefined {
  const record = data?.execution_record as { queue?: { promoted_at?: Timestamp } } | undefined;
  return record?.queue?.promoted_at?.toMillis();
}
