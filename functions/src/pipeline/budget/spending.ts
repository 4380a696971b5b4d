import type { Checkpoint } from "../record/checkpoint";

/**
 * Settling at this amount charges a run's whole reservation (settlement never charges more
 * than the estimate it reserved).
 */
export const WHOLE_RESERVATION = Number.MAX_SAFE_INTEGER;

/**
 * What a run that will not go on has spent, for settling its reservation when the worker
 * that knew is gone (swept, or cancelled while re-queued). A finished tool left its cost in
 * the checkpoint. Otherwise the tool may have run and spent before its worker died without
 * the checkpoint saying so (progress writes are coalesced), so the whole reservation is
 * charged: the ledger may overstate such a run by one estimate, never understate it.
 */
export function spentSoFar(checkpoint: Checkpoint): number {
  return checkpoint.tool ? checkpoint.tool.cost_microusd : WHOLE_RESERVATION;
}

/** The same amount as a figure for records and analytics (never the sentinel). */
export function reportedSpend(checkpoint: Checkpoint): number {
  return checkpoint.tool?.cost_microusd ?? (checkpoint.budget_reserved ? (checkpoint.estimate_microusd ?? 0) : 0);
}
