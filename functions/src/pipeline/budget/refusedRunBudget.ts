import { statusOf } from "../../missions/approval";
import { settleOrRelease } from "./budgetLedger";
import type { RunEnding } from "../run/outcome";
import type { MissionRun } from "../steps/defineStep";

/**
 * A run whose final write was refused (swept, cancelled and re-approved, ended by someone
 * else) may still hold its day's reservation. Whoever ended the mission settles what it knew
 * of; this run settles what it knows, unless another attempt will resume the same run and
 * needs the reservation. Settling is keyed by the run and happens once, so when both try,
 * the first wins and the second changes nothing. Returns what it did, for the log.
 */
export async function settleRefusedRun(run: MissionRun, ending: RunEnding): Promise<"settled" | "left" | "none"> {
  if (!run.checkpoint.budget_reserved || run.checkpoint.budget_settled) return "none";
  const data = (await run.ref.get()).data();
  if (resumedBySuccessor(data, run.runId)) return "left";
  await settleOrRelease(run.db, { day: run.ledgerDay, runId: run.runId, spentMicroUsd: spentByRefused(run, ending) });
  return "settled";
}

/** True when another attempt of this very run holds, or will take, the mission (it settles). */
function resumedBySuccessor(data: unknown, runId: string): boolean {
  // "queued" (an owner at their concurrency limit) is a waiting approval, as "approved" is.
  const status: string | null = statusOf(data);
  const record = (data as { execution_record?: { run_id?: unknown; requeued?: unknown } } | undefined)
    ?.execution_record;
  if (record?.run_id !== runId) return false;
  if (status === "executing") return true;
  return (status === "approved" || status === "queued") && record.requeued === true;
}

/**
 * What this run spent: the tool's cost once known; the whole estimate if the tool started
 * and the run cannot say (overstating by one estimate, never understating); else nothing.
 */
function spentByRefused(run: MissionRun, ending: RunEnding): number {
  const { checkpoint } = run;
  if (checkpoint.tool) return checkpoint.tool.cost_microusd;
  if (run.toolStarted || ending.kind === "completed") return checkpoint.estimate_microusd ?? 0;
  return 0;
}
