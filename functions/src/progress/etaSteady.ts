import type { EtaEstimate } from "./eta";
import { round1 } from "../shared/money";

/**
 * Keeps the implied finish time (now + ETA) steady. A viewer reads an ETA as "done at about
 * 12:00:08"; an estimate that moves that time by seconds on every page reads as noise. Each
 * new estimate may move the implied finish by at most `maxShare` of the time that was left
 * under the previous one, so a real change (a slower site) still comes through within a few
 * events, while a single odd page barely shows. One per tracker: it holds only this run's
 * estimates.
 *
 * Viewers do not see every estimate: the progress sink writes at most one snapshot a second,
 * so ten quick pages can each move the finish by the full share and compound between two
 * writes. The estimate last written (`shown`) is therefore a second bound: whatever the
 * events in between did, the next written snapshot is within `maxShare` of it.
 */
/** How many pages were done at an estimate, and how late the pages after any such count were. */
export interface PageTiming {
  pages: number;
  /** Total lateness (ms, negative when sooner than expected) of the pages done after the first `pages`. */
  latenessSince(pages: number): number;
}

const NO_PAGES: PageTiming = { pages: 0, latenessSince: () => 0 };

interface Anchor {
  finishAtMs: number;
  pages: number;
}

export class SteadyEta {
  private last: Anchor | null = null;
  private shown: Anchor | null = null;

  constructor(
    private readonly maxShare = 0.25,
    /** Moves this small are always allowed: near the end a share of nothing would freeze it. */
    private readonly slackMs = 250,
  ) {}

  /**
   * The estimate to record at `atMs`, with its range shifted by the same amount. Pages done
   * since an earlier estimate move its finish by their own lateness first (a page 700 ms late
   * makes the run 700 ms later, whatever the model thinks of the pages to come); only the
   * rest, the model's extrapolation, is held to the share.
   */
  next(raw: EtaEstimate, atMs: number, pages: PageTiming = NO_PAGES): EtaEstimate {
    const rawFinish = atMs + raw.seconds * 1000;
    if (this.last === null && this.shown === null) {
      this.last = { finishAtMs: rawFinish, pages: pages.pages };
      return raw;
    }
    let finishAtMs = rawFinish;
    if (this.last !== null) finishAtMs = this.bounded(finishAtMs, this.last, atMs, raw.seconds, pages);
    // Applied last, so it wins: what viewers see is what the bound promises.
    if (this.shown !== null) finishAtMs = this.bounded(finishAtMs, this.shown, atMs, raw.seconds, pages);
    this.last = { finishAtMs, pages: pages.pages };
    const seconds = (finishAtMs - atMs) / 1000;
    const shift = seconds - raw.seconds;
    return {
      ...raw,
      seconds: round1(seconds),
      lowSeconds: round1(Math.max(0, Math.min(seconds, raw.lowSeconds + shift))),
      highSeconds: round1(Math.max(seconds, raw.highSeconds + shift)),
    };
  }

  /** The implied finish a viewer was shown (a snapshot being written), and its pages done. */
  showed(finishAtMs: number, pages: number): void {
    this.shown = { finishAtMs, pages };
  }

  /** Forgets every estimate (nothing of them was shown: the estimator learned what the run is). */
  reset(): void {
    this.last = null;
    this.shown = null;
  }

  /** `finishAtMs` moved toward the anchor's finish (shifted by the pages since) until within the share. */
  private bounded(finishAtMs: number, anchor: Anchor, atMs: number, rawSeconds: number, pages: PageTiming): number {
    // Between the anchor's finish and that finish moved by the pages' lateness, nothing needs
    // explaining; a finish already passed is moved from now: the run is late, not done.
    const lateness = pages.latenessSince(anchor.pages);
    const earliest = Math.max(anchor.finishAtMs + Math.min(0, lateness), atMs);
    const latest = Math.max(anchor.finishAtMs + Math.max(0, lateness), atMs);
    // The share is of the time left under the anchor itself: what its viewer was told.
    const leftBefore = Math.max(0, anchor.finishAtMs - atMs);
    // Nothing left under the old estimate gives no scale: move by a share of the new one
    // (the run is late: whatever is shown next is a jump from a finish that passed).
    const scale = leftBefore >= this.slackMs ? leftBefore : 0.5 * rawSeconds * 1000;
    const limit = Math.max(this.slackMs, this.maxShare * scale);
    return Math.max(atMs, Math.min(latest + limit, Math.max(earliest - limit, finishAtMs)));
  }
}
