import type { DocumentReference } from "firebase-admin/firestore";
import { CancelledError } from "../../errors";

/**
 * Notices that the owner cancelled a running mission (`cancel_requested_at` set, see the
 * rules) and aborts the run's signal, which stops tool I/O at once; the pipeline checks
 * `requested` at each step and tools check it between pages. It reads the mission at most
 * once per `intervalMs` while the run lasts (a run shorter than that costs no read), and the
 * fenced progress writes report what they see too. A cancellation that lands after the last
 * step's check is too late: the final write is fenced on the run's ownership, not on the
 * request, so that run completes (docs/guarantees.md, cancellation).
 */
export class CancellationWatch {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private polling = false;
  private reason: string | null = null;

  constructor(
    private readonly missionRef: DocumentReference,
    private readonly intervalMs: number,
    private readonly onNoticed: (reason: string) => void = () => undefined,
  ) {}

  /** Aborted once a cancellation is noticed. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Why the run was cancelled, or null while it was not. */
  get requested(): string | null {
    return this.reason;
  }

  notice(reason = "the owner cancelled the mission"): void {
    if (this.reason !== null) return;
    this.reason = reason;
    this.controller.abort(new CancelledError(reason));
    this.onNoticed(reason);
  }

  start(): void {
    this.timer ??= setInterval(() => void this.poll(), this.intervalMs);
    // A forgotten watch must never keep a process alive.
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private async poll(): Promise<void> {
    if (this.polling || this.reason !== null) return;
    this.polling = true;
    try {
      const doc = await this.missionRef.get();
      if (doc.get("cancel_requested_at") != null) this.notice();
    } catch {
      // A failed read is retried at the next tick; the fenced writes check too.
    } finally {
      this.polling = false;
    }
  }
}
