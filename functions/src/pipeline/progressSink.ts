import { Timestamp, type DocumentReference } from "firebase-admin/firestore";
import { ownershipRefusal, parseMissionHeader } from "../missions/schema";
import type { ProgressSnapshot } from "../progress/schema";
import type { ProgressListener } from "../progress/tracker";
import type { Checkpoint } from "./checkpoint";
import { missionUpdate } from "./recordWrites";

export interface FirestoreSinkOptions {
  /** The run that owns the mission; a write finding another owner stops the sink. */
  executionId: string;
  /** Minimum spacing between two writes to the mission document. */
  intervalMs: number;
  /** Each write also extends the run's lease by this much. */
  leaseMs: number;
  /** When the mission document was last written (the claim), so the first write keeps its distance. */
  lastWriteAtMs: number;
  now?: () => number;
  onWriteError?: (error: unknown) => void;
  /** Told once when the mission turned out to belong to another run (or none). */
  onOwnershipLost?: (reason: string) => void;
  /** The run's checkpoint, read at write time so it holds at least what the snapshot shows done. */
  checkpoint: () => Checkpoint;
  /** Told when a write saw that the owner asked to cancel. */
  onCancelRequested?: () => void;
}

/**
 * Persists the tracker's snapshot into `execution_record.progress_tracker`, with the run's
 * checkpoint beside it (the same write, so a stored "step completed" always has its output
 * stored too), coalescing
 * events so the document is written at most once per `intervalMs`. Every write carries the
 * whole latest snapshot, so no step transition is lost by skipping intermediate ones; the
 * pipeline's final write carries the final snapshot. Each write also renews the lease, and is
 * fenced by the execution id: once the mission belongs to another run the sink stops.
 */
export class FirestoreProgressSink {
  private pending: ProgressSnapshot | null = null;
  private timer: NodeJS.Timeout | undefined;
  private inFlight: Promise<void> = Promise.resolve();
  private stopped = false;
  private writing = false;
  private lastWriteAtMs: number;
  private readonly now: () => number;
  private writeCount = 0;

  constructor(
    private readonly missionRef: DocumentReference,
    private readonly options: FirestoreSinkOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.lastWriteAtMs = options.lastWriteAtMs;
  }

  readonly listener: ProgressListener = (_event, snapshot) => {
    if (this.stopped) return;
    this.pending = snapshot;
    this.schedule();
  };

  /** Progress writes made so far. */
  get writes(): number {
    return this.writeCount;
  }

  /** Stops writing (a pending write is dropped: the caller's final write supersedes it). */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending = null;
    await this.inFlight;
  }

  private schedule(): void {
    if (this.timer) return;
    const wait = Math.max(0, this.lastWriteAtMs + this.options.intervalMs - this.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.flushPending();
    }, wait);
  }

  private flushPending(): void {
    const snapshot = this.pending;
    // A write still in flight schedules the next one when it commits.
    if (!snapshot || this.stopped || this.writing) return;
    // The last write committed later than this timer assumed (a slow commit): wait on.
    if (this.now() < this.lastWriteAtMs + this.options.intervalMs) {
      this.schedule();
      return;
    }
    this.pending = null;
    this.writing = true;
    this.lastWriteAtMs = this.now();
    this.inFlight = this.inFlight.then(() => this.write(snapshot));
  }

  private async write(snapshot: ProgressSnapshot): Promise<void> {
    try {
      // Fenced like the final write: only while this run still owns an executing mission, so a
      // worker whose lease was swept cannot overwrite (or extend the lease of) its successor.
      const refusal = await this.missionRef.firestore.runTransaction(async (tx) => {
        const doc = await tx.get(this.missionRef);
        const reason = ownershipRefusal(parseMissionHeader(doc.data()), this.options.executionId);
        if (reason) return reason;
        if (doc.get("cancel_requested_at") != null) this.options.onCancelRequested?.();
        tx.update(
          this.missionRef,
          missionUpdate({
            record: {
              progress_tracker: snapshot,
              checkpoint: this.options.checkpoint(),
              lease_expires_at: Timestamp.fromMillis(this.now() + this.options.leaseMs),
            },
          }),
        );
        return null;
      });
      if (refusal) {
        this.stopped = true;
        this.options.onOwnershipLost?.(refusal);
        return;
      }
      this.writeCount += 1;
    } catch (error) {
      // A lost progress write is harmless: the next write, or the final one, carries all state.
      this.options.onWriteError?.(error);
    } finally {
      // Space the next write from this one's commit, not its start: under load a commit can
      // take a while, and it is commits that the one-write-a-second guideline counts.
      this.lastWriteAtMs = this.now();
      this.writing = false;
      if (this.pending && !this.stopped) this.schedule();
    }
  }
}
