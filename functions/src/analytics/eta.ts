import type { Firestore } from "firebase-admin/firestore";
import { log } from "../logs";
import type { Mission } from "../missions/schema";
import { classifyObjective } from "../decision/rules";
import type { EtaEstimator } from "../progress/eta";
import { createTimeEta } from "../progress/etaModel";
import { TOOL_CATALOG } from "../tools/catalog";
import type { ToolName } from "../shared/toolNames";
import { etaHistoryQuery, historyRunOf, profileFor, type HistoryRun } from "./etaHistory";
import { buildQuery } from "./queries";

/**
 * The tool a mission will most likely run, known before it runs, without I/O: the planned
 * tool (a plan is never replaced: it runs, or fails at tool_selection), else the rules'
 * tool (decision/rules, the same classifier the decision falls back on). A model planner
 * may choose otherwise; the estimate is then off until tool_execution reports its own work.
 * A refusal runs no tool; its ETA is that of the cheapest, calculate, for the instant it lasts.
 */
export function predictTool(mission: Pick<Mission, "objective" | "plan">): ToolName {
  return mission.plan?.tool ?? classifyObjective(mission.objective).tool ?? "calculate";
}

/** The estimator for one run of `mission`, given the history runs read for it. */
export function estimatorFor(runs: readonly HistoryRun[], mission: Pick<Mission, "objective" | "plan">): EtaEstimator {
  const tool = predictTool(mission);
  const target = mission.plan?.input?.target ?? null;
  return createTimeEta({
    tool,
    toolEta: TOOL_CATALOG[tool].eta,
    itemsTarget: target,
    profile: profileFor(runs, tool, target),
  });
}

/**
 * The last history an instance read, for the next claim's first snapshot. The claim writes
 * its snapshot before it knows whether it won (a duplicate delivery must not pay for history
 * reads), so that snapshot can only use what is already in memory: the mission the claim
 * transaction read (its tool, predicted without I/O, and its target) and, on a warm instance,
 * the history the previous run read. On a cold one it is the default model of that tool: a
 * crawl is priced as a crawl from the first snapshot on, so the history read just after the
 * claim does not move the finish by seconds. Read-only values, replaced whole, so concurrent
 * invocations sharing an instance can at worst see a slightly older history.
 */
export class EtaHistoryCache {
  private latest: { runs: readonly HistoryRun[]; atMs: number } | null = null;

  constructor(
    private readonly maxAgeMs = 10 * 60 * 1000,
    private readonly now: () => number = Date.now,
  ) {}

  remember(runs: readonly HistoryRun[]): void {
    this.latest = { runs, atMs: this.now() };
  }

  /** The estimator for a claim of `mission`: with the remembered history if recent. */
  claimEstimator(mission: Pick<Mission, "objective" | "plan">): EtaEstimator {
    const latest = this.latest;
    const recent = latest !== null && this.now() - latest.atMs <= this.maxAgeMs;
    return estimatorFor(recent ? latest.runs : [], mission);
  }
}

/** Reads the history rows (one bounded, projected query), skipping rows that do not parse. */
export async function readEtaHistory(db: Firestore): Promise<HistoryRun[]> {
  const snapshot = await buildQuery(db, etaHistoryQuery()).get();
  return snapshot.docs.flatMap((doc) => {
    const run = historyRunOf(doc.data());
    return run ? [run] : [];
  });
}

export interface LoadEtaOptions {
  timeoutMs?: number;
  cache?: EtaHistoryCache;
}

/**
 * The estimator for a claimed run: its tool's history (ETA_HISTORY_RUNS reads at most).
 * Never throws and never waits long: without history it is the default time model.
 */
export async function loadEtaEstimator(
  db: Firestore,
  mission: Pick<Mission, "objective" | "plan">,
  options: LoadEtaOptions = {},
): Promise<EtaEstimator> {
  const timeoutMs = options.timeoutMs ?? 2000;
  let timer: NodeJS.Timeout | undefined;
  try {
    const runs = await Promise.race([
      readEtaHistory(db),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
      }),
    ]);
    options.cache?.remember(runs);
    return estimatorFor(runs, mission);
  } catch (error) {
    log.historyUnavailable(error);
    return estimatorFor([], mission);
  } finally {
    clearTimeout(timer);
  }
}
