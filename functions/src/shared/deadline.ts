/**
 * The point in time by which a run must have finished its tool work, so that the final
 * writes still fit inside the function's timeout, and the run's cancellation: both stop long
 * work early. Tools poll `remainingMs()`/`cancelled` or pass `signal` to their I/O, which
 * aborts at the deadline or as soon as the mission's owner cancels it.
 */
export class Deadline {
  readonly signal: AbortSignal;
  private readonly cancelSignal: AbortSignal | undefined;

  constructor(
    readonly atMs: number,
    private readonly now: () => number = Date.now,
    /** Aborted when the run is cancelled (see pipeline/run/cancellationWatch.ts). */
    cancel?: AbortSignal,
  ) {
    this.cancelSignal = cancel;
    const timeout = AbortSignal.timeout(Math.max(0, atMs - now()));
    this.signal = cancel ? AbortSignal.any([timeout, cancel]) : timeout;
  }

  static after(ms: number, now: () => number = Date.now): Deadline {
    return new Deadline(now() + ms, now);
  }

  remainingMs(): number {
    return Math.max(0, this.atMs - this.now());
  }

  get expired(): boolean {
    return this.remainingMs() === 0;
  }

  /** True once the run was cancelled: stop at the next sub-step, keep nothing new. */
  get cancelled(): boolean {
    return this.cancelSignal?.aborted ?? false;
  }
}
