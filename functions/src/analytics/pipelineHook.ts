import type { Firestore } from "firebase-admin/firestore";
import type { MissionOutcome } from "../pipeline/executeMission";
import type { MissionRun } from "../pipeline/stepWork";
import { recordMissionFinished, type FinishedMission } from "./aggregates";
import { log } from "../logs";

/** The facts the aggregates need about a run the pipeline has just finished. */
export function finishedMissionFacts(
  run: MissionRun,
  outcome: MissionOutcome,
  durationMs: number,
  finishedAtMs: number,
): FinishedMission | null {
  if (outcome.kind === "skipped") return null;
  const completed = outcome.kind === "completed";
  return {
    missionId: run.missionId,
    executionId: run.executionId,
    ownerUid: run.mission.owner_uid,
    outcome: outcome.kind,
    finishedAtMs,
    durationMs,
    tool: run.choice?.tool ?? null,
    // A failed run records no actual cost (its reservation is released), as in its execution_record.
    costMicroUsd: completed ? (run.toolResult?.costMicroUsd ?? 0) : 0,
    completedSteps: run.tracker
      .snapshot()
      .completed_steps.map((step) => ({ name: step.step_name, durationMs: step.duration_ms ?? 0 })),
    failedStep: outcome.kind === "failed" ? outcome.step : null,
  };
}

/** Facts for a mission failed outside a claimed run (at verification, or by the lease sweeper). */
export function failureFacts(facts: Omit<FinishedMission, "outcome" | "tool" | "costMicroUsd">): FinishedMission {
  return { ...facts, outcome: "failed", tool: null, costMicroUsd: 0 };
}

/**
 * Adds a finished mission to the aggregates. Best effort: the mission's own result is already
 * stored, so a failure here is logged and swallowed; recording is idempotent per execution id,
 * so calling it again is always safe.
 */
export async function recordFinishedBestEffort(db: Firestore, facts: FinishedMission): Promise<void> {
  try {
    const recorded = await recordMissionFinished(db, facts);
    log.aggregateRecorded(facts.missionId, facts.executionId, recorded);
  } catch (error) {
    log.aggregateFailed(facts.missionId, facts.executionId, error);
  }
}

/** Called by the pipeline once a claimed run's result is written (`finishMission` succeeded). */
export async function recordRunFinished(
  run: MissionRun,
  outcome: MissionOutcome,
  durationMs: number,
  finishedAtMs: number,
): Promise<void> {
  const facts = finishedMissionFacts(run, outcome, durationMs, finishedAtMs);
  if (facts) await recordFinishedBestEffort(run.db, facts);
}
