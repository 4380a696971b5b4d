/**
 * What a model planner answered, before anything trusts it: a tool call (its name and raw
 * arguments, still to be validated exactly like a plan), "no tool" with the model's reason,
 * or no usable answer and why (timeout, HTTP 429/5xx, malformed reply, text only).
 */
export type PlannerProposal =
  | { kind: "tool"; name: string; arguments: unknown }
  | { kind: "no_tool"; reason: string }
  | { kind: "unusable"; why: string };

/** Asks a model which tool serves `objective`; never throws (a failure is an `unusable` answer). */
export interface ModelPlanner {
  /** The price of one call, in millionths of a US dollar: added to the run's estimate. */
  readonly costMicroUsd: number;
  propose(objective: string): Promise<PlannerProposal>;
}
