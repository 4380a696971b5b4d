import { missionStatusSchema } from "./schema";
import { isApprovalTransition, type MissionStatus } from "./status";

/** Reads the status of a trigger's before/after data without trusting its shape. */
export function statusOf(data: unknown): MissionStatus | null {
  const raw = field(data, "status");
  const parsed = missionStatusSchema.safeParse(raw);
  return parsed.success ? parsed.data : null;
}

/** True when this write moved the mission into `approved` (a create as `approved` included). */
export function isApproval(before: unknown, after: unknown): boolean {
  return isApprovalTransition(statusOf(before), statusOf(after));
}

/**
 * True when this write may need the pipeline: an approval (or a re-queue, which is one too),
 * or, on a mission still waiting in `approved`, a new delivery from the sweeper or the
 * owner's cancellation (the claim then ends it `cancelled`). The claim transaction decides
 * what actually happens, so a spurious "true" costs one read and changes nothing.
 */
export function needsPipeline(before: unknown, after: unknown): boolean {
  if (isApproval(before, after)) return true;
  const status = statusOf(after);
  // A queued mission asked to cancel is ended by the claim, which frees nothing it did not hold.
  if (status === "queued") return changed(field(before, "cancel_requested_at"), field(after, "cancel_requested_at"));
  if (status !== "approved") return false;
  return (
    changed(
      field(field(before, "execution_record"), "dispatched_at"),
      field(field(after, "execution_record"), "dispatched_at"),
    ) || changed(field(before, "cancel_requested_at"), field(after, "cancel_requested_at"))
  );
}

function field(data: unknown, name: string): unknown {
  return typeof data === "object" && data !== null && !Array.isArray(data)
    ? (data as Record<string, unknown>)[name]
    : undefined;
}

function changed(before: unknown, after: unknown): boolean {
  return JSON.stringify(before ?? null) !== JSON.stringify(after ?? null);
}
