import { randomUUID } from "node:crypto";
import { FieldValue, Timestamp, type DocumentReference, type Firestore } from "firebase-admin/firestore";
import { loadEtaEstimator } from "../analytics/eta";
import { failureFacts, recordFinishedBestEffort, recordRunFinished } from "../analytics/pipelineHook";
import type { PipelineConfig } from "../config";
import { asPipelineError, DeadlineError, OwnershipLostError, ValidationError, type PipelineError } from "../errors";
import { log } from "../logs";
import { FirestoreProgressSink } from "../progress/firestoreSink";
import { attachLoggerSink } from "../progress/loggerSink";
import { rateBasedEta, type EtaEstimator } from "../progress/eta";
import { MissionProgressTracker, type ProgressListener } from "../progress/tracker";
import type { ToolRegistry } from "../tools/registry";
import { ledgerDay } from "./budgetLedger";
import { Deadline } from "./deadline";
import {
  claimMission,
  executionRecordFields,
  failUnclaimed,
  finishMission,
  missionRef,
  type ClaimResult,
} from "./missionStore";
import type { StepName } from "./steps";
import {
  artifactStep,
  budgetStep,
  classifyStep,
  executeToolStep,
  finalizeStep,
  releaseReservation,
  selectToolStep,
  type MissionRun,
  type StepWork,
} from "./stepWork";

export interface PipelineHooks {
  /** Runs as each step starts, before its work. Tests use it to force a failure or a delay. */
  beforeStep?: (step: StepName) => void | Promise<void>;
  /** An extra progress listener, registered before the first event (tests, the CLI demo). */
  onProgress?: ProgressListener;
}

export interface PipelineDeps {
  db: Firestore;
  config: PipelineConfig;
  tools: ToolRegistry;
  now?: () => number;
  hooks?: PipelineHooks;
}

export type MissionOutcome =
  | { kind: "skipped"; reason: string }
  | { kind: "completed"; executionId: string; documentWrites: number }
  | { kind: "failed"; executionId: string; step: StepName; error: string; documentWrites: number };

/**
 * Steps that may not start once the deadline has passed. Artifact creation and finalize still
 * run: the deadline keeps a margin for them, so whatever a tool collected is saved.
 */
const DEADLINE_BOUND_STEPS: ReadonlySet<StepName> = new Set([
  "intent_classification",
  "budget_check",
  "tool_selection",
  "tool_execution",
]);

/** Steps 2–7 in table order; verification (the claim) runs before them. */
const STEP_WORK: readonly [StepName, StepWork][] = [
  ["intent_classification", classifyStep],
  ["budget_check", budgetStep],
  ["tool_selection", selectToolStep],
  ["tool_execution", executeToolStep],
  ["artifact_creation", artifactStep],
  ["finalize", finalizeStep],
];

class StepFailure extends Error {
  constructor(
    readonly step: StepName,
    readonly error: PipelineError,
  ) {
    super(`${step}: ${error.message}`);
  }
}

/**
 * Runs one approved mission through the seven-step pipeline, exactly once per approval:
 * the verification step claims the mission in a transaction, and a delivery that finds it
 * claimed (or not approved) returns `skipped` without writing anything.
 *
 * Errors of a step end the mission `failed` at that step. Only a transient error before the
 * claim is thrown back, so that the platform may redeliver the event.
 */
