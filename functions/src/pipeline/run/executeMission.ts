import { randomUUID } from "node:crypto";
import type { DocumentReference } from "firebase-admin/firestore";
import { asPipelineError } from "../../errors";
import { log } from "../../logs";
import { ProgressLog } from "../../progress/progressLog";
import type { MissionProgressTracker } from "../../progress/tracker";
import type { ClaimDecision } from "../claim/claimDecision";
import { afterEnding } from "../lifecycle/afterEnding";
import type { MissionVersion } from "../record/fencedWriter";
import { claimMission, missionRef, type Claimed, type DeliveredMission } from "../record/missionStore";
import { runSteps, validateResume } from "../steps/runSteps";
import { assembleRun, attachProgressSink, openTracker, type AttemptContext } from "./assembleRun";
import type { PipelineDeps } from "./deps";
import { failUnclaimed, finishClaimedRun } from "./finishClaimedRun";
import type { MissionOutcome } from "./outcome";
import { RunEta } from "./runEta";

export type { PipelineDeps } from "./deps";
export type { MissionOutcome } from "./outcome";
export type { PipelineHooks } from "../steps/runSteps";

/**
 * Runs one approved mission through the seven-step pipeline, exactly once per approval.
 *
 * The verification step claims the mission (claimDecision.ts decides; missionStore.ts writes
 * the claim, or lets it ride on the run's first write): a delivery that finds it claimed or
 * not approved changes nothing; a re-queued run resumes after its last checkpointed step,
 * continuing its progress record. Every side effect is keyed by the run (the approval), so
 * any number of attempts publish and charge once.
 * Errors of a step end the mission `failed` at that step; a cancellation ends it
 * `cancelled`. Only a transient error before the claim is thrown back, for redelivery.
 */
export async function executeMission(
  missionId: string,
  deps: PipelineDeps,
  /** The mission as the trigger delivered it: the claim can then skip its read (missionStore.ts). */
  delivered?: DeliveredMission,
): Promise<MissionOutcome> {
  // Progress lines are written in batches (progress/progressLog.ts); all of them by the time
  // the run returns, whatever its outcome.
  const progressLog = new ProgressLog(deps.config.progressWriteIntervalMs);
  try {
    return await runMission(missionId, deps, progressLog, delivered);
  } finally {
    progressLog.flush();
  }
}

async function runMission(
  missionId: string,
  deps: PipelineDeps,
  progressLog: ProgressLog,
  delivered: DeliveredMission | undefined,
): Promise<MissionOutcome> {
  const now = deps.now ?? Date.now;
  const ref = missionRef(deps.db, missionId);
  const context: AttemptContext = {
    deps,
    missionId,
    executionId: randomUUID(),
    now,
    eta: new RunEta(deps.db, deps),
    progressLog,
  };

  // 1. verification: the claim, exactly once per approval (or the reason it ends or is skipped).
  const fresh = openTracker(context, 1);
  fresh.startStep("verification", "Loading and validating the mission");
  const verified = await verify(context, ref, fresh, delivered);
  if (!("decision" in verified)) return verified;
  const { decision, version } = verified;

  // Claimed: from here on every outcome is recorded on the mission, never thrown back.
  log.missionClaimed(missionId, context.executionId, decision.attempt);
  if (!decision.resume && !version.claimPending) fresh.etaShown(fresh.snapshot()); // the claim wrote it
  const tracker = decision.resume ? openTracker(context, decision.attempt, decision.resume.snapshot) : fresh;
  context.eta.loadHistoryAfter(decision.mission, deps.config.progressWriteIntervalMs / 2);
  const run = assembleRun(context, ref, decision, tracker, version);
  const sink = attachProgressSink(context, run, version, decision.claimedAtMs);
  if (decision.resume) {
    log.runResumed(missionId, context.executionId, decision.attempt, tracker.completedStepNames.length);
  }
  // A fresh run, or a resumed one whose worker died before its first progress write (the
  // stored record is still the claim's): this attempt's claim completes verification.
  if (tracker.nextStep === "verification") {
    if (decision.resume) tracker.startStep("verification", "Loading and validating the mission");
    tracker.completeStep("verification", `Mission is valid; claimed (attempt ${decision.attempt})`);
  }

  run.cancellation.start();
  try {
    // 2–7: intent classification to finalize, from the first step not done (steps/stepWork.ts).
    const ending = await runSteps(run, deps.hooks);
    const durationMs = now() - decision.claimedAtMs;
    const outcome = await finishClaimedRun(run, sink, ending, durationMs, now, version);
    // The steps' lines, written after the result (a short run's stay off its path), before
    // the line that says how the run ended.
    progressLog.flush();
    if (outcome.kind !== "skipped") log.missionFinished(missionId, outcome.kind, durationMs, outcome.documentWrites);
    return outcome;
  } finally {
    run.cancellation.stop();
    const etaStopped = context.eta.stop(); // its timer cleared now, its read awaited below
    await run.cursor.stop();
    await etaStopped;
  }
}

