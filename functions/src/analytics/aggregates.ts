import type { DocumentSnapshot, Firestore } from "firebase-admin/firestore";
import * as z from "zod";
import { utcDay } from "../shared/days";
import { STEP_NAMES, type StepName } from "../shared/steps";
import { TOOL_NAMES, type ToolName } from "../shared/toolNames";
import { DAILY, dailyPrefix, hourKey, TOTALS, totalsPrefix } from "./aggregateDocs";
import { addCounts } from "./histogram";
import type { Scope } from "./queries";
import type { QueryLog } from "./queryLog";
import { readShardGroups } from "./shards";

// The read side of the aggregates (their layout is aggregateDocs.ts, aggregateWrites.ts
// writes them): a scope's shard documents, parsed and added up.

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
    daily.byHour = daily.byHour.map((n, hour) => n + (doc.hours[hourKey(hour)] ?? 0));
  }
  return daily;
}

/**
 * All-time and today's totals of a scope: one range read of its totals shards and one of today's
 * daily shards, at most 2 × shardCount(scope) documents (400 for `all` at the default 200 shards,
 * fewer while few shards were written), however many missions finished.
 */
export async function readAggregates(
  db: Firestore,
  scope: Scope,
  nowMs: number,
  log?: QueryLog,
): Promise<{ totals: AggregateTotals; today: DailyTotals }> {
  const day = utcDay(nowMs);
  const [totals = [], daily = []] = await readShardGroups(
    db,
    "aggregates",
    [
      { collection: TOTALS, prefix: totalsPrefix(scope) },
      { collection: DAILY, prefix: dailyPrefix(scope, day) },
    ],
    log,
  );
  return { totals: mergeTotals(totals), today: mergeDaily(day, daily) };
}

/** Only the all-time totals (the tests' and the bench's check): at most shardCount(scope) documents. */
export async function readTotals(db: Firestore, scope: Scope, log?: QueryLog): Promise<AggregateTotals> {
  const [totals = []] = await readShardGroups(
    db,
    "aggregate_totals",
    [{ collection: TOTALS, prefix: totalsPrefix(scope) }],
    log,
  );
  return mergeTotals(totals);
}
