import type { Firestore, QueryDocumentSnapshot } from "firebase-admin/firestore";
import { MISSION_STATUSES, type MissionStatus } from "../missions/status";
import { STEP_NAMES } from "../shared/steps";
import { readAggregates, type AggregateTotals } from "./aggregates";
import { quantileBound } from "./histogram";
import { log } from "../logs";
import {
  COUNT_CAP,
  COUNTED_STATUSES,
  liveAgentsQuery,
  statusCountQuery,
  taskPipelineQuery,
  type Scope,
} from "./queries";
import { runCount, runQuery, type QueryLog } from "./queryLog";
import { analyticsResponseSchema, type AnalyticsResponse, type LiveAgent, type PipelineEntry } from "./schema";
import { parseMissionView, toLiveAgent, toPipelineEntry, type MissionView } from "./views";

export interface AnalyticsOptions {
  nowMs?: number;
  /** Records every read (bench, tests). */
  log?: QueryLog;
}

/**
 * Builds the `/api/analytics/all` response with a fixed number of reads, whatever the
 * number of missions:
 * - live agents: one bounded query (≤ LIVE_AGENTS_LIMIT documents);
 * - task pipeline: one bounded query (≤ 5 documents);
 * - draft / approved / executing / cancelled counts: one count() each over at most
 *   COUNT_CAP index entries (1 read each);
 * - everything about finished missions (completed / failed counts, success rate, durations,
 *   tools, cost, today): the incrementally maintained aggregates, ≤ 2 × shardCount(scope) documents (analytics/shards.ts).
 * All of it runs in parallel; the response is validated before it is returned.
 */
export async function loadAnalytics(
  db: Firestore,
  scope: Scope,
  options: AnalyticsOptions = {},
): Promise<AnalyticsResponse> {
  const nowMs = options.nowMs ?? Date.now();
  const log = options.log;
  const [liveDocs, pipelineDocs, counts, aggregates] = await Promise.all([
    runQuery(db, liveAgentsQuery(scope), log),
    runQuery(db, taskPipelineQuery(scope), log),
    Promise.all(COUNTED_STATUSES.map((status) => runCount(db, statusCountQuery(scope, status), log))),
    readAggregates(db, scope, nowMs, log),
  ]);

  const liveCounts = Object.fromEntries(COUNTED_STATUSES.map((status, i) => [status, counts[i] ?? 0])) as Record<
    (typeof COUNTED_STATUSES)[number],
    number
  >;
  const countsByStatus = Object.fromEntries(MISSION_STATUSES.map((status) => [status, 0])) as Record<
    MissionStatus,
    number
  >;
  Object.assign(countsByStatus, liveCounts, {
    completed: aggregates.totals.completed,
    failed: aggregates.totals.failed,
  });
  const liveAgents: LiveAgent[] = views(liveDocs).map((view) => toLiveAgent(view, nowMs));
  const pipeline: PipelineEntry[] = views(pipelineDocs).map(toPipelineEntry);

  return analyticsResponseSchema.parse({
    generated_at: new Date(nowMs).toISOString(),
    scope: scope.kind === "all" ? "all" : "own",
    live_agents: liveAgents,
    live_agents_truncated: liveCounts.executing > liveAgents.length,
    task_pipeline: pipeline,
    counts_by_status: countsByStatus,
    counts_capped: COUNTED_STATUSES.filter((status) => liveCounts[status] >= COUNT_CAP),
    ...finishedFigures(aggregates.totals),
    missions_today: {
      day: aggregates.today.day,
      finished: aggregates.today.finished,
      completed: aggregates.today.completed,
      failed: aggregates.today.failed,
      cancelled: aggregates.today.cancelled,
      cost_microusd: aggregates.today.costMicroUsdSum,
      finished_by_hour: aggregates.today.byHour,
    },
  });
}

function views(docs: readonly QueryDocumentSnapshot[]): MissionView[] {
  const result: MissionView[] = [];
  for (const doc of docs) {
    const parsed = parseMissionView(doc);
    if (parsed.ok) result.push(parsed.view);
    else log.invalidMissionSkipped(parsed.id, parsed.reason);
  }
  return result;
}

function average(sum: number, count: number): number | null {
  return count > 0 ? Math.round((sum / count) * 10) / 10 : null;
}

/** The figures about finished missions, all from the aggregates. */
export function finishedFigures(totals: AggregateTotals) {
  const averageCost = average(totals.costMicroUsdSum, totals.finished);
  return {
    success_rate: totals.finished > 0 ? Math.round((totals.completed / totals.finished) * 1000) / 1000 : null,
    duration: {
      average_ms: average(totals.durationMsSum, totals.finished),
      per_step: Object.fromEntries(
        STEP_NAMES.map((step) => [
          step,
          {
            average_ms: average(totals.steps[step].durationMsSum, totals.steps[step].completed),
            p90_ms: quantileBound(totals.steps[step].histogram, 0.9),
            samples: totals.steps[step].completed,
          },
        ]),
      ),
    },
    failures_by_step: totals.failedAt,
    tool_usage: totals.tools,
    cost: {
      total_microusd: totals.costMicroUsdSum,
      average_microusd: averageCost,
      total_usd: totals.costMicroUsdSum / 1_000_000,
      average_usd: averageCost === null ? null : averageCost / 1_000_000,
    },
  };
}
