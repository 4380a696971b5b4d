import type { Firestore } from "firebase-admin/firestore";
import { BudgetExceededError } from "../../errors";
import { reserveDailyBudget } from "./budgetLedger";
import { reserveUserBudget, settleUserBudget, userCapApplies } from "./userBudget";

export interface RunBudgetRequest {
  uid: string;
  day: string;
  runId: string;
  estimateMicroUsd: number;
  userCapMicroUsd: number;
  deploymentCapMicroUsd: number;
  onRetry?: (attempt: number, error: unknown) => void;
}

/**
 * A run's reservation must fit its owner's day and the deployment's day. The owner's is taken
 * first (one person's race is decided on their own document, before it can crowd the shared
 * ledger); when the deployment then refuses (or fails), the owner's is given back and
 * forgotten, so the refusal costs them nothing and a retry starts clean. Both are settled at
 * every ending through the deployment ledger's settle (budgetLedger.ts), keyed by the run.
 */
export async function reserveRunBudget(db: Firestore, request: RunBudgetRequest): Promise<void> {
  // No per-person cap (USER_DAILY_BUDGET_MICROUSD=0 and no override): the person's day is not
  // booked at all, so one person's burst of paid runs never queues on their one document.
  const reserveDeployment = () =>
    reserveDailyBudget(db, {
      day: request.day,
      runId: request.runId,
      estimateMicroUsd: request.estimateMicroUsd,
      capMicroUsd: request.deploymentCapMicroUsd,
      onRetry: request.onRetry,
    });
  if (!(await userCapApplies(db, request.uid, request.userCapMicroUsd))) {
    await reserveDeployment();
    return;
  }
  await reserveUserBudget(db, {
    uid: request.uid,
    day: request.day,
    runId: request.runId,
    estimateMicroUsd: request.estimateMicroUsd,
    defaultCapMicroUsd: request.userCapMicroUsd,
    onRetry: request.onRetry,
  });
  try {
    await reserveDeployment();
  } catch (error) {
    await settleUserBudget(db, request.runId, 0, "undone");
    if (error instanceof BudgetExceededError) {
      throw new BudgetExceededError(`deployment daily cap: ${error.message}`);
    }
    throw error;
  }
}
