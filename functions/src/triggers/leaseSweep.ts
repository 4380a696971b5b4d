import { randomUUID } from "node:crypto";
import type { DocumentReference } from "firebase-admin/firestore";
import { log } from "../logs";
import { endingAudience } from "../notify/ending";
import { statusOf } from "../missions/approval";
import { parseMissionHeader } from "../missions/schema";
import { lenient, settlementOf, settlementOfMalformed } from "../pipeline/claim/settlement";
import { afterEnding, commitEnding } from "../pipeline/lifecycle/afterEnding";
import { endingWrite, requeueLostRun, type Ending } from "../pipeline/lifecycle/statusChanges";
import { formatUsd } from "../shared/money";
import type { SweepDeps } from "./sweepDeps";

type LeaseAction = "requeued" | "failed" | "cancelled";

/**
 * One `executing` mission whose lease may have expired, in a transaction that re-reads it
 * (a worker that renewed its lease meanwhile is left alone):
 * - cancellation requested: ends `cancelled`, settling what the run spent;
 * - attempts left: back to `approved` for another attempt, which resumes from the stored
 *   checkpoint; the run keeps its id, record and budget reservation;
 * - no attempts left: `failed` with kind `lease_expired`, settling what it spent;
 * - a record too malformed to read: `failed` with kind `invalid_record`, naming the field.
 * Analytics count a run it ends from that write's trigger event (triggers/missionFinished.ts).
 */
export async function sweepExpiredLease(ref: DocumentReference, deps: SweepDeps): Promise<LeaseAction | null> {
  let ownerUid: string | null = null; // whose slot an ending frees
  const swept = await ref.firestore.runTransaction(async (tx) => {
    const doc = await tx.get(ref);
    const data = doc.data();
    const audience = endingAudience(data);
    ownerUid = audience.ownerUid;
    const nowMs = deps.now();
    // The owner and their webhook hear of the ending in the commit that makes it.
    const end = (ending: Omit<Ending, "missionId" | "from" | "atMs">) => {
      const { update, notice } = endingWrite({ ...ending, missionId: ref.id, from: "executing", atMs: nowMs });
      tx.update(ref, update);
      commitEnding(tx, ref.firestore, ref.id, audience, { notice, atMs: nowMs });
    };
    const header = parseMissionHeader(data);
    if (!header.ok) {
      if (statusOf(data) !== "executing") return null;
      const settlement = settlementOfMalformed(doc.get("execution_record"));
      end({
        runId: settlement?.runId ?? `sweeper-${randomUUID()}`,
        reason: { status: "failed", step: "unknown", kind: "invalid_record", message: header.message },
        costMicroUsd: settlement?.reportedMicroUsd ?? 0,
        replaceRecord: true,
      });
      return { action: "failed" as const, attempt: 0, settlement };
    }
    const record = header.value.execution_record;
    const lease = record?.lease_expires_at;
    if (header.value.status !== "executing" || !record || !lease || lease.toMillis() >= nowMs) return null;
    const attempt = record.attempt ?? 1;
    if (data?.cancel_requested_at == null && attempt < deps.config.maxAttempts) {
      tx.update(ref, requeueLostRun()); // it keeps its slot, its record and its reservation
      return { action: "requeued" as const, attempt, settlement: null };
    }
    const runId = record.run_id ?? record.execution_id ?? `sweeper-${randomUUID()}`;
    const startedAtMs = record.started_at?.toMillis() ?? null;
    const settlement = startedAtMs === null ? null : settlementOf(runId, startedAtMs, lenient(record));
    const step = record.progress_tracker?.current_step?.step_name ?? null;
    const spent = settlement?.reportedMicroUsd ?? 0;
    // What analytics counts from the mission's end (triggers/missionFinished.ts).
    const durationMs = startedAtMs === null ? 0 : Math.max(0, nowMs - startedAtMs);
    if (data?.cancel_requested_at != null) {
      end({
        runId,
        reason: {
          status: "cancelled",
          step,
          why: "the worker was gone when the cancellation was handled",
          kept: `nothing more was published; spent ${formatUsd(spent)}`,
        },
        costMicroUsd: spent,
        record: { duration_ms: durationMs },
      });
      return { action: "cancelled" as const, attempt, settlement };
    }
    const message = `the worker stopped responding (lease expired) on attempt ${attempt} of ${deps.config.maxAttempts}`;
    end({
      runId,
      reason: { status: "failed", step: step ?? "unknown", kind: "lease_expired", message },
      costMicroUsd: spent,
      record: { duration_ms: durationMs },
    });
    return { action: "failed" as const, attempt, settlement };
  });
  if (!swept) return null;
  log.leaseSwept(ref.id, swept.action, swept.attempt);
  if (swept.action === "requeued") return swept.action;
  await afterEnding(deps.db, ref.id, {
    settlement: swept.settlement,
    ownerUid,
    userMaxRunning: deps.config.userMaxRunning,
  });
  return swept.action;
}
