import { Timestamp, type DocumentReference } from "firebase-admin/firestore";
import { log } from "../logs";
import { endingAudience, endingOf, writeMissionEnding } from "../notify/ending";
import { statusOf } from "../missions/approval";
import { parseMissionHeader } from "../missions/schema";
import { parseCheckpoint } from "../pipeline/record/checkpoint";
import { settlementOfMalformed, type Settlement } from "../pipeline/claim/settlement";
import { missionUpdate, type MissionUpdate, type RecordError } from "../pipeline/record/recordWrites";
import { reportedSpend, spentSoFar } from "../pipeline/budget/spending";
import { utcDay } from "../shared/days";
import { formatUsd } from "../shared/money";
import { refillAfterEnding, releaseSlot } from "../queue/userSlots";
import { settle, type SweepDeps } from "./sweepDeps";

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
    ownerUid = endingAudience(data).ownerUid;
    const nowMs = deps.now();
    const header = parseMissionHeader(data);
    if (!header.ok) {
      if (statusOf(data) !== "executing") return null;
      const update = failure("invalid_record", header.message, "unknown", { replaceRecord: true });
      tx.update(ref, update);
      releaseSlot(tx, ref.firestore, ownerUid, ref.id);
      const rawRecord: unknown = doc.get("execution_record");
      return { action: "failed" as const, attempt: 0, settlement: settlementOfMalformed(rawRecord) };
    }
    const record = header.value.execution_record;
    const lease = record?.lease_expires_at;
    if (header.value.status !== "executing" || !record || !lease || lease.toMillis() >= nowMs) return null;
    const attempt = record.attempt ?? 1;
    const runId = record.run_id ?? record.execution_id ?? null;
    const startedAtMs = record.started_at?.toMillis() ?? null;
    const parsedCheckpoint = parseCheckpoint(record.checkpoint);
    const checkpoint = parsedCheckpoint.ok ? parsedCheckpoint.value : {};
    const settlement: Settlement | null =
      runId && startedAtMs !== null
        ? {
            runId,
            day: utcDay(startedAtMs),
            spentMicroUsd: spentSoFar(checkpoint),
            reportedMicroUsd: reportedSpend(checkpoint),
          }
        : null;
    const step = record.progress_tracker?.current_step?.step_name ?? null;
    // What analytics counts from the mission's end (triggers/missionFinished.ts).
    const durationMs = startedAtMs === null ? 0 : Math.max(0, nowMs - startedAtMs);
    const spent = settlement?.reportedMicroUsd ?? 0;

    // The owner and their webhook hear of the ending in the commit that makes it.
    const announce = (status: "failed" | "cancelled", fields: Parameters<typeof endingOf>[3]) => {
      releaseSlot(tx, ref.firestore, ownerUid, ref.id); // a requeued run keeps its slot
      if (runId)
        writeMissionEnding(tx, ref.firestore, endingOf(ref.id, runId, status, fields), endingAudience(data), nowMs);
    };
    if (data?.cancel_requested_at != null) {
      const kept = `the worker was gone when the cancellation was handled; nothing more was published; spent ${formatUsd(spent)}`;
      announce("cancelled", {
        result_summary: `Cancelled at ${step ?? "an unknown step"}: ${kept}`,
        actual_cost_microusd: spent,
      });
      tx.update(
        ref,
        missionUpdate({
          status: "cancelled",
          record: {
            success: false,
            status: "cancelled",
            lease_expires_at: null,
            result_summary: `Cancelled at ${step ?? "an unknown step"}: ${kept}`,
            cancellation: { at_step: step, kept, spent_microusd: spent },
            actual_cost_microusd: spent,
            duration_ms: durationMs,
            finished_at: Timestamp.fromMillis(nowMs),
          },
        }),
      );
      return { action: "cancelled" as const, attempt, settlement };
    }
    if (attempt < deps.config.maxAttempts) {
      tx.update(
        ref,
        missionUpdate({ status: "approved", record: { requeued: true, status: "requeued", lease_expires_at: null } }),
      );
      return { action: "requeued" as const, attempt, settlement: null };
    }
    const message = `the worker stopped responding (lease expired) on attempt ${attempt} of ${deps.config.maxAttempts}`;
    tx.update(ref, failure("lease_expired", message, step ?? "unknown", { nowMs, spent, durationMs }));
    const error = { step: step ?? "unknown", kind: "lease_expired", message };
    announce("failed", { result_summary: `Failed at ${error.step}: ${message}`, error, actual_cost_microusd: spent });
    return { action: "failed" as const, attempt, settlement };
  });
  if (!swept) return null;
  const outcome = { ...swept, ownerUid };
  log.leaseSwept(ref.id, outcome.action, outcome.attempt);
  await settle(deps.db, ref.id, outcome.settlement);
  if (outcome.action !== "requeued") await refillAfterEnding(deps.db, outcome.ownerUid, deps.config.userMaxRunning);
  return outcome.action;
}

function failure(
  kind: "lease_expired" | "invalid_record",
  message: string,
  step: RecordError["step"],
  options: { replaceRecord?: boolean; nowMs?: number; spent?: number; durationMs?: number } = {},
): MissionUpdate {
  return missionUpdate({
    status: "failed",
    replaceRecord: options.replaceRecord ?? false,
    record: {
      success: false,
      status: "failed",
      lease_expires_at: null,
      result_summary: `Failed at ${step}: ${message}`,
      error: { step, kind, message },
      ...(options.nowMs === undefined ? {} : { finished_at: Timestamp.fromMillis(options.nowMs) }),
      ...(options.spent === undefined ? {} : { actual_cost_microusd: options.spent }),
      ...(options.durationMs === undefined ? {} : { duration_ms: options.durationMs }),
    },
  });
}
