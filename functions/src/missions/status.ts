/**
 * Mission lifecycle. Transitions live here and only here; the trigger, the pipeline,
 * the sweeper and the security rules' tests all agree with this table.
 */
export const MISSION_STATUSES = [
  "draft",
  "approved",
  "queued",
  "executing",
  "completed",
  "failed",
  "cancelled",
] as const;

export type MissionStatus = (typeof MISSION_STATUSES)[number];

export const TERMINAL_STATUSES: readonly MissionStatus[] = ["completed", "failed", "cancelled"];

const ALLOWED_TRANSITIONS: Record<MissionStatus, readonly MissionStatus[]> = {
  draft: ["approved", "cancelled"],
  // approved -> queued: its owner is at their concurrency limit (queue/userSlots.ts);
  // queued -> approved: a slot freed and it is the owner's oldest queued mission.
  approved: ["executing", "queued", "failed", "cancelled"],
  queued: ["approved", "cancelled"],
  // executing -> approved is the lease sweeper re-queueing a run whose worker died.
  executing: ["completed", "failed", "approved"],
  completed: [],
  failed: [],
  cancelled: [],
};

export function isTerminal(status: MissionStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export function canTransition(from: MissionStatus, to: MissionStatus): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

export function isMissionStatus(value: unknown): value is MissionStatus {
  return typeof value === "string" && (MISSION_STATUSES as readonly string[]).includes(value);
}

/**
 * True when a document write moved a mission into `approved`. Every other write,
 * the pipeline's own included, is ignored by the trigger.
 */
export function isApprovalTransition(before: unknown, after: unknown): boolean {
  return after === "approved" && before !== "approved";
}
