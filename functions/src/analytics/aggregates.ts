import { FieldValue, type DocumentReference, type DocumentSnapshot, type Firestore } from "firebase-admin/firestore";
import { z } from "zod";
import { writeRecording, type FinishedRun, type RunRecording } from "../pipeline/finishedRun";
import { utcDay } from "../shared/days";
import { STEP_NAMES, type StepName } from "../shared/steps";
import { TOOL_NAMES, type ToolName } from "../shared/toolNames";
import type { Scope } from "./queries";
import { addCounts, bucketKey } from "./histogram";
import { getDocuments, type QueryLog } from "./queryLog";

/**
 * Aggregates maintained incrementally, once per finished run, so that analytics reads a
 * fixed number of small documents whatever the number of missions.
 *
 * Layout (backend-only collections; the rules deny clients):
 * - `analytics_totals/{scope}_s{n}`: all-time totals of a scope, split over AGGREGATE_SHARDS
 *   shards so that finishing missions spread their writes (one document sustains about one
 *   write per second); readers add the shards up.
 * - `analytics_daily/{day}_{scope}_s{n}`: the same for one UTC day ("missions today").
 * - `analytics_recorded/{runId}`: the marker that makes recording idempotent (one per approval,
 *   however many attempts the run took).
 * A scope is `all` or `u_<uid>` (one owner), so a non-admin's dashboard reads only their own.
 */
export const AGGREGATE_SHARDS = 4;
export const TOTALS = "analytics_totals";
export const DAILY = "analytics_daily";
export const RECORDED = "analytics_recorded";

/** A finished run, as the pipeline reports it (see pipeline/finishedRun.ts). */
export type FinishedMission = FinishedRun;

export interface StepTotals {
  completed: number;
  durationMsSum: number;
  /** Runs per duration bucket (histogram.ts), for the p90. */
  histogram: Record<string, number>;
}

export interface AggregateTotals {
  finished: number;
  completed: number;
  failed: number;
  cancelled: number;
  durationMsSum: number;
  costMicroUsdSum: number;
  tools: Record<ToolName, number>;
  steps: Record<StepName, StepTotals>;
  failedAt: Record<StepName, number>;
}

export interface DailyTotals {
  day: string;
  finished: number;
  completed: number;
  failed: number;
  cancelled: number;
  durationMsSum: number;
  costMicroUsdSum: number;
  /** Missions finished in each UTC hour of the day, index 0–23. */
  byHour: number[];
}

/** The stored key of the UTC hour a run finished in ("h07"). */
function hourKey(finishedAtMs: number): string {
  return `h${String(new Date(finishedAtMs).getUTCHours()).padStart(2, "0")}`;
}

export function scopeKey(scope: Scope): string {
  // encodeURIComponent keeps a document id free of "/" whatever the uid holds.
  return scope.kind === "all" ? "all" : `u_${encodeURIComponent(scope.uid)}`;
}

/** FNV-1a: a stable shard per execution id, so a repeated recording hits the same shard. */
export function shardOf(runId: string, shards = AGGREGATE_SHARDS): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < runId.length; i += 1) {
    hash ^= runId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash % shards;
}

export function totalsRef(db: Firestore, scope: Scope, shard: number): DocumentReference {
  return db.collection(TOTALS).doc(`${scopeKey(scope)}_s${shard}`);
}

export function dailyRef(db: Firestore, scope: Scope, day: string, shard: number): DocumentReference {
  return db.collection(DAILY).doc(`${day}_${scopeKey(scope)}_s${shard}`);
}

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
    hours: { [hourKey(mission.finishedAtMs)]: inc(1) },
    updated_at: FieldValue.serverTimestamp(),
  };
}

/**
 * The documents that add one finished run to the aggregates: the shards' increments and the
 * run's marker. The pipeline writes them in the commit of the mission's final write (so a run
 * is counted if and only if its result is stored); the marker, created in that same commit,
 * makes a repeated or concurrent recording of the same run change nothing.
 */
