import { FieldValue, Timestamp, type Firestore } from "firebase-admin/firestore";
import { loadPipelineConfig, type PipelineConfig } from "../config";
import { firestore, MISSIONS } from "../firebase";
import { log } from "../logs";
import { failureFacts, recordFinishedBestEffort } from "../analytics/pipelineHook";
import { ownerUidSchema, parseMissionHeader } from "../missions/schema";
import { ledgerDay, releaseDailyBudget } from "../pipeline/budgetLedger";
import { runStaleApprovals } from "./staleApprovals";

/** Most missions handled by one sweep; the next sweep takes the rest. */
const SWEEP_BATCH = 100;

export interface SweepResult {
  requeued: string[];
  failed: string[];
  /** Approved missions that never started and that this sweep ran itself. */
  ran: string[];
}

/**
 * Finds missions stuck in `executing` whose lease has expired (the worker was killed or
 * crashed: a live worker renews its lease with every progress write, and the lease outlives
 * the function timeout). Each goes back to `approved` for another attempt, which fires the
 * trigger again, until `maxAttempts`; then it is failed with a clear reason. Then it runs an
 * approved mission whose trigger event never started it (see staleApprovals.ts).
 */
export async function sweepStaleMissions(
  db: Firestore = firestore(),
  config: PipelineConfig = loadPipelineConfig(),
  now: () => number = Date.now,
): Promise<SweepResult> {
  const result: SweepResult = { requeued: [], failed: [], ran: [] };
  const expired = await db
    .collection(MISSIONS)
    .where("status", "==", "executing")
    .where("execution_record.lease_expires_at", "<", Timestamp.fromMillis(now()))
    .orderBy("execution_record.lease_expires_at")
    .limit(SWEEP_BATCH)
    .get();
  for (const doc of expired.docs) {
    const action = await db.runTransaction(async (tx) => {
      const fresh = await tx.get(doc.ref);
      const header = parseMissionHeader(fresh.data());
      const record = header.ok ? header.value.execution_record : undefined;
      if (!header.ok || header.value.status !== "executing" || !record?.lease_expires_at) return null;
      if (record.lease_expires_at.toMillis() >= now()) return null; // renewed meanwhile
      const attempt = record.attempt ?? 1;
      const startedAtMs = record.started_at?.toMillis() ?? null;
      if (attempt < config.maxAttempts) {
        tx.update(doc.ref, {
          status: "approved",
          updated_at: FieldValue.serverTimestamp(),
          "execution_record.requeued": true,
          "execution_record.status": "requeued",
          "execution_record.lease_expires_at": null,
        });
        return { action: "requeued" as const, attempt, executionId: record.execution_id, startedAtMs };
      }
      const currentStep = record.progress_tracker?.current_step?.step_name;
      const step = currentStep ?? "unknown";
      const message = `the worker stopped responding (lease expired) on attempt ${attempt} of ${config.maxAttempts}`;
      tx.update(doc.ref, {
        status: "failed",
        updated_at: FieldValue.serverTimestamp(),
        "execution_record.success": false,
        "execution_record.status": "failed",
        "execution_record.lease_expires_at": null,
        "execution_record.result_summary": `Failed at ${step}: ${message}`,
        "execution_record.error": { step, kind: "lease_expired", message },
      });
      const owner = ownerUidSchema.safeParse(fresh.get("owner_uid"));
      const facts = failureFacts({
        missionId: doc.id,
        executionId: record.execution_id ?? `swept-${doc.id}`,
        ownerUid: owner.success ? owner.data : null,
        finishedAtMs: now(),
        durationMs: startedAtMs === null ? 0 : Math.max(0, now() - startedAtMs),
        completedSteps: (record.progress_tracker?.completed_steps ?? []).map((completed) => ({
          name: completed.step_name,
          durationMs: completed.duration_ms ?? 0,
        })),
        failedStep: currentStep ?? null,
      });
      return { action: "failed" as const, attempt, executionId: record.execution_id, startedAtMs, facts };
    });
    if (!action) continue;
    log.leaseSwept(doc.id, action.action, action.attempt);
    if (action.action === "failed") await recordFinishedBestEffort(db, action.facts);
    result[action.action].push(doc.id);
    if (action.executionId && action.startedAtMs !== null) {
      await releaseDailyBudget(db, ledgerDay(action.startedAtMs), action.executionId);
    }
  }
  result.ran = await runStaleApprovals(db, config, now);
  return result;
}
