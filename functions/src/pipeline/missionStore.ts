import { FieldValue, Timestamp, type DocumentReference, type Firestore } from "firebase-admin/firestore";
import { MISSIONS } from "../firebase";
import {
  ownershipRefusal,
  ownerUidSchema,
  parseMission,
  parseMissionHeader,
  type Mission,
  type MissionHeader,
} from "../missions/schema";
import type { ProgressSnapshot } from "../progress/schema";

/**
 * The only module that writes a mission's status. Every write is a transaction that
 * re-reads the document, so duplicate deliveries and stale workers change nothing.
 */
export type ClaimResult =
  | { kind: "claimed"; mission: Mission; attempt: number; claimedAtMs: number }
  | { kind: "skipped"; reason: string }
  | { kind: "invalid"; message: string; ownerUid: string | null };

/** Why this mission may not be claimed now, or null when it may. */
export function claimRefusal(header: MissionHeader): string | null {
  if (header.status !== "approved") return `status is "${header.status}", not "approved"`;
  const record = header.execution_record;
  if (record?.execution_id && record.requeued !== true) {
    return `already executed by execution ${record.execution_id}`;
  }
  return null;
}

export function missionRef(db: Firestore, missionId: string): DocumentReference {
  return db.collection(MISSIONS).doc(missionId);
}

interface ClaimRequest {
  executionId: string;
  leaseMs: number;
  now: () => number;
  /** The tracker's snapshot at the moment of the claim (verification started). */
  snapshot: () => ProgressSnapshot;
}

export async function claimMission(ref: DocumentReference, request: ClaimRequest): Promise<ClaimResult> {
  return ref.firestore.runTransaction(async (tx) => {
    const doc = await tx.get(ref);
    if (!doc.exists) return { kind: "skipped", reason: "mission does not exist" };
    const header = parseMissionHeader(doc.data());
    if (!header.ok) {
      // Without a readable status we cannot tell an approval from anything else: leave it be.
      return { kind: "skipped", reason: header.message };
    }
    const refusal = claimRefusal(header.value);
    if (refusal) return { kind: "skipped", reason: refusal };

    const parsed = parseMission(doc.data());
    // An invalid mission is failed by the caller (failUnclaimed), which re-checks the claim.
    if (!parsed.ok) {
      const owner = ownerUidSchema.safeParse(doc.get("owner_uid"));
      return { kind: "invalid", message: parsed.message, ownerUid: owner.success ? owner.data : null };
    }
    const attempt = (header.value.execution_record?.attempt ?? 0) + 1;
    const claimedAtMs = request.now();
    tx.update(ref, {
      status: "executing",
      updated_at: FieldValue.serverTimestamp(),
      "execution_record.execution_id": request.executionId,
      "execution_record.attempt": attempt,
      "execution_record.requeued": false,
      "execution_record.status": "executing",
      "execution_record.lease_expires_at": Timestamp.fromMillis(claimedAtMs + request.leaseMs),
      "execution_record.started_at": Timestamp.fromMillis(claimedAtMs),
      "execution_record.progress_tracker": request.snapshot(),
    });
    return { kind: "claimed", mission: parsed.value, attempt, claimedAtMs };
  });
}

/**
 * Records a failure that happened before the claim (the verification step itself failed).
 * Writes only if the mission is still an unclaimed approval.
 */
export async function failUnclaimed(ref: DocumentReference, fields: Record<string, unknown>): Promise<boolean> {
  return ref.firestore.runTransaction(async (tx) => {
    const doc = await tx.get(ref);
    const header = parseMissionHeader(doc.data());
    if (!doc.exists || !header.ok || claimRefusal(header.value)) return false;
    tx.update(ref, fields);
    return true;
  });
}

/**
 * Writes a run's result, only if this execution still owns the mission (a run whose lease
 * was swept and re-queued must not overwrite its successor). Returns why it refused, or null.
 */
export async function finishMission(
  ref: DocumentReference,
  executionId: string,
  fields: Record<string, unknown>,
): Promise<string | null> {
  return ref.firestore.runTransaction(async (tx) => {
    const refusal = ownershipRefusal(parseMissionHeader((await tx.get(ref)).data()), executionId);
    if (refusal) return refusal;
    tx.update(ref, fields);
    return null;
  });
}

/** The `execution_record` result fields, as dotted paths so nothing else in the map is lost. */
export function executionRecordFields(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [`execution_record.${key}`, value]));
}
