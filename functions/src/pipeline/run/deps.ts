import type { Firestore } from "firebase-admin/firestore";
import type { PipelineConfig } from "../../config";
import type { ModelPlanner } from "../../decision/proposal";
import type { Mission } from "../../missions/schema";
import type { EtaEstimator } from "../../progress/eta";
import type { ToolRegistry } from "../../tools/registry";
import type { PipelineHooks } from "../steps/runSteps";

/** What executeMission runs with: the store, the settings, the tools, and the seams tests use. */
export interface PipelineDeps {
  db: Firestore;
  config: PipelineConfig;
  tools: ToolRegistry;
  /** A model planner (PLANNER=llm): asked once per run when the plan names no tool. */
  planner?: ModelPlanner;
  /**
   * The ETA of the claim's snapshot, from the mission the claim transaction read: what is
   * known without reading more (a duplicate delivery must not pay).
   */
  claimEta?: (mission: Mission) => EtaEstimator;
  /** The ETA from this mission's history, read once a run is claimed. */
  loadEta?: (db: Firestore, mission: Mission) => Promise<EtaEstimator>;
  now?: () => number;
  hooks?: PipelineHooks;
  /** Told about each transient error retried after the claim (the bench counts contention). */
  onTransientRetry?: (what: string, attempt: number, error: unknown) => void;
}
