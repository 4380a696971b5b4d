import type { Firestore } from "firebase-admin/firestore";
import { statusOf } from "../../missions/approval";
import { executionRecordSchema } from "../../missions/schema";
import { utcDay } from "../../shared/days";
import { reopenReleasedReservation } from "../budget/budgetLedger";
import { parseCheckpoint } from "../record/checkpoint";
import type { MissionUpdate } from "../record/recordWrites";
import { retryFailedRun } from "../lifecycle/statusChanges";

/**
 * Retrying a failed mission: a new approval of the same run. The mission goes back to
 * `approved` with its record marked re-queued, exactly as the lease sweeper re-queues a dead
 * worker's run, so the claim (claimDecision.ts) resumes from the stored checkpoint: completed
 * steps are kept and not run again, side effects keyed to the run are not repeated, and a
 * cost already settled is not charged again. The attempt count starts afresh from
 * `retried_after_attempt`.
 */

/**
 * Failures that would fail the same way again: the mission itself is invalid, the planner
 * refused it, the tool input is wrong, or the record cannot be read.
 */
const FINAL_KINDS: ReadonlySet<string> = new Set(["validation", "refused", "tool_input", "invalid_record"]);

export interface RetryRefusal {
  code: "not_failed" | "cannot_succeed_again";
  reason: string;
}

/** Why this mission may not be retried, or null when it may. */
export function retryRefusal(data: unknown): RetryRefusal | null {
  const status = statusOf(data);
  if (status !== "failed") {
    return { code: "not_failed", reason: `it is ${status ?? "unreadable"}; only a failed mission can be retried` };
  }
  const record = executionRecordSchema.safeParse((data as { execution_record?: unknown }).execution_record ?? {});
  if (!record.success) {
    return { code: "cannot_succeed_again", reason: "its execution_record is unreadable, so a retry cannot resume it" };
  }
  const error = record.data.error;
  if (error && FINAL_KINDS.has(error.kind)) {
    return {
      code: "cannot_succeed_again",
      reason: `it failed at ${error.step} with a ${error.kind} error (${error.message}), which a retry would repeat`,
    };
  }
  const checkpoint = parseCheckpoint(record.data.checkpoint);
  if (!checkpoint.ok) return { code: "cannot_succeed_again", reason: checkpoint.message };
  return null;
}

/** The write that re-approves a failed mission for a resumed run (after retryRefusal said yes). */
export function retryUpdate(data: unknown): MissionUpdate {
  const record = executionRecordSchema.parse((data as { execution_record?: unknown }).execution_record ?? {});
  return retryFailedRun(record.attempt ?? 0);
}

/**
 * Before re-approving: a run whose failed attempt released its budget reservation before its
 * paid tool ran reserves again (under today's cap for the run's ledger day), so the retried
 * tool is charged like any other; throws BudgetExceededError when there is no room.
 */
export async function reserveForRetry(db: Firestore, data: unknown, capMicroUsd: number): Promise<void> {
  const parsed = executionRecordSchema.safeParse((data as { execution_record?: unknown }).execution_record ?? {});
  if (!parsed.success) return;
  const record = parsed.data;
  const checkpoint = parseCheckpoint(record.checkpoint);
  const runId = record.run_id ?? record.execution_id;
  if (!checkpoint.ok || !runId || !record.started_at) return;
  const { budget_reserved: reserved, tool, estimate_microusd: estimate } = checkpoint.value;
  if (!reserved || tool || !estimate) return;
  await reopenReleasedReservation(db, {
    day: utcDay(record.started_at.toMillis()),
    runId,
    estimateMicroUsd: estimate,
    capMicroUsd,
  });
}