export async function executeMission(missionId: string, deps: PipelineDeps): Promise<MissionOutcome> {
  const now = deps.now ?? Date.now;
  const ref = missionRef(deps.db, missionId);
  const executionId = randomUUID();
  // The run's own rate until it is claimed; then its rate blended with historical step
  // durations from the aggregates (a duplicate delivery never pays for reading them).
  let eta: EtaEstimator = rateBasedEta;
  const tracker = new MissionProgressTracker(missionId, {
    now,
    eta: (input) => eta(input),
    onListenerError: (error) => log.listenerFailed(missionId, error),
  });
  attachLoggerSink(tracker);
  if (deps.hooks?.onProgress) tracker.onEvent(deps.hooks.onProgress);

  tracker.startStep("verification", "Loading and validating the mission");
  let claim: ClaimResult;
  try {
    await deps.hooks?.beforeStep?.("verification");
    claim = await claimMission(ref, {
      executionId,
      leaseMs: deps.config.leaseMs,
      now,
      snapshot: () => tracker.snapshot(),
    });
  } catch (error) {
    const failure = asPipelineError(error);
    // Nothing has been written yet: hand a transient failure back for redelivery.
    if (failure.retryable) throw failure;
    return failBeforeClaim(ref, tracker, { executionId, ownerUid: null }, failure, now);
  }
  if (claim.kind === "skipped") {
    log.missionSkipped(missionId, claim.reason);
    return { kind: "skipped", reason: claim.reason };
  }
  if (claim.kind === "invalid") {
    return failBeforeClaim(
      ref,
      tracker,
      { executionId, ownerUid: claim.ownerUid },
      new ValidationError(claim.message),
      now,
    );
  }

  // Claimed: from here on every outcome is recorded on the mission, never thrown back.
  log.missionClaimed(missionId, executionId, claim.attempt);
  eta = await loadEtaEstimator(deps.db);
  const run: MissionRun = {
    db: deps.db,
    config: deps.config,
    tools: deps.tools,
    tracker,
    deadline: new Deadline(claim.claimedAtMs + deps.config.runBudgetMs, now),
    missionId,
    executionId,
    mission: claim.mission,
    ledgerDay: ledgerDay(claim.claimedAtMs),
  };
  const sink = new FirestoreProgressSink(ref, {
    executionId,
    onOwnershipLost: (reason) => {
      run.ownershipLost = reason;
      log.finishRefused(missionId, executionId, reason);
    },
    intervalMs: deps.config.progressWriteIntervalMs,
    leaseMs: deps.config.leaseMs,
    lastWriteAtMs: claim.claimedAtMs,
    now,
    onWriteError: (error) => log.progressWriteFailed(missionId, error),
  });
  tracker.onEvent(sink.listener);
  tracker.completeStep("verification", `Mission is valid; claimed (attempt ${claim.attempt})`);
  return runClaimed(run, sink, deps, claim.claimedAtMs);
}

async function runClaimed(
  run: MissionRun,
  sink: FirestoreProgressSink,
  deps: PipelineDeps,
  claimedAtMs: number,
): Promise<MissionOutcome> {
  const now = deps.now ?? Date.now;
  let failed: StepFailure | null = null;
  try {
    for (const [step, work] of STEP_WORK) await runStep(run, step, work, deps.hooks);
  } catch (error) {
    failed = error instanceof StepFailure ? error : new StepFailure("finalize", asPipelineError(error));
    await releaseReservation(run).catch((releaseError) =>
      log.budgetReleaseFailed(run.missionId, run.executionId, releaseError),
    );
  }
  const fields = failed
    ? { status: "failed", ...executionRecordFields(failedRecord(run, failed.step, failed.error)) }
    : { status: "completed", ...executionRecordFields(completedRecord(run)) };
  await sink.stop();
  // claim + coalesced progress writes + this final write
  const documentWrites = sink.writes + 2;
  const durationMs = now() - claimedAtMs;
  const refusal = await finishWithRetries(missionRef(run.db, run.missionId), run.executionId, {
    ...fields,
    updated_at: FieldValue.serverTimestamp(),
    "execution_record.progress_tracker": run.tracker.snapshot(),
    "execution_record.finished_at": Timestamp.fromMillis(now()),
    "execution_record.duration_ms": durationMs,
    "execution_record.document_writes": documentWrites,
    "execution_record.lease_expires_at": null,
  });
  if (refusal) {
    log.finishRefused(run.missionId, run.executionId, refusal);
    return { kind: "skipped", reason: refusal };
  }
  const outcome: MissionOutcome = failed
    ? { kind: "failed", executionId: run.executionId, step: failed.step, error: failed.error.message, documentWrites }
    : { kind: "completed", executionId: run.executionId, documentWrites };
  log.missionFinished(run.missionId, outcome.kind, durationMs, documentWrites);
  // Idempotent per execution id; best effort (logs and swallows its own errors).
  await recordRunFinished(run, outcome, durationMs, now());
  return outcome;
}

