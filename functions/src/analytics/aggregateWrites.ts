import { FieldValue, type DocumentReference, type Firestore, type Transaction } from "firebase-admin/firestore";
import type { FinishedRun } from "../pipeline/finishedRun";
import { utcDay } from "../shared/days";
import { dailyRef, hourKey, RECORDED, scopeKey, shardOf, totalsRef } from "./aggregateDocs";
import { bucketKey } from "./histogram";
import type { Scope } from "./queries";

// The write side of the aggregates (their layout is aggregateDocs.ts): one finished run
// added to its scopes' all-time and daily shards, once per run.

/** A finished run, as the pipeline reports it (see pipeline/finishedRun.ts). */
export type FinishedMission = FinishedRun;

function scopesOf(mission: FinishedMission): Scope[] {
  return mission.ownerUid ? [{ kind: "all" }, { kind: "owner", uid: mission.ownerUid }] : [{ kind: "all" }];
}

/** The increments one finished run adds to a totals shard (a pure function; the bench sums them). */
export function totalsDelta(mission: FinishedMission): Record<string, unknown> {
  const inc = FieldValue.increment;
  return {
    finished: inc(1),
    ...outcomeCounts(mission),
    duration_ms_sum: inc(Math.max(0, Math.round(mission.durationMs))),
    cost_microusd_sum: inc(Math.max(0, Math.round(mission.costMicroUsd))),
    ...(mission.tool ? { tools: { [mission.tool]: inc(1) } } : {}),
    steps: Object.fromEntries(
      mission.completedSteps.map((step) => [
        step.name,
        {
          completed: inc(1),
          duration_ms_sum: inc(Math.max(0, Math.round(step.durationMs))),
          histogram: { [bucketKey(step.durationMs)]: inc(1) },
        },
      ]),
    ),
    ...(mission.failedStep ? { failed_at: { [mission.failedStep]: inc(1) } } : {}),
    updated_at: FieldValue.serverTimestamp(),
  };
}

function outcomeCounts(mission: FinishedMission): Record<string, FieldValue> {
  const inc = FieldValue.increment;
  return {
    completed: inc(mission.outcome === "completed" ? 1 : 0),
    failed: inc(mission.outcome === "failed" ? 1 : 0),
    cancelled: inc(mission.outcome === "cancelled" ? 1 : 0),
  };
}

export function dailyDelta(mission: FinishedMission): Record<string, unknown> {
  const inc = FieldValue.increment;
  return {
    day: utcDay(mission.finishedAtMs),
    finished: inc(1),
    ...outcomeCounts(mission),
    duration_ms_sum: inc(Math.max(0, Math.round(mission.durationMs))),
    cost_microusd_sum: inc(Math.max(0, Math.round(mission.costMicroUsd))),
    hours: { [hourKey(new Date(mission.finishedAtMs).getUTCHours())]: inc(1) },
    updated_at: FieldValue.serverTimestamp(),
  };
}

/**
 * Adds one finished run to the aggregates inside the caller's transaction, exactly once per
 * run: the marker is read now and written with the increments, so a repeated or concurrent
 * call for the same run changes nothing. The pipeline does it in the same transaction as the
 * mission's final write, so a run is counted if and only if its result is stored. Firestore
 * wants every read before any write: this reads now and returns the writes to make once the
 * caller has done its own reads (true when they recorded the run, false when it already was).
 */
export async function prepareMissionFinished(
  tx: Transaction,
  db: Firestore,
  mission: FinishedMission,
): Promise<() => boolean> {
  const markerRef = db.collection(RECORDED).doc(mission.runId);
  const marker = await tx.get(markerRef);
  return () => !marker.exists && writeMissionFinished(tx, db, mission, markerRef);
}

function writeMissionFinished(
  tx: Transaction,
  db: Firestore,
  mission: FinishedMission,
  markerRef: DocumentReference,
): boolean {
  const shard = shardOf(mission.runId);
  const day = utcDay(mission.finishedAtMs);
  for (const scope of scopesOf(mission)) {
    const owner = scope.kind === "owner" ? { owner_uid: scope.uid } : {};
    tx.set(totalsRef(db, scope, shard), { scope: scopeKey(scope), ...owner, ...totalsDelta(mission) }, { merge: true });
    tx.set(
      dailyRef(db, scope, day, shard),
      { scope: scopeKey(scope), ...owner, ...dailyDelta(mission) },
      { merge: true },
    );
  }
  tx.set(markerRef, {
    mission_id: mission.missionId,
    run_id: mission.runId,
    outcome: mission.outcome,
    day,
    shard,
    recorded_at: FieldValue.serverTimestamp(),
  });
  return true;
}

/** The same in a transaction of its own (the analytics tests and the bench seed with it). */
export function recordMissionFinished(db: Firestore, mission: FinishedMission): Promise<boolean> {
  return db.runTransaction(async (tx) => (await prepareMissionFinished(tx, db, mission))());
}
