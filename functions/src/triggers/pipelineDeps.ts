import { EtaHistoryCache, loadEtaEstimator } from "../analytics/eta";
import { loadPipelineConfig, type PipelineConfig } from "../config";
import { loadModelPlanner } from "../decision/plannerConfig";
import { firestore } from "../firebase";
import type { PipelineDeps } from "../pipeline/run/executeMission";
import { createToolRegistry } from "../tools/registry";

/**
 * The last ETA history this instance read: the next claim's first snapshot uses it, for free
 * (see EtaHistoryCache). Per instance, never per request: it only ever holds read-only data.
 */
const etaHistory = new EtaHistoryCache();

/** The pipeline as deployed: real Firestore, params, tools, analytics and ETA history. */
export function productionDeps(config: PipelineConfig = loadPipelineConfig()): PipelineDeps {
  return {
    db: firestore(),
    config,
    tools: createToolRegistry(),
    planner: loadModelPlanner(),
    claimEta: (mission) => etaHistory.claimEstimator(mission),
    loadEta: (db, mission) => loadEtaEstimator(db, mission, { cache: etaHistory }),
  };
}