export function missionFinishedRecording(db: Firestore, mission: FinishedMission): RunRecording {
  const shard = shardOf(mission.runId);
  const day = utcDay(mission.finishedAtMs);
  const merges = scopesOf(mission).flatMap((scope) => {
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
      shard,
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

// ---- reading ----

const count = z.number().finite().nonnegative().catch(0).default(0);
const countMap = z.record(z.string(), z.number().finite().nonnegative()).catch({}).default({});

const totalsDocSchema = z.looseObject({
  finished: count,
  completed: count,
  failed: count,
  cancelled: count,
  duration_ms_sum: count,
  cost_microusd_sum: count,
  tools: countMap,
  steps: z
    .record(z.string(), z.looseObject({ completed: count, duration_ms_sum: count, histogram: countMap }))
    .catch({})
    .default({}),
  failed_at: countMap,
});

const dailyDocSchema = z.looseObject({
  finished: count,
  completed: count,
  failed: count,
  cancelled: count,
  duration_ms_sum: count,
  cost_microusd_sum: count,
  hours: countMap,
});

export function emptyTotals(): AggregateTotals {
  return {
    finished: 0,
    completed: 0,
    failed: 0,
    cancelled: 0,
    durationMsSum: 0,
    costMicroUsdSum: 0,
    tools: Object.fromEntries(TOOL_NAMES.map((tool) => [tool, 0])) as Record<ToolName, number>,
    steps: Object.fromEntries(
      STEP_NAMES.map((step) => [step, { completed: 0, durationMsSum: 0, histogram: {} }]),
    ) as Record<StepName, StepTotals>,
    failedAt: Object.fromEntries(STEP_NAMES.map((step) => [step, 0])) as Record<StepName, number>,
  };
}

/** Adds shard documents up; unknown tools or steps in stored data are ignored. */
export function mergeTotals(snapshots: readonly DocumentSnapshot[]): AggregateTotals {
  const totals = emptyTotals();
  for (const snapshot of snapshots) {
    if (!snapshot.exists) continue;
    const doc = totalsDocSchema.parse(snapshot.data());
    totals.finished += doc.finished;
    totals.completed += doc.completed;
    totals.failed += doc.failed;
    totals.cancelled += doc.cancelled;
    totals.durationMsSum += doc.duration_ms_sum;
    totals.costMicroUsdSum += doc.cost_microusd_sum;
    for (const tool of TOOL_NAMES) totals.tools[tool] += doc.tools[tool] ?? 0;
    for (const step of STEP_NAMES) {
      totals.steps[step].completed += doc.steps[step]?.completed ?? 0;
      totals.steps[step].durationMsSum += doc.steps[step]?.duration_ms_sum ?? 0;
      addCounts(totals.steps[step].histogram, doc.steps[step]?.histogram ?? {});
      totals.failedAt[step] += doc.failed_at[step] ?? 0;
    }
  }
  return totals;
}

export function mergeDaily(day: string, snapshots: readonly DocumentSnapshot[]): DailyTotals {
  const daily: DailyTotals = {
    day,
    finished: 0,
    completed: 0,
    failed: 0,
    cancelled: 0,
    durationMsSum: 0,
    costMicroUsdSum: 0,
    byHour: Array.from({ length: 24 }, () => 0),
  };
  for (const snapshot of snapshots) {
    if (!snapshot.exists) continue;
    const doc = dailyDocSchema.parse(snapshot.data());
    daily.finished += doc.finished;
    daily.completed += doc.completed;
    daily.failed += doc.failed;
    daily.cancelled += doc.cancelled;
    daily.durationMsSum += doc.duration_ms_sum;
    daily.costMicroUsdSum += doc.cost_microusd_sum;
    daily.byHour = daily.byHour.map((n, hour) => n + (doc.hours[`h${String(hour).padStart(2, "0")}`] ?? 0));
  }
  return daily;
}

const shardNumbers = () => Array.from({ length: AGGREGATE_SHARDS }, (_, shard) => shard);

/** All-time and today's totals of a scope: 2 × AGGREGATE_SHARDS document reads, always. */
export async function readAggregates(
  db: Firestore,
  scope: Scope,
  nowMs: number,
  log?: QueryLog,
): Promise<{ totals: AggregateTotals; today: DailyTotals }> {
  const day = utcDay(nowMs);
  const totalsRefs = shardNumbers().map((shard) => totalsRef(db, scope, shard));
  const dailyRefs = shardNumbers().map((shard) => dailyRef(db, scope, day, shard));
  const snapshots = await getDocuments(db, "aggregates", [...totalsRefs, ...dailyRefs], log);
  return {
    totals: mergeTotals(snapshots.slice(0, AGGREGATE_SHARDS)),
    today: mergeDaily(day, snapshots.slice(AGGREGATE_SHARDS)),
  };
}

/** Only the all-time totals (the ETA's history): AGGREGATE_SHARDS document reads. */
export async function readTotals(db: Firestore, scope: Scope, log?: QueryLog): Promise<AggregateTotals> {
  const snapshots = await getDocuments(
    db,
    "aggregate_totals",
    shardNumbers().map((shard) => totalsRef(db, scope, shard)),
    log,
  );
  return mergeTotals(snapshots);
}
