import type { Timestamp } from "firebase-admin/firestore";
import { isWriteConditionFailure } from "../../errors";
import { startingRecord, type MissionUpdate } from "./recordWrites";

/**
 * A claim decided on the delivered mission but not written yet (missionStore.ts explains
 * when a run may start so): its fields ride on the attempt's first write to the mission.
 */
export interface PendingClaim {
  /** The claim's fields; the first write carries them, its own fields taking precedence. */
  readonly update: MissionUpdate;
  /**
   * Decides the claim again in a transaction that reads the mission, once the delivered
   * version turned out stale: true when this attempt owns the mission afterwards.
   */
  readonly reclaim: () => Promise<boolean>;
  /**
   * The delivered mission had no `execution_record`: the claim's write (alone or with the
   * run's first write) may store the record as one map (recordWrites.ts, startingRecord).
   */
  readonly startsRecord: boolean;
}

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
 *
 * With a pending claim, the first write is also the claim. If its condition fails, the
 * claim is decided again in a transaction before the writer's own transaction runs: that one
 * then finds the mission owned by this attempt, or refuses as for any other owner.
 */
export class MissionVersion {
  private updateTime: Timestamp | null;
  private pending: PendingClaim | null;
  /** False once a pending claim, decided again, went to someone else. */
  private owned = true;
  private claimFolded = false;

  constructor(initial: Timestamp | null, pending: PendingClaim | null = null) {
    this.updateTime = initial;
    this.pending = pending;
  }

  /** True while the claim is decided but not yet written (nothing outside the process may be touched). */
  get claimPending(): boolean {
    return this.pending !== null;
  }

  /** False while the claim is unwritten or rode on another write: it cost no write of its own. */
  get claimWrittenAlone(): boolean {
    return this.pending === null && !this.claimFolded;
  }

  /**
   * Writes `update` (with a pending claim's fields) on the condition that the mission is still
   * at the known version, and keeps the write time `write` returns. False when there is
   * nothing to condition on, or the condition failed (the version is then forgotten, and a
   * pending claim decided again): the caller decides in a transaction instead.
   */
  async writeIfUnchanged(
    update: MissionUpdate,
    write: (update: MissionUpdate, expected: Timestamp) => Promise<Timestamp>,
  ): Promise<boolean> {
    const expected = this.updateTime;
    if (!expected) return false;
    const pending = this.pending;
    try {
      const folded = pending !== null && update !== pending.update;
      const claimed = folded ? ({ ...pending.update, ...update } as MissionUpdate) : update;
      this.updateTime = await write(pending?.startsRecord ? startingRecord(claimed) : claimed, expected);
      this.pending = null;
      if (folded) this.claimFolded = true;
      return true;
    } catch (error) {
      if (!isWriteConditionFailure(error)) throw error;
      this.updateTime = null;
      if (pending) {
        this.pending = null;
        this.owned = await pending.reclaim();
      }
      return false;
    }
  }

  /**
   * Writes a pending claim on its own, before the run touches anything outside the process
   * (a paid call, the budget ledger). False when the mission turned out not to be this
   * attempt's to run.
   */
  async claimBeforeEffects(
    write: (update: MissionUpdate, expected: Timestamp) => Promise<Timestamp>,
  ): Promise<boolean> {
    const pending = this.pending;
    if (!pending) return this.owned;
    await this.writeIfUnchanged(pending.update, write);
    return this.owned;
  }
}
