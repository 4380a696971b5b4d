import { randomUUID } from "node:crypto";
import { Timestamp, type DocumentReference, type Query, type QueryDocumentSnapshot } from "firebase-admin/firestore";
import { loadPipelineConfig } from "../config";
import { firestore, MISSIONS } from "../firebase";
import { log } from "../logs";
import { decideClaim } from "../pipeline/claim/claimDecision";
import { redeliveryUpdate } from "../pipeline/record/recordWrites";
import { passFaultPoint } from "../pipeline/run/faultInjection";
import { withTransientRetries } from "../pipeline/run/transientRetry";
import type { ProgressSnapshot } from "../progress/schema";
import { MissionProgressTracker } from "../progress/tracker";
import { refillStrandedQueues } from "../queue/queueSweep";
import { afterEnding, commitClaimEnd } from "../pipeline/lifecycle/afterEnding";
import { sweepExpiredLease } from "./leaseSweep";
import type { SweepDeps } from "./sweepDeps";

/** Documents read per query page; the sweep pages on until no candidate is left. */
const PAGE_SIZE = 100;
/** Pages per sweep at most (bounds one sweep's time); the next sweep continues. */
const MAX_PAGES = 50;
/** An approval nobody has claimed for this long lost its trigger event (dropped, or given up). */
export const STALE_APPROVAL_MS = 10 * 60 * 1000;

export interface SweepResult {
  requeued: string[];
  failed: string[];
  cancelled: string[];
  /** Stranded approvals handed to the trigger again. */
  dispatched: string[];
  /** Stranded approvals that may not run, ended with their reason (re-approved, malformed...). */
  ended: string[];
}

/**
 * Recovery, one bad document unable to block it: every expired lease and every stranded
 * approval, oldest first, paged in a stable order (a candidate it cannot process is resolved
 * with a reason, never picked again and again).
 *
 * - An `executing` mission whose lease expired (its worker died: a live worker renews the
 *   lease with every progress write, and the lease outlives the function's timeout) is
 *   re-queued to resume from its checkpoint, or failed (attempt limit) or cancelled (the
 *   owner asked), settling its budget.
 * - An `approved` mission untouched for STALE_APPROVAL_MS is judged by the same claim
 *   decision the pipeline uses: what may run is delivered to the trigger again; what may not
 *   is ended with its reason.
 */
export async function sweepStaleMissions(deps: Partial<SweepDeps> = {}): Promise<SweepResult> {
  const full: SweepDeps = {
    db: deps.db ?? firestore(),
    config: deps.config ?? loadPipelineConfig(),
    now: deps.now ?? Date.now,
  };
  const result: SweepResult = { requeued: [], failed: [], cancelled: [], dispatched: [], ended: [] };
  const missions = full.db.collection(MISSIONS);
  const expired = missions
    .where("status", "==", "executing")
    .where("execution_record.lease_expires_at", "<", Timestamp.fromMillis(full.now()))
    .orderBy("execution_record.lease_expires_at");
  await forEachPaged(expired, async (doc) => {
    const action = await sweepExpiredLease(doc.ref, full);
    if (action) result[action].push(doc.id);
  });
  const stranded = missions
    .where("status", "==", "approved")
    .where("updated_at", "<", Timestamp.fromMillis(full.now() - STALE_APPROVAL_MS))
    .orderBy("updated_at");
  await forEachPaged(stranded, async (doc) => {
    const action = await sweepStrandedApproval(doc.ref, full);
    if (action) result[action].push(doc.id);
  });
  await refillStrandedQueues(full.db, full.config.userMaxRunning);
  return result;
}

async function forEachPaged(query: Query, visit: (doc: QueryDocumentSnapshot) => Promise<void>): Promise<void> {
  let after: QueryDocumentSnapshot | undefined;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const snapshot = await (after ? query.startAfter(after) : query).limit(PAGE_SIZE).get();
    for (const doc of snapshot.docs) {
      try {
        // A lock timeout or contention on one mission is retried now, not left to the next sweep
        // (minutes later): the decisions re-read the mission, so a retry decides again.
        await withTransientRetries(() => {
          passFaultPoint("sweep");
          return visit(doc);
        });
      } catch (error) {
        // One document's failure is logged and passed over, never allowed to stop the sweep.
        log.sweepUnrunnable(doc.id, `sweep failed: ${String(error)}`);
      }
    }
    if (snapshot.docs.length < PAGE_SIZE) return;
    after = snapshot.docs[snapshot.docs.length - 1];
  }
}

async function sweepStrandedApproval(ref: DocumentReference, deps: SweepDeps): Promise<"dispatched" | "ended" | null> {
  const outcome = await ref.firestore.runTransaction(async (tx) => {
    const doc = await tx.get(ref);
    const decision = decideClaim(doc.exists ? doc.data() : undefined, {
      missionId: ref.id,
      executionId: `sweeper-${randomUUID()}`,
      leaseMs: deps.config.leaseMs,
      maxAttempts: deps.config.maxAttempts,
      now: deps.now,
      newRunId: randomUUID,
      freshSnapshot: () => emptySnapshot(ref.id, deps.now()),
      // Whether a stored checkpoint can be resumed is the pipeline's call, at its claim.
      validateResume: () => null,
    });
    if (decision.kind === "skip") return null;
    if (decision.kind === "end") {
      commitClaimEnd(tx, ref, decision);
      return {
        action: "ended" as const,
        reason: decision.reason,
        settle: decision.settle,
        ownerUid: decision.audience.ownerUid,
      };
    }
    // Runnable: a new delivery fires the trigger, whose claim runs it exactly once.
    tx.update(ref, redeliveryUpdate(deps.now()));
    return { action: "dispatched" as const, reason: "", settle: null, ownerUid: null };
  });
  if (!outcome) return null;
  if (outcome.action === "ended") log.sweepUnrunnable(ref.id, outcome.reason);
  else log.staleApprovalDispatched(ref.id);
  await afterEnding(deps.db, ref.id, {
    settlement: outcome.settle,
    ownerUid: outcome.ownerUid,
    userMaxRunning: deps.config.userMaxRunning,
  });
  return outcome.action;
}

/** The progress record of a run that ends before anything ran (the sweeper ends it so). */
function emptySnapshot(missionId: string, nowMs: number): ProgressSnapshot {
  const tracker = new MissionProgressTracker(missionId, { now: () => nowMs });
  tracker.startStep("verification", "Checked by the sweeper");
  return tracker.snapshot();
}
