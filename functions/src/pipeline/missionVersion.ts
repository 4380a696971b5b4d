import type { Timestamp } from "firebase-admin/firestore";
import { isWriteConditionFailure } from "../errors";

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

  /**
   * Makes `write` on the condition that the mission is still at the known version, and keeps
   * the write time it returns. False when there is nothing to condition on, or the condition
   * failed (the version is then forgotten): the caller decides in a transaction instead.
   */
  async writeIfUnchanged(write: (expected: Timestamp) => Promise<Timestamp>): Promise<boolean> {
    const expected = this.updateTime;
    if (!expected) return false;
    try {
      this.updateTime = await write(expected);
      return true;
    } catch (error) {
      if (!isWriteConditionFailure(error)) throw error;
      this.updateTime = null;
      return false;
    }
  }
}
