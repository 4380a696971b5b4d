import { missionStatusSchema } from "./schema";
import { isApprovalTransition, type MissionStatus } from "./status";

/** Reads the status of a trigger's before/after data without trusting its shape. */
export function statusOf(data: unknown): MissionStatus | null {
  const raw = typeof data === "object" && data !== null ? (data as { status?: unknown }).status : undefined;
  const parsed = missionStatusSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** True when this write moved the mission into `approved`. */
export function isApproval(before: unknown, after: unknown): boolean {
  return isApprovalTransition(statusOf(before), statusOf(after));
}
