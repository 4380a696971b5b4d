import { FieldValue, type Firestore } from "firebase-admin/firestore";
import { writeRecording, type FinishedRun, type RunRecording } from "../pipeline/record/runRecorder";
import { utcDay } from "../shared/days";
import { dailyRef, hourKey, RECORDED, scopeKey, totalsRef } from "./aggregateDocs";
import { bucketKey } from "./histogram";
import type { Scope } from "./queries";
import { shardCount, shardOf } from "./shards";

// The write side of the aggregates (their layout is aggregateDocs.ts): one finished run
// added to its scopes' all-time and daily shards, once per run.

/** A finished run, as its stored record says (see pipeline/record/finishedRunOf.ts). */
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
 * The documents that add one finished run to the aggregates: the shards' increments and the
 * run's marker. The trigger writes them when a write ends the mission, from the stored record
 * (triggers/missionFinished.ts); the marker, created in that same commit, makes a repeated or
 * concurrent recording of the same run change nothing.
 */
export function missionFinishedRecording(db: Firestore, mission: FinishedMission): RunRecording {
  const day = utcDay(mission.finishedAtMs);
  const merges = scopesOf(mission).flatMap((scope) => {
    // Each scope has its own shard count (shards.ts); the run's hash picks the same shard every time.
    const shard = shardOf(mission.runId, shardCount(scope));
    const owner = scope.kind === "owner" ? { owner_uid: scope.uid } : {};
    return [
      { ref: totalsRef(db, scope, shard), data: { scope: scopeKey(scope), ...owner, ...totalsDelta(mission) } },
      { ref: dailyRef(db, scope, day, shard), data: { scope: scopeKey(scope), ...owner, ...dailyDelta(mission) } },
    ];
  });
  const marker = {
    ref: db.collection(RECORDED).doc(mission.runId),
    data: {
      mission_id: mission.missionId,
      run_id: mission.runId,
      outcome: mission.outcome,
      day,
      recorded_at: FieldValue.serverTimestamp(),
    },
  };
  return { marker, merges };
}

/** The same in a transaction of its own (the analytics tests and the bench seed with it); false when already counted. */
export function recordMissionFinished(db: Firestore, mission: FinishedMission): Promise<boolean> {
  const recording = missionFinishedRecording(db, mission);
  return db.runTransaction(async (tx) => {
    if ((await tx.get(recording.marker.ref)).exists) return false;
    writeRecording(tx, recording);
    return true;
  });
}
