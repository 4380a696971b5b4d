import { FieldValue, type DocumentReference, type Firestore } from "firebase-admin/firestore";
import * as z from "zod";
import { BudgetExceededError } from "../../errors";
import { formatUsd } from "../../shared/money";
import { DEFAULT_RETRY_POLICY, withTransientRetries, type RetryPolicy } from "../run/transientRetry";

/**
 * Each person's daily budget, beside the deployment's (budgetLedger.ts).
 *
 * One document per person and UTC day (`users/{uid}/budget_days/{day}`: reserved and spent)
 * and one entry per run (`user_budget_entries/{runId}`: whose day it was charged to, the
 * estimate, its state). A reservation reads both and the person's override
 * (`user_budgets/{uid}`, written by administrators only) in one transaction, so when one
 * person's missions race for their last dollars exactly as many fit as the cap allows.
 * One person's runs contend on one document, which is what a per-person cap means; runs of
 * different people never touch each other's.
 */
export const USER_BUDGET_ENTRIES = "user_budget_entries";
export const USER_BUDGETS = "user_budgets";

/** The same burst policy as the deployment's reservations: approvals come in bursts. */
const BURST_RETRY_POLICY: RetryPolicy = { attempts: 12, baseDelayMs: 50, maxDelayMs: 2_000 };

const daySchema = z.object({
  reserved_microusd: z.number().int().nonnegative().default(0),
  spent_microusd: z.number().int().nonnegative().default(0),
});
export type UserDay = z.infer<typeof daySchema>;

const entrySchema = z.object({
  uid: z.string().min(1),
  day: z.string().min(1),
  state: z.enum(["reserved", "settled", "released"]),
  estimate_microusd: z.number().int().nonnegative(),
  actual_microusd: z.number().int().nonnegative().nullable(),
});

/** `user_budgets/{uid}`: an administrator's cap for one person, instead of USER_DAILY_BUDGET_MICROUSD. */
export const userBudgetOverrideSchema = z.object({
  daily_budget_microusd: z.number().int().nonnegative(),
});

export function userDayRef(db: Firestore, uid: string, day: string): DocumentReference {
  return db.collection("users").doc(uid).collection("budget_days").doc(day);
}

function entryRef(db: Firestore, runId: string): DocumentReference {
  return db.collection(USER_BUDGET_ENTRIES).doc(runId);
}

function overrideRef(db: Firestore, uid: string): DocumentReference {
  return db.collection(USER_BUDGETS).doc(uid);
}

export function parseUserDay(data: unknown): UserDay {
  return daySchema.parse(data ?? {});
}

/** The person's cap: their override when an administrator set one (and it parses), else the default. */
export function userCapOf(overrideData: unknown, defaultCapMicroUsd: number): { capMicroUsd: number; source: string } {
  const parsed = userBudgetOverrideSchema.safeParse(overrideData);
  return parsed.success
    ? { capMicroUsd: parsed.data.daily_budget_microusd, source: "user_budgets override" }
    : { capMicroUsd: defaultCapMicroUsd, source: "USER_DAILY_BUDGET_MICROUSD" };
}

/**
 * Whether this person's day is capped: a default cap is set, or an administrator set theirs.
 * Read outside any transaction (the reservation's transaction reads the override again).
 */
export async function userCapApplies(db: Firestore, uid: string, defaultCapMicroUsd: number): Promise<boolean> {
  return defaultCapMicroUsd > 0 || (await overrideRef(db, uid).get()).exists;
}

export interface UserReserveRequest {
  uid: string;
  day: string;
  runId: string;
  estimateMicroUsd: number;
  defaultCapMicroUsd: number;
  onRetry?: (attempt: number, error: unknown) => void;
}

/**
 * Reserves the estimate from the person's day, or throws BudgetExceededError naming their cap
 * and what is left. Safe to repeat: a run that holds an entry reserves nothing more.
 */
export async function reserveUserBudget(db: Firestore, request: UserReserveRequest): Promise<void> {
  const { uid, day, runId, estimateMicroUsd } = request;
  const dayDoc = userDayRef(db, uid, day);
  const entry = entryRef(db, runId);
  await withTransientRetries(
    () =>
      db.runTransaction(async (tx) => {
        const [entrySnap, daySnap, overrideSnap] = await tx.getAll(entry, dayDoc, overrideRef(db, uid));
        if (entrySnap?.exists) return;
        const current = parseUserDay(daySnap?.data());
        const { capMicroUsd } = userCapOf(overrideSnap?.data(), request.defaultCapMicroUsd);
        const left = capMicroUsd - current.reserved_microusd - current.spent_microusd;
        if (left < estimateMicroUsd) {
          throw new BudgetExceededError(
            `user daily cap: estimated cost ${formatUsd(estimateMicroUsd)} exceeds what is left of your ` +
              `daily budget (${formatUsd(Math.max(0, left))} of ${formatUsd(capMicroUsd)})`,
          );
        }
        tx.set(dayDoc, {
          ...current,
          reserved_microusd: current.reserved_microusd + estimateMicroUsd,
          updated_at: FieldValue.serverTimestamp(),
        });
        tx.set(entry, {
          uid,
          day,
          state: "reserved",
          estimate_microusd: estimateMicroUsd,
          actual_microusd: null,
          updated_at: FieldValue.serverTimestamp(),
        });
      }),
    BURST_RETRY_POLICY,
    request.onRetry,
  );
}

/**
 * Moves a run's reservation on its owner's day: `settled` charges what it spent (at most the
 * estimate) and frees the rest, `released` frees it all, `undone` frees it all and forgets the
 * entry (the deployment refused, so a retry of the step must reserve afresh). Safe to repeat.
 */
export async function settleUserBudget(
  db: Firestore,
  runId: string,
  actualMicroUsd: number,
  finalState: "settled" | "released" | "undone",
): Promise<void> {
  const entry = entryRef(db, runId);
  // Most runs have no entry (no per-person cap): one read, no transaction.
  if (!(await entry.get()).exists) return;
  await withTransientRetries(
    () =>
      db.runTransaction(async (tx) => {
        const entrySnap = await tx.get(entry);
        if (!entrySnap.exists) return;
        const current = entrySchema.parse(entrySnap.data());
        if (current.state !== "reserved") return;
        const dayDoc = userDayRef(db, current.uid, current.day);
        const day = parseUserDay((await tx.get(dayDoc)).data());
        const charged = finalState === "settled" ? Math.min(actualMicroUsd, current.estimate_microusd) : 0;
        tx.set(dayDoc, {
          ...day,
          reserved_microusd: Math.max(0, day.reserved_microusd - current.estimate_microusd),
          spent_microusd: day.spent_microusd + charged,
          updated_at: FieldValue.serverTimestamp(),
        });
        if (finalState === "undone") tx.delete(entry);
        else
          tx.set(entry, {
            ...current,
            state: finalState,
            actual_microusd: charged,
            updated_at: FieldValue.serverTimestamp(),
          });
      }),
    DEFAULT_RETRY_POLICY,
  );
}
