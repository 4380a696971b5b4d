import type { Firestore } from "firebase-admin/firestore";
import type { PipelineConfig } from "../config";
import { log } from "../logs";
import { settleOrRelease } from "../pipeline/budget/budgetLedger";
import type { Settlement } from "../pipeline/claim/settlement";

export interface SweepDeps {
  db: Firestore;
  config: PipelineConfig;
  now: () => number;
}

/** Settles what an ended run spent and releases the rest; a failure is logged (the entry stays reserved). */
export async function settle(db: Firestore, missionId: string, settlement: Settlement | null): Promise<void> {
  if (!settlement) return;
  await settleOrRelease(db, settlement).catch((error) => log.budgetReleaseFailed(missionId, settlement.runId, error));
}