/**
 * Step 1: claims the mission in one transaction (missionStore.ts), the claim's snapshot priced
 * from the mission it read. Hands back the claim, or the outcome when there is nothing to run:
 * skipped (not approved, already claimed), ended at the claim (cancelled, invalid), or failed
 * for good before anything was written. Only a transient failure is thrown, for redelivery.
 */
async function verify(
  context: AttemptContext,
  ref: DocumentReference,
  fresh: MissionProgressTracker,
  delivered: DeliveredMission | undefined,
): Promise<{ decision: Extract<ClaimDecision, { kind: "claim" }>; version: MissionVersion } | MissionOutcome> {
  const { deps, missionId, executionId, now } = context;
  let claimed: Claimed;
  try {
    await deps.hooks?.beforeStep?.("verification");
    claimed = await claimMission(
      ref,
      {
        missionId,
        executionId,
        leaseMs: deps.config.leaseMs,
        maxAttempts: deps.config.maxAttempts,
        userMaxRunning: deps.config.userMaxRunning,
        now,
        newRunId: randomUUID,
        freshSnapshot: (mission) => {
          // Priced from the mission just read (a crawl is not a calculation), before it is shown.
          if (mission && context.eta.priceClaimed(mission)) fresh.reestimate();
          return fresh.snapshot();
        },
        validateResume,
      },
      delivered,
    );
  } catch (error) {
    const failure = asPipelineError(error);
    // Nothing has been written yet: hand a transient failure back for redelivery.
    if (failure.retryable) throw failure;
    return failUnclaimed(ref, fresh, { executionId, now }, failure);
  }
  const { decision, version } = claimed;
  if (decision.kind === "skip") {
    log.missionSkipped(missionId, decision.reason);
    return { kind: "skipped", reason: decision.reason };
  }
  if (decision.kind === "end") return endedAtClaim(deps, missionId, executionId, decision);
  return { decision, version };
}

/** The claim decided the mission ends without running (cancelled, refused, invalid). */
async function endedAtClaim(
  deps: PipelineDeps,
  missionId: string,
  executionId: string,
  decision: Extract<ClaimDecision, { kind: "end" }>,
): Promise<MissionOutcome> {
  log.missionEndedAtClaim(missionId, decision.status, decision.reason);
  await afterEnding(deps.db, missionId, {
    settlement: decision.settle,
    ownerUid: decision.audience.ownerUid,
    userMaxRunning: deps.config.userMaxRunning,
  });
  switch (decision.status) {
    case "cancelled":
      return { kind: "cancelled", executionId, step: null, documentWrites: 1 };
    case "failed":
      return { kind: "failed", executionId, step: "verification", error: decision.reason, documentWrites: 1 };
    default:
      return { kind: "skipped", reason: decision.reason };
  }
}
