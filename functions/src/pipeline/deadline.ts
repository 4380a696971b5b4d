/**
 * The point in time by which a run must have finished its tool work, so that the final
 * writes still fit inside the function's timeout. Long tools poll `remainingMs()` or pass
 * `signal` to their I/O and stop early with what they have.
 */
export class Deadline {
  readonly signal: AbortSignal;

  constructor(
    readonly atMs: number,
    private readonly now: () => number = Date.now,
  ) {
    this.signal = AbortSignal.timeout(Math.max(0, atMs - now()));
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
}
