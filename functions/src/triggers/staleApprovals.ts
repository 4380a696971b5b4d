import { Timestamp, type Firestore } from "firebase-admin/firestore";
import type { PipelineConfig } from "../config";
import { MISSIONS } from "../firebase";
import { log } from "../logs";
import { executeMission } from "../pipeline/executeMission";
import { createToolRegistry, type ToolRegistry } from "../tools/registry";

/** An approval nobody has claimed for this long lost its trigger event (dropped, or given up). */
export const STALE_APPROVAL_MS = 10 * 60 * 1000;
/**
 * One mission per sweep: a run may take the function's whole timeout, and the sweep function
 * has the same timeout. Recovery is the rare path; the next sweep takes the next one.
 */
const STALE_APPROVAL_BATCH = 1;

/**
 * Runs approved missions whose trigger never ran them. Execution is idempotent (the claim
 * decides), so a mission the trigger is just now running is simply skipped here. Only missions
 * that carry `updated_at` are seen (the CLI, the whiteboard and the pipeline set it).
 */
export async function runStaleApprovals(
  db: Firestore,
  config: PipelineConfig,
  now: () => number = Date.now,
  tools: ToolRegistry = createToolRegistry(),
): Promise<string[]> {
  const stale = await db
    .collection(MISSIONS)
    .where("status", "==", "approved")
    .where("updated_at", "<", Timestamp.fromMillis(now() - STALE_APPROVAL_MS))
    .orderBy("updated_at", "desc")
    .limit(STALE_APPROVAL_BATCH)
    .get();
  const ran: string[] = [];
  for (const doc of stale.docs) {
    const outcome = await executeMission(doc.id, { db, config, tools, now });
    if (outcome.kind === "skipped") continue;
    log.staleApprovalRun(doc.id, outcome.kind);
    ran.push(doc.id);
  }
  return ran;
}
