import type { DocumentData, DocumentReference } from "firebase-admin/firestore";
import { loadPipelineConfig, type PipelineConfig } from "../../functions/src/config";
import { executeMission, type PipelineDeps, type PipelineHooks } from "../../functions/src/pipeline/run/executeMission";
import { PIPELINE_STEPS } from "../../functions/src/shared/steps";
import type { ExecutionStep } from "../../functions/src/progress/schema";
import { productionDeps } from "../../functions/src/triggers/pipelineDeps";
import { db } from "./emulator";

/** What executeMission gets from the trigger, with optional test hooks and config overrides. */
export function pipelineDeps(options: { hooks?: PipelineHooks; config?: Partial<PipelineConfig> } = {}): PipelineDeps {
  db(); // fail loudly without the emulators
  const deps: PipelineDeps = productionDeps(loadPipelineConfig(options.config));
  if (options.hooks) deps.hooks = options.hooks;
  return deps;
}

export function runDirect(missionId: string, options: Parameters<typeof pipelineDeps>[0] = {}) {
  return executeMission(missionId, pipelineDeps(options));
}

/** Creates a mission directly in `approved` (a create does not fire the update trigger). */
export async function createApproved(fields: Record<string, unknown>, id: string): Promise<DocumentReference> {
  const ref = db().collection("missions").doc(id);
  await ref.set({ owner_uid: "user-1", status: "approved", created_at: new Date(), ...fields });
  return ref;
}

/** The seven completed steps with the table's percentages, in order, progress never decreasing. */
export function assertCompletedHistory(
  assert: typeof import("node:assert/strict"),
  data: DocumentData,
  missionId: string,
): void {
  const tracker = data.execution_record.progress_tracker;
  assert.equal(tracker.mission_id, missionId);
  assert.equal(tracker.progress_percent, 100);
  const steps = tracker.completed_steps as ExecutionStep[];
  assert.deepEqual(
    steps.map((step) => [step.step_name, step.step_index, step.total_steps, step.progress_percent, step.status]),
    PIPELINE_STEPS.map((step, index) => [step.name, index + 1, 7, step.completedPercent, "completed"]),
  );
  const percents = steps.map((step) => step.progress_percent);
  assert.deepEqual(
    percents,
    [...percents].sort((a, b) => a - b),
  );
  for (let index = 1; index < steps.length; index += 1) {
    const previous = steps[index - 1];
    const step = steps[index];
    assert.ok(
      previous && step && Date.parse(step.started_at) >= Date.parse(previous.completed_at ?? ""),
      "steps overlap",
    );
  }
}