async function runStep(run: MissionRun, step: StepName, work: StepWork, hooks: PipelineHooks | undefined) {
  run.tracker.startStep(step);
  try {
    if (run.ownershipLost) {
      throw new OwnershipLostError(`stopped before ${step}: ${run.ownershipLost}`);
    }
    if (DEADLINE_BOUND_STEPS.has(step) && run.deadline.expired) {
      throw new DeadlineError(`the run reached its deadline before ${step} could start`);
    }
    await hooks?.beforeStep?.(step);
    const message = await work(run);
    run.tracker.completeStep(step, message);
  } catch (error) {
    const failure = asPipelineError(error);
    run.tracker.failStep(step, failure.message);
    throw new StepFailure(step, failure);
  }
}

/** Attempts at the final write before the run gives up and leaves recovery to the lease sweeper. */
const FINISH_ATTEMPTS = 4;

/**
 * The final write, retried in-process on transient errors (it is fenced by the execution id,
 * so repeating it is safe). Should it still fail, the error escapes, the lease expires and
 * the sweeper re-queues or fails the mission: nothing is left `executing` for good.
 */
async function finishWithRetries(
  ref: DocumentReference,
  executionId: string,
  fields: Record<string, unknown>,
): Promise<string | null> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await finishMission(ref, executionId, fields);
    } catch (error) {
      if (!asPipelineError(error).retryable || attempt >= FINISH_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * 2 ** attempt));
    }
  }
}

/** The spec's `execute_mission()` result fields for a completed run. */
function completedRecord(run: MissionRun): Record<string, unknown> {
  const result = run.toolResult;
  return {
    success: true,
    status: "completed",
    tool_used: run.choice?.tool ?? null,
    tool_confidence: run.intent?.confidence ?? null,
    result_summary: result?.summary ?? null,
    execution_result: result ? { ...result.result, stopped_because: result.stoppedBecause ?? null } : null,
    artifact_reference: run.artifact?.reference ?? null,
    artifact_message: run.artifact
      ? `Artifact saved to ${run.artifact.reference}${run.artifact.truncated ? " (truncated to the size cap)" : ""}`
      : null,
    intent: run.intent
      ? { decision_type: run.intent.decision_type, confidence: run.intent.confidence, reason: run.intent.reason }
      : null,
    tool_selection: run.choice ? { tool: run.choice.tool, source: run.choice.source, reason: run.choice.reason } : null,
    estimated_cost_microusd: run.estimateMicroUsd ?? 0,
    actual_cost_microusd: result?.costMicroUsd ?? 0,
    evaluation: run.evaluation ?? null,
    error: null,
  };
}

function failedRecord(run: MissionRun, step: StepName, error: PipelineError): Record<string, unknown> {
  return {
    ...completedRecord(run),
    success: false,
    status: "failed",
    result_summary: `Failed at ${step}: ${error.message}`,
    actual_cost_microusd: 0,
    error: { step, kind: error.kind, message: error.message },
  };
}

/** The verification step failed before anything was claimed (an invalid mission, say). */
async function failBeforeClaim(
  missionDoc: DocumentReference,
  tracker: MissionProgressTracker,
  { executionId, ownerUid }: { executionId: string; ownerUid: string | null },
  error: PipelineError,
  now: () => number,
): Promise<MissionOutcome> {
  tracker.failStep("verification", error.message);
  const written = await failUnclaimed(missionDoc, {
    status: "failed",
    updated_at: FieldValue.serverTimestamp(),
    ...executionRecordFields({
      execution_id: executionId,
      attempt: 1,
      success: false,
      status: "failed",
      tool_used: null,
      tool_confidence: null,
      result_summary: `Failed at verification: ${error.message}`,
      execution_result: null,
      artifact_reference: null,
      artifact_message: null,
      error: { step: "verification", kind: error.kind, message: error.message },
      progress_tracker: tracker.snapshot(),
      finished_at: Timestamp.fromMillis(now()),
      document_writes: 1,
    }),
  });
  if (!written) {
    const reason = "mission was no longer an unclaimed approval";
    log.missionSkipped(missionDoc.id, reason);
    return { kind: "skipped", reason };
  }
  log.missionFinished(missionDoc.id, "failed", 0, 1);
  await recordFinishedBestEffort(
    missionDoc.firestore,
    failureFacts({
      missionId: missionDoc.id,
      executionId,
      ownerUid,
      finishedAtMs: now(),
      durationMs: 0,
      completedSteps: [],
      failedStep: "verification",
    }),
  );
  return { kind: "failed", executionId, step: "verification", error: error.message, documentWrites: 1 };
}
