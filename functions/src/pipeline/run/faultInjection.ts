/**
 * A seam for tests and the bench: the next N passes through a named point throw the given
 * error, as Firestore would there (a transaction closed after a lock-wait timeout, contention).
 * Nothing is armed in production; arming is per process, so only a test or bench that owns
 * the process arms it, and it disarms itself once each armed error was thrown.
 */
export type FaultPoint = "final write" | "budget settlement" | "sweep";

const armed = new Map<FaultPoint, unknown[]>();

/** The next `errors.length` passes through `point` throw these errors, in order. */
export function armFaults(point: FaultPoint, errors: readonly unknown[]): void {
  armed.set(point, [...(armed.get(point) ?? []), ...errors]);
}

/** How many armed errors at `point` have not been thrown yet. */
export function faultsLeft(point: FaultPoint): number {
  return armed.get(point)?.length ?? 0;
}

export function disarmFaults(): void {
  armed.clear();
}

/** Throws the next error armed at `point`, if any. */
export function passFaultPoint(point: FaultPoint): void {
  const queue = armed.get(point);
  if (!queue || queue.length === 0) return;
  const error = queue.shift();
  if (queue.length === 0) armed.delete(point);
  throw error;
}

/** An error shaped as Firestore's for a transaction that waited too long for a lock (gRPC ABORTED, 10). */
export function lockTimeoutError(): Error & { code: number } {
  return Object.assign(new Error("10 ABORTED: Transaction lock timeout."), { code: 10 });
}

/** An error shaped as Firestore's for a transaction it closed (gRPC INVALID_ARGUMENT, 3). */
export function closedTransactionError(): Error & { code: number } {
  return Object.assign(new Error("3 INVALID_ARGUMENT: Transaction is invalid or closed."), { code: 3 });
}
