import type { EtaEstimate } from "./eta";
import { round1 } from "../shared/money";

/**
 * Keeps the implied finish time (now + ETA) steady. A viewer reads an ETA as "done at about
 * 12:00:08"; an estimate that moves that time by seconds on every page reads as noise. Each
 * new estimate may move the implied finish by at most `maxShare` of the time that was left
 * under the previous one, so a real change (a slower site) still comes through within a few
 * events, while a single odd page barely shows. One per tracker: it holds only this run's
 * last estimate.
 */
export class SteadyEta {
  private last: { finishAtMs: number } | null = null;

  constructor(
    private readonly maxShare = 0.25,
    /** Moves this small are always allowed: near the end a share of nothing would freeze it. */
    private readonly slackMs = 250,
  ) {}

  /** The estimate to record at `atMs`, with its range shifted by the same amount. */
  next(raw: EtaEstimate, atMs: number): EtaEstimate {
    const rawFinish = atMs + raw.seconds * 1000;
    if (!this.last) {
      this.last = { finishAtMs: rawFinish };
      return raw;
    }
    // A finish already passed is moved from now: the run is late, not done.
    const base = Math.max(this.last.finishAtMs, atMs);
    const leftBefore = base - atMs;
    // Nothing left under the old estimate gives no scale: move by a share of the new one.
    const scale = Math.max(leftBefore, 0.5 * raw.seconds * 1000);
    const limit = Math.max(this.slackMs, this.maxShare * scale);
    const finishAtMs = Math.max(atMs, Math.min(base + limit, Math.max(base - limit, rawFinish)));
    this.last = { finishAtMs };
    const seconds = (finishAtMs - atMs) / 1000;
    const shift = seconds - raw.seconds;
    return {
      ...raw,
      seconds: round1(seconds),
      lowSeconds: round1(Math.max(0, Math.min(seconds, raw.lowSeconds + shift))),
      highSeconds: round1(Math.max(seconds, raw.highSeconds + shift)),
    };
  }

  /** Forgets the last estimate (a failed run, a finished one). */
  reset(): void {
    this.last = null;
  }
}
