import type { Firestore } from "firebase-admin/firestore";
import type { Mission } from "../../missions/schema";
import type { EtaEstimator } from "../../progress/eta";
import { defaultTimeEta } from "../../progress/etaModel";

/**
 * The estimator a run's trackers read, which improves twice: the claim prices the mission it
 * read (a crawl is not a calculation), and a run still going halfway to its first progress
 * write reads its history. Until the claim has read the mission, the default model will do.
 */
export class RunEta {
  private current: EtaEstimator = defaultTimeEta;
  private timer: NodeJS.Timeout | undefined;
  private loading: Promise<void> | undefined;

  constructor(
    private readonly db: Firestore,
    private readonly sources: {
      /** What is known without reading more (a duplicate delivery must not pay). */
      claimEta?: (mission: Mission) => EtaEstimator;
      /** The mission's history; never throws. */
      loadEta?: (db: Firestore, mission: Mission) => Promise<EtaEstimator>;
    },
  ) {}

  /** What the trackers call: always the newest estimator. */
  readonly estimate: EtaEstimator = (input) => this.current(input);

  /** Prices the mission the claim read; false when there is nothing to price it with. */
  priceClaimed(mission: Mission): boolean {
    if (!this.sources.claimEta) return false;
    this.current = this.sources.claimEta(mission);
    return true;
  }

  /**
   * A run's ETA shows only in its stored snapshots: the claim's is priced without reading, and
   * the next is the first progress write, one write interval later. So history is read only by
   * a run still going after `delayMs` (half that interval): a short mission (most calculations)
   * never pays the query's reads, and its final write does not queue behind them; a long one
   * has its history well before anyone sees an ETA.
   */
  loadHistoryAfter(mission: Mission, delayMs: number): void {
    const loadEta = this.sources.loadEta;
    if (!loadEta) return;
    this.timer = setTimeout(() => {
      this.loading = loadEta(this.db, mission).then((loaded) => {
        this.current = loaded;
      });
    }, delayMs);
  }

  /** Nothing left running after the invocation. */
  async stop(): Promise<void> {
    clearTimeout(this.timer);
    await this.loading;
  }
}
