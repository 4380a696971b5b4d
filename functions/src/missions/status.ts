/**
 * Mission lifecycle: the statuses and the one table of moves between them. A failed mission
 * is final unless its owner retries it; completed and cancelled are final.
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

/**
 * Every move of a mission's status, and who makes it. `missionUpdate`
 * (pipeline/record/recordWrites.ts), the only builder of a status write, refuses any other;
 * pipeline/lifecycle/statusChanges.ts builds each one from its reason. The security rules
 * let a client make only draft -> approved and draft -> cancelled (firestore.rules).
 */
const ALLOWED_TRANSITIONS: Record<MissionStatus, readonly MissionStatus[]> = {
  // approved: its owner (a client or POST /api/missions/{id}/approve); cancelled: its owner.
  draft: ["approved", "cancelled"],
  // executing: the run's claim. queued: its owner is at their concurrency limit
  // (queue/userSlots.ts). failed / cancelled: ended at the claim (unrunnable, or cancel
  // requested). completed / failed / cancelled: a re-approval of a finished mission, refused,
  // puts its final status back.
  approved: ["executing", "queued", "completed", "failed", "cancelled"],
  // approved: a slot freed and it is the owner's oldest queued mission. cancelled / failed:
  // its owner asked to cancel it, and the claim ends it (failed if its record is unreadable);
  // completed / failed / cancelled: the same for a refused re-approval of a finished mission.
  queued: ["approved", "completed", "failed", "cancelled"],
  // completed / failed / cancelled: the run's end, or the lease sweeper's for a dead worker;
  // approved: the lease sweeper re-queueing a run whose worker died, to resume it.
  executing: ["completed", "failed", "cancelled", "approved"],
  completed: [],
  // approved: POST /api/missions/{id}/retry, a new approval that resumes the failed run.
  failed: ["approved"],
  cancelled: [],
};

export function isTerminal(status: MissionStatus): boolean {
  return TERMINAL_STATUSES.includes(status);
}

export function canTransition(from: MissionStatus, to: MissionStatus): boolean {
  return ALLOWED_TRANSITIONS[from].includes(to);
}

/** A status change, as a write states it: from what the writer read, to what it writes. */
export interface StatusMove {
  from: MissionStatus;
  to: MissionStatus;
}

/** Throws when the table above does not list the move: a bug in the code that asked for it. */
export function assertTransition({ from, to }: StatusMove): void {
  if (!canTransition(from, to)) {
    throw new Error(`pipeline bug: a mission never moves from "${from}" to "${to}" (missions/status.ts)`);
  }
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
