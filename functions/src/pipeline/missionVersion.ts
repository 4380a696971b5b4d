import type { Timestamp } from "firebase-admin/firestore";

/**
 * The mission document's update time as this attempt last saw it written: by its own claim,
 * its own progress writes, or (for the claim) the trigger event that delivered it.
 *
 * While it is known, the attempt's next write to the mission skips the transaction's read:
 * a write conditioned on that update time (Firestore's `lastUpdateTime` precondition) commits
 * only if nothing wrote the document since, which is everything the read would have checked
 * (this run still owns the mission; the owner asked for no cancellation since). One round
 * trip instead of two, on the path every mission takes. When the condition fails, something
 * else wrote the mission: the writer forgets the version and decides in a transaction, which
 * reads the document, as every write did before.
 */
export class MissionVersion {
  private updateTime: Timestamp | null;

  constructor(initial: Timestamp | null) {
    this.updateTime = initial;
  }

  /** The update time the next conditional write expects, or null: write in a transaction. */
  get known(): Timestamp | null {
    return this.updateTime;
  }

  /** This attempt wrote the mission; the commit's write time is its update time now. */
  wrote(writeTime: Timestamp): void {
    this.updateTime = writeTime;
  }

  /** Something else wrote the mission, or this attempt wrote it without learning the time. */
  forget(): void {
    this.updateTime = null;
  }
}
