import { Timestamp, type Firestore, type WriteBatch } from "firebase-admin/firestore";
import type { FinishedMission } from "../../functions/src/analytics/aggregateWrites";
import { PIPELINE_STEPS, type StepName } from "../../functions/src/shared/steps";
import type { ProgressSnapshot } from "../../functions/src/progress/schema";
import { MissionProgressTracker } from "../../functions/src/progress/tracker";
import type { ToolName } from "../../functions/src/shared/toolNames";

/**
 * Mission documents in the shapes the pipeline writes, built by a real tracker on a manual
 * clock, for tests and the bench that need many missions without running the pipeline.
 */
export const STEP_MS = 20;

/** The tracker's snapshot with every step before `runningStep` completed and `runningStep` started. */
export function trackerAt(missionId: string, runningStep: StepName | "done", startMs: number): ProgressSnapshot {
  let now = startMs;
  const tracker = new MissionProgressTracker(missionId, { now: () => now });
  for (const step of PIPELINE_STEPS) {
    tracker.startStep(step.name);
    if (step.name === runningStep) return tracker.snapshot();
    now += STEP_MS;
    tracker.completeStep(step.name);
  }
  return tracker.snapshot();
}

export function executingMission(
  id: string,
  owner: string,
  options: { step?: StepName; startedAtMs?: number; objective?: string } = {},
): Record<string, unknown> {
  const started = options.startedAtMs ?? Date.now() - 3000;
  return {
    owner_uid: owner,
    objective: options.objective ?? `executing mission ${id}`,
    status: "executing",
    created_at: Timestamp.fromMillis(started - 1000),
    updated_at: Timestamp.fromMillis(started + 100),
    execution_record: {
      execution_id: `exec-${id}`,
      attempt: 1,
      status: "executing",
      requeued: false,
      started_at: Timestamp.fromMillis(started),
      // Far ahead: the sweeper must not touch a seeded run.
      lease_expires_at: Timestamp.fromMillis(started + 24 * 3600_000),
      progress_tracker: trackerAt(id, options.step ?? "tool_selection", started),
    },
  };
}

export function finishedMission(
  id: string,
  owner: string,
  options: {
    outcome?: "completed" | "failed";
    finishedAtMs?: number;
    tool?: ToolName;
    artifactId?: string | null;
  } = {},
): Record<string, unknown> {
  const finished = options.finishedAtMs ?? Date.now();
  const started = finished - PIPELINE_STEPS.length * STEP_MS;
  const completed = (options.outcome ?? "completed") === "completed";
  const tracker = completed ? trackerAt(id, "done", started) : trackerAt(id, "tool_execution", started);
  return {
    owner_uid: owner,
    objective: `finished mission ${id}`,
    status: completed ? "completed" : "failed",
    created_at: Timestamp.fromMillis(started - 1000),
    updated_at: Timestamp.fromMillis(finished),
    execution_record: {
      execution_id: `exec-${id}`,
      attempt: 1,
      status: completed ? "completed" : "failed",
      success: completed,
      started_at: Timestamp.fromMillis(started),
      finished_at: Timestamp.fromMillis(finished),
      lease_expires_at: null,
      duration_ms: finished - started,
      tool_used: options.tool ?? "calculate",
      result_summary: completed ? "6 * 7 = 42" : "Failed at tool_execution: refused",
      artifact_reference:
        completed && options.artifactId !== null ? `artifacts/${options.artifactId ?? `art-${id}`}` : null,
      actual_cost_microusd: completed ? 2000 : 0,
      progress_tracker: tracker,
      error: completed ? null : { step: "tool_execution", kind: "tool_input", message: "refused" },
    },
  };
}

/** The aggregate facts matching `finishedMission(id, owner, options)`. */
export function finishedFacts(
  id: string,
  owner: string | null,
  options: { outcome?: "completed" | "failed"; finishedAtMs?: number; tool?: ToolName; costMicroUsd?: number } = {},
): FinishedMission {
  const completed = (options.outcome ?? "completed") === "completed";
  const steps = completed ? PIPELINE_STEPS : PIPELINE_STEPS.slice(0, 4);
  return {
    missionId: id,
    runId: `exec-${id}`,
    ownerUid: owner,
    outcome: completed ? "completed" : "failed",
    finishedAtMs: options.finishedAtMs ?? Date.now(),
    durationMs: PIPELINE_STEPS.length * STEP_MS,
    tool: options.tool ?? "calculate",
    costMicroUsd: completed ? (options.costMicroUsd ?? 2000) : 0,
    completedSteps: steps.map((step) => ({ name: step.name, durationMs: STEP_MS })),
    failedStep: completed ? null : "tool_execution",
  };
}

/** Writes documents in batches of up to 500 (Firestore's batch limit). */
export async function writeInBatches(
  db: Firestore,
  writes: readonly ((batch: WriteBatch) => void)[],
  batchSize = 500,
): Promise<void> {
  for (let i = 0; i < writes.length; i += batchSize) {
    const batch = db.batch();
    for (const write of writes.slice(i, i + batchSize)) write(batch);
    await batch.commit();
  }
}
