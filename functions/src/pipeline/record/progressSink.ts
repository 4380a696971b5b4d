import { etaAsOf } from "../../progress/etaAge";
import { Timestamp, type DocumentReference } from "firebase-admin/firestore";
import { ownershipRefusal, parseMissionHeader } from "../../missions/schema";
import type { ProgressSnapshot } from "../../progress/schema";
import type { ProgressListener } from "../../progress/trackerTypes";
import type { Checkpoint } from "./checkpoint";
import { CoalescedWriter } from "./coalescedWriter";
import { conditionalUpdate } from "./missionStore";
import type { MissionVersion } from "./fencedWriter";
import { renewedLease } from "../claim/leaseRenewal";
import { missionUpdate, type MissionUpdate } from "./recordWrites";

export interface FirestoreSinkOptions {
  /** The run that owns the mission; a write finding another owner stops the sink. */
  executionId: string;
  /** Minimum spacing between two writes to the mission document. */
  intervalMs: number;
  /**
   * A write extends the run's lease to now + leaseMs, but only once that moves it by at least
   * half a lease (leaseRenewal.ts): the lease stays at least half a lease ahead of a worker
   * that writes, and an indexed, ever-increasing field is not rewritten every second.
   */
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
  /** Told which snapshot a write carries as it starts (the ETA keeps what viewers see steady). */
  onWriting?: (snapshot: ProgressSnapshot) => void;
  /** The mission's update time as this attempt last wrote it (shared with the final write). */
  version: MissionVersion;
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
  private readonly writer: CoalescedWriter<ProgressSnapshot>;
  private readonly now: () => number;
  private writeCount = 0;
  /** The lease as last written (the claim wrote lastWriteAtMs + leaseMs). */
  private leaseUntilMs: number;

  constructor(
    private readonly missionRef: DocumentReference,
    private readonly options: FirestoreSinkOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.leaseUntilMs = options.lastWriteAtMs + options.leaseMs;
    this.writer = new CoalescedWriter((snapshot) => this.write(snapshot), {
      intervalMs: options.intervalMs,
      lastWriteAtMs: options.lastWriteAtMs,
      now: this.now,
    });
  }

  readonly listener: ProgressListener = (_event, snapshot) => this.writer.offer(snapshot);

  /** Progress writes made so far. */
  get writes(): number {
    return this.writeCount;
  }

  /** Stops writing (a pending write is dropped: the caller's final write supersedes it). */
  stop(): Promise<void> {
    return this.writer.stop();
  }

  private async write(made: ProgressSnapshot): Promise<void> {
    // The estimate as of this write, not as of the event that made it (up to an interval ago).
    const snapshot = etaAsOf(made, this.now());
    // As it starts, not once committed: estimates made while it is in flight must already
    // stay near it, or the next write could be far from what the listener then sees.
    this.options.onWriting?.(snapshot);
    try {
      const lease = renewedLease(this.leaseUntilMs, this.now(), this.options.leaseMs);
      const update = missionUpdate({
        record: {
          progress_tracker: snapshot,
          checkpoint: this.options.checkpoint(),
          ...(lease === null ? {} : { lease_expires_at: Timestamp.fromMillis(lease) }),
        },
        touchUpdatedAt: false,
      });
      const unchanged = await this.options.version.writeIfUnchanged(update, conditionalUpdate(this.missionRef));
      const refusal = unchanged ? null : await this.writeIfOwned(update);
      if (refusal) {
        this.writer.halt();
        this.options.onOwnershipLost?.(refusal);
        return;
      }
      this.writeCount += 1;
      if (lease !== null) this.leaseUntilMs = lease;
    } catch (error) {
      // A lost progress write is harmless: the next write, or the final one, carries all state.
      this.options.onWriteError?.(error);
    }
  }

  /**
   * Fenced like the final write: only while this run still owns an executing mission, so a
   * worker whose lease was swept cannot overwrite (or extend the lease of) its successor.
   * Returns why it refused, or null.
   */
  private writeIfOwned(update: MissionUpdate): Promise<string | null> {
    return this.missionRef.firestore.runTransaction(async (tx) => {
      const doc = await tx.get(this.missionRef);
      const reason = ownershipRefusal(parseMissionHeader(doc.data()), this.options.executionId);
      if (reason) return reason;
      if (doc.get("cancel_requested_at") != null) this.options.onCancelRequested?.();
      tx.update(this.missionRef, update);
      return null;
    });
  }
}
