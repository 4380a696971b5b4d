import type { StepName } from "../shared/steps";
import type { EtaEstimator } from "./eta";
import type { ProgressSnapshot } from "./schema";

// What a MissionProgressTracker (tracker.ts) is told and what it tells its listeners.

export type ProgressEventType = "step_started" | "step_progress" | "step_completed" | "step_failed";

export interface ProgressEvent {
  readonly type: ProgressEventType;
  readonly step: StepName;
  readonly percent: number;
  /** Milliseconds since the epoch, from the tracker's clock. */
  readonly at: number;
}

/** Called after the tracker has recorded the change; `snapshot` is a private copy. */
export type ProgressListener = (event: ProgressEvent, snapshot: ProgressSnapshot) => void;

export interface SubStepProgress {
  /** Items collected so far in this step (web_extract rows, search results). */
  itemsCollected?: number;
  /** How many items the step is aiming for; with itemsCollected it gives the fraction. */
  itemsTarget?: number;
  pagesVisited?: number;
  /** Explicit fraction of the step done (0..1); otherwise derived from the item counts. */
  fraction?: number;
  message?: string;
}

export interface TrackerOptions {
  now?: () => number;
  /** The attempt of the run this tracker records; stamped on every step it starts. */
  attempt?: number;
  /**
   * A snapshot persisted by an earlier attempt of the same run. The tracker continues it:
   * completed steps, percentage and start time are kept (progress never goes backwards
   * across attempts); a step that was interrupted is started again.
   */
  resumeFrom?: ProgressSnapshot;
  eta?: EtaEstimator;
  /** Told about a listener that threw; the tracker itself carries on. */
  onListenerError?: (error: unknown, event: ProgressEvent) => void;
}
