import type { DocumentReference, Firestore, Transaction } from "firebase-admin/firestore";
import { log } from "../../logs";
import { writeMissionEnding, type EndingAudience, type EndingWriter, type MissionEnding } from "../../notify/ending";
import { refillAfterEnding, releaseSlot } from "../../queue/userSlots";
import { settleOrRelease } from "../budget/budgetLedger";
import type { ClaimDecision } from "../claim/claimDecision";

/**
 * What every ending of a mission does besides its own write, whoever ends it (the run, the
 * claim, the sweepers): in the same commit, its owner's inbox entry and webhook notification
 * and its owner's slot freed; after the commit, its budget settled and the owner's next
 * queued mission started.
 */

/**
 * In the commit that ends the mission: its slot freed (a blind removal, so an end that held
 * none changes nothing) and, for the end of a run, its announcement: no ending is missed, none
 * announced twice.
 */
export function commitEnding(
  writer: EndingWriter,
  db: Firestore,
  missionId: string,
  audience: EndingAudience,
  announced: { notice: MissionEnding; atMs: number } | null,
): void {
  if (announced) writeMissionEnding(writer, db, announced.notice, audience, announced.atMs);
  releaseSlot(writer, db, audience.ownerUid, missionId);
}

/** An end the claim decided (claimDecision.ts), written in the transaction that read the mission. */
export function commitClaimEnd(
  tx: Transaction,
  ref: DocumentReference,
  end: Extract<ClaimDecision, { kind: "end" }>,
): void {
  tx.update(ref, end.update);
  commitEnding(tx, ref.firestore, ref.id, end.audience, end.ending ?? null);
}

/** A run's budget to settle once it has ended: what it spent, the rest of its reservation released. */
export interface EndingSettlement {
  day: string;
  runId: string;
  spentMicroUsd: number;
}

/**
 * After the commit that ended the mission. Settling comes after it so that a resumed attempt
 * can never find its reservation gone: once the mission is final no attempt resumes it. A
 * settlement that fails is logged and leaves the entry counted as reserved (never lost money).
 */
export async function afterEnding(
  db: Firestore,
  missionId: string,
  ended: { settlement: EndingSettlement | null; ownerUid: string | null; userMaxRunning?: number },
): Promise<void> {
  const { settlement } = ended;
  if (settlement) {
    await settleOrRelease(db, settlement).catch((error) => log.budgetReleaseFailed(missionId, settlement.runId, error));
  }
  await refillAfterEnding(db, ended.ownerUid, ended.userMaxRunning);
}
