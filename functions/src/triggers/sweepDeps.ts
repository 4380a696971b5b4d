import type { Firestore } from "firebase-admin/firestore";
import type { PipelineConfig } from "../config";

export interface SweepDeps {
  db: Firestore;
  config: PipelineConfig;
  now: () => number;
}
