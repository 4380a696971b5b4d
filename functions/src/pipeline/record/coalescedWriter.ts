/**
 * Writes the latest of many values to one document at most once per `intervalMs` (Firestore
 * sustains about one write per second per document). A value offered while a write waits or
 * runs replaces the one before it: every write carries the latest state, so skipping the
 * ones in between loses nothing. Writes never overlap, and the spacing counts from the last
 * commit, not its start: under load a commit can take a while, and it is commits that the
 * one-write-a-second guideline counts. The progress sink and the tool cursor both use it.
 */
export interface CoalescedWriterOptions {
  intervalMs: number;
  /** When the document was last written (the claim, for the progress sink). */
  lastWriteAtMs?: number;
  now?: () => number;
}

export class CoalescedWriter<T> {
  private pending: { value: T } | null = null;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private halted = false;
  private writing = false;
  private lastWriteAtMs: number;
  private readonly now: () => number;

  /** `write` handles its own errors; the writer only sequences and spaces the calls. */
  constructor(
    private readonly write: (value: T) => Promise<void>,
    private readonly options: CoalescedWriterOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.lastWriteAtMs = options.lastWriteAtMs ?? 0;
  }

  offer(value: T): void {
    if (this.halted) return;
    this.pending = { value };
    this.schedule();
  }

  /** Writes nothing more; a pending value is dropped. Safe to call from inside `write`. */
  halt(): void {
    this.halted = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = null;
  }

  /** Halts, then waits for a write in flight to finish. */
  async stop(): Promise<void> {
    this.halt();
    await this.inFlight;
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastWriteAtMs + this.options.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flush();
    }, wait);
  }

  private flush(): void {
    const pending = this.pending;
    // A write still in flight schedules the next one when it commits.
    if (!pending || this.halted || this.writing) return;
    // The last write committed later than this timer assumed (a slow commit): wait on.
    if (this.now() < this.lastWriteAtMs + this.options.intervalMs) {
      this.schedule();
      return;
    }
    this.pending = null;
    this.writing = true;
    this.lastWriteAtMs = this.now();
    this.inFlight = this.inFlight.then(() => this.run(pending.value));
  }

  private async run(value: T): Promise<void> {
    try {
      await this.write(value);
    } finally {
      this.lastWriteAtMs = this.now();
      this.writing = false;
      if (this.pending && !this.halted) this.schedule();
    }
  }
}
