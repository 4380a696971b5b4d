import type { Response } from "express";
import type { Firestore } from "firebase-admin/firestore";
import type { Request } from "firebase-functions/v2/https";
import { params } from "../config";
import { settingValue } from "../settings";
import { USER_BUDGETS, parseUserDay, userCapOf, userDayRef } from "../pipeline/budget/userBudget";
import { utcDay } from "../shared/days";
import { authenticate } from "./auth";

/**
 * `GET /api/me/budget`: the caller's own spending today (UTC): their cap and where it comes
 * from (an administrator's override, USER_DAILY_BUDGET_MICROUSD, or null: none), what running missions
 * have reserved, what finished ones spent, and what is left. Only ever the caller's own.
 */
export async function getMyBudget(db: Firestore, request: Request, response: Response): Promise<void> {
  const viewer = await authenticate(request);
  const day = utcDay(Date.now());
  const [daySnap, overrideSnap] = await db.getAll(
    userDayRef(db, viewer.uid, day),
    db.collection(USER_BUDGETS).doc(viewer.uid),
  );
  const usage = parseUserDay(daySnap?.data());
  const found = userCapOf(overrideSnap?.data(), settingValue(params.userDailyBudgetMicroUsd));
  // A default of 0 means no per-person cap (an override of 0 is a cap: nothing today).
  const capped = found.capMicroUsd > 0 || found.source !== "USER_DAILY_BUDGET_MICROUSD";
  response.set({ "Cache-Control": "private, no-store", Vary: "Authorization" });
  response.status(200).json({
    uid: viewer.uid,
    day,
    cap_microusd: capped ? found.capMicroUsd : null,
    cap_source: capped ? found.source : "none",
    reserved_microusd: usage.reserved_microusd,
    spent_microusd: usage.spent_microusd,
    left_microusd: capped ? Math.max(0, found.capMicroUsd - usage.reserved_microusd - usage.spent_microusd) : null,
  });
}
