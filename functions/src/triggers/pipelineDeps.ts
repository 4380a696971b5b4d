import { loadEtaEstimator } from "../analytics/eta";
import { aggregatesRecorder } from "../analytics/recorder";
import { loadPipelineConfig, type PipelineConfig } from "../config";
import { firestore } from "../firebase";
import type { PipelineDeps } from "../pipeline/executeMission";
import { createToolRegistry } from "../tools/registry";

/** The pipeline as deployed: real Firestore, params, tools, analytics and ETA history. */
export function productionDeps(config: PipelineConfig = loadPipelineConfig()): PipelineDeps {
  return {
    db: firestore(),
    config,
    tools: createToolRegistry(),
    recorder: aggregatesRecorder,
    loadEta: loadEtaEstimator,
  };
}
