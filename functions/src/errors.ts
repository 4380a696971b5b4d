/**
 * Typed pipeline errors. What the pipeline does with a failure follows from the class:
 * `retryable` errors may be handed back to the platform for redelivery (only before a
 * mission is claimed); everything else is recorded on the mission as its failure.
 */
export const PIPELINE_ERROR_KINDS = [
  "validation",
  "refused",
  "budget_exceeded",
  "tool_unavailable",
  "tool_input",
  "tool_failed",
  "deadline",
  "transient",
  "ownership_lost",
  "cancelled",
  "lease_expired",
  "attempts_exhausted",
  "invalid_record",
  "internal",
] as const;
export type PipelineErrorKind = (typeof PIPELINE_ERROR_KINDS)[number];

export abstract class PipelineError extends Error {
  abstract readonly kind: PipelineErrorKind;
  readonly retryable: boolean = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

/** The mission document (or a tool's input) does not have the shape it must have. */
export class ValidationError extends PipelineError {
  readonly kind = "validation";
}

/** No tool can serve the objective: the mission is refused, with a reason, before anything is spent. */
export class RefusedError extends PipelineError {
  readonly kind = "refused";
}

/** The estimated cost exceeds the mission budget or what is left of the daily budget. */
export class BudgetExceededError extends PipelineError {
  readonly kind = "budget_exceeded";
}

/** The tool exists in name only here (not configured, not built, missing its secret). */
export class ToolUnavailableError extends PipelineError {
  readonly kind = "tool_unavailable";
}

/** The tool was given input it refuses (an expression it may not evaluate, a blocked URL). */
export class ToolInputError extends PipelineError {
  readonly kind = "tool_input";
}

/** The tool ran and failed (an upstream error after retries, an unparseable response). */
export class ToolFailedError extends PipelineError {
  readonly kind = "tool_failed";
}

/** The function's deadline arrived before the work could finish. */
export class DeadlineError extends PipelineError {
  readonly kind = "deadline";
}

/** Another execution now owns the mission (this run's lease was swept): stop, write nothing more. */
export class OwnershipLostError extends PipelineError {
  readonly kind = "ownership_lost";
}

/** The owner asked to cancel the mission; the run stops and keeps nothing new. */
export class CancelledError extends PipelineError {
  readonly kind = "cancelled";
}

/** The sweeper found the run's worker gone (lease expired) on its last allowed attempt. */
export class LeaseExpiredError extends PipelineError {
  readonly kind = "lease_expired";
}

/** The approval was already tried as often as MAX_EXECUTION_ATTEMPTS allows. */
export class AttemptsExhaustedError extends PipelineError {
  readonly kind = "attempts_exhausted";
}

/** The backend-owned `execution_record` (or its checkpoint) is malformed or contradicts itself. */
export class InvalidRecordError extends PipelineError {
  readonly kind = "invalid_record";
}

/** Infrastructure hiccup (Firestore unavailable, contention): safe to try again. */
export class TransientError extends PipelineError {
  readonly kind = "transient";
  override readonly retryable = true;
}

export class InternalError extends PipelineError {
  readonly kind = "internal";
}

/** Whatever was thrown, as a PipelineError (unknown errors become internal ones). */
export function asPipelineError(error: unknown): PipelineError {
  if (error instanceof PipelineError) return error;
  if (isTransientFirestoreError(error)) {
    return new TransientError(errorMessage(error), { cause: error });
  }
  return new InternalError(errorMessage(error), { cause: error });
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

// gRPC codes Firestore uses for "try again": ABORTED (10), UNAVAILABLE (14), DEADLINE_EXCEEDED (4),
// RESOURCE_EXHAUSTED (8).
const TRANSIENT_GRPC_CODES = new Set([4, 8, 10, 14]);

const INVALID_ARGUMENT = 3;
// A transaction Firestore closed (its lock wait timed out) or let expire answers the next
// request with INVALID_ARGUMENT and one of these messages. The request was fine, the
// transaction was not: a fresh transaction may succeed. Any other INVALID_ARGUMENT is a real
// bad request and is never retried.
const CLOSED_TRANSACTION_MESSAGES = [/transaction is invalid or closed/i, /transaction (has )?expired/i];

function isClosedTransaction(error: unknown): boolean {
  const message = errorMessage(error);
  return CLOSED_TRANSACTION_MESSAGES.some((pattern) => pattern.test(message));
}

function isTransientFirestoreError(error: unknown): boolean {
  const code = grpcCode(error);
  if (code === null) return false;
  return TRANSIENT_GRPC_CODES.has(code) || (code === INVALID_ARGUMENT && isClosedTransaction(error));
}

// gRPC codes of a conditional write that found the document not as it expected: NOT_FOUND (5),
// ALREADY_EXISTS (6, a `create` whose document exists), FAILED_PRECONDITION (9, an update
// whose `lastUpdateTime` no longer matches).
const CONDITION_FAILED_GRPC_CODES = new Set([5, 6, 9]);

/** True when a conditional write was refused because a document changed: decide again after a read. */
export function isWriteConditionFailure(error: unknown): boolean {
  const code = grpcCode(error);
  return code !== null && CONDITION_FAILED_GRPC_CODES.has(code);
}

const ALREADY_EXISTS = 6;

/** True when a `create` found its document already there (another writer created it first). */
export function isAlreadyExists(error: unknown): boolean {
  return grpcCode(error) === ALREADY_EXISTS;
}

function grpcCode(error: unknown): number | null {
  if (typeof error !== "object" || error === null || !("code" in error)) return null;
  const code = (error as { code: unknown }).code;
  return typeof code === "number" ? code : null;
}
