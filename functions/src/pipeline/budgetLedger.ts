import { FieldValue, type DocumentData, type Firestore } from "firebase-admin/firestore";
import { BudgetExceededError } from "../errors";
import { BUDGET_LEDGER } from "../firebase";

/**
 * The global daily budget: one document per UTC day holding reserved and spent amounts
 * (millionths of a dollar), with one entry per execution so every operation is safe to
 * repeat. Budget check reserves the estimate; finalize settles it at the actual cost; a
 * failed run releases it.
 */
export function ledgerDay(nowMs: number): string {
  return new Date(nowMs).toISOString().slice(0, 10);
}

interface LedgerTotals {
  reserved_microusd: number;
  spent_microusd: number;
}

function totals(data: DocumentData | undefined): LedgerTotals {
  return {
    reserved_microusd: Number(data?.reserved_microusd ?? 0),
    spent_microusd: Number(data?.spent_microusd ?? 0),
  };
}

/** The day's totals and this execution's entry: every ledger operation touches exactly these. */
function ledgerRefs(db: Firestore, day: string, executionId: string) {
  const dayRef = db.collection(BUDGET_LEDGER).doc(day);
  return { dayRef, entryRef: dayRef.collection("entries").doc(executionId) };
}

export function formatUsd(microUsd: number): string {
  return `$${(microUsd / 1_000_000).toFixed(4)}`;
}

export async function reserveDailyBudget(
  db: Firestore,
  day: string,
  executionId: string,
  estimateMicroUsd: number,
  dailyLimitMicroUsd: number,
): Promise<void> {
  const { dayRef, entryRef } = ledgerRefs(db, day, executionId);
  await db.runTransaction(async (tx) => {
    const [dayDoc, entryDoc] = await Promise.all([tx.get(dayRef), tx.get(entryRef)]);
    if (entryDoc.exists) return; // already reserved by an earlier delivery of this execution
    const { reserved_microusd, spent_microusd } = totals(dayDoc.data());
    const left = dailyLimitMicroUsd - reserved_microusd - spent_microusd;
    if (estimateMicroUsd > left) {
      throw new BudgetExceededError(
        `estimated cost ${formatUsd(estimateMicroUsd)} exceeds what is left of today's budget ` +
          `(${formatUsd(Math.max(0, left))} of ${formatUsd(dailyLimitMicroUsd)})`,
      );
    }
    tx.set(dayRef, { reserved_microusd: FieldValue.increment(estimateMicroUsd) }, { merge: true });
    tx.set(entryRef, { state: "reserved", estimate_microusd: estimateMicroUsd, actual_microusd: null });
  });
}

/** Replaces the reservation by the actual cost (or records a cost that had no reservation). */
export async function settleDailyBudget(
  db: Firestore,
  day: string,
  executionId: string,
  actualMicroUsd: number,
): Promise<void> {
  const { dayRef, entryRef } = ledgerRefs(db, day, executionId);
  await db.runTransaction(async (tx) => {
    const entry = await tx.get(entryRef);
    const state = entry.get("state") as string | undefined;
    if (state === "settled" || state === "released") return;
    if (!entry.exists && actualMicroUsd === 0) return;
    const estimate = Number(entry.get("estimate_microusd") ?? 0);
    tx.set(
      dayRef,
      {
        reserved_microusd: FieldValue.increment(-estimate),
        spent_microusd: FieldValue.increment(actualMicroUsd),
      },
      { merge: true },
    );
    tx.set(entryRef, { state: "settled", estimate_microusd: estimate, actual_microusd: actualMicroUsd });
  });
}

/** Gives a failed run's reservation back. */
export async function releaseDailyBudget(db: Firestore, day: string, executionId: string): Promise<void> {
  const { dayRef, entryRef } = ledgerRefs(db, day, executionId);
  await db.runTransaction(async (tx) => {
    const entry = await tx.get(entryRef);
    if (entry.get("state") !== "reserved") return;
    tx.set(
      dayRef,
      { reserved_microusd: FieldValue.increment(-Number(entry.get("estimate_microusd"))) },
      { merge: true },
    );
    tx.update(entryRef, { state: "released" });
  });
}
