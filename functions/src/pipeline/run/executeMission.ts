import { randomUUID } from "node:crypto";
import type { Firestore } from "firebase-admin/firestore";
import type { PipelineConfig } from "../../config";
import { asPipelineError, OwnershipLostError } from "../../errors";
import { log } from "../../logs";
import type { EtaEstimator } from "../../progress/eta";
import { defaultTimeEta } from "../../progress/etaModel";
import { ProgressLog } from "../../progress/progressLog";
import type { ProgressSnapshot } from "../../progress/schema";
import { MissionProgressTracker } from "../../progress/tracker";
import { Deadline } from "../../shared/deadline";
import { utcDay } from "../../shared/days";
import type { ModelPlanner } from "../../decision/proposal";
import type { ToolRegistry } from "../../tools/registry";
import { CancellationWatch } from "./cancellationWatch";
import type { ClaimDecision } from "../claim/claimDecision";
import { CursorStore } from "../record/cursorStore";
import type { Mission } from "../../missions/schema";
import {
  claimMission,
  conditionalUpdate,
  missionRef,
  type Claimed,
  type DeliveredMission,
} from "../record/missionStore";
import { FirestoreProgressSink } from "../record/progressSink";
import { finishClaimedRun, failUnclaimed } from "./finishClaimedRun";
import type { MissionOutcome } from "./outcome";
import type { MissionRun } from "../steps/defineStep";
import { runSteps, validateResume, type PipelineHooks } from "../steps/runSteps";
import { afterEnding } from "../lifecycle/afterEnding";
import { DEFAULT_RETRY_POLICY, withTransientRetries } from "./transientRetry";

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
  const executionId = randomUUID();
  // Until the claim has read the mission, nothing is shown: the default model will do.
  let eta: EtaEstimator = defaultTimeEta;
  const trackerOptions = (attempt: number, resumeFrom?: ProgressSnapshot) => ({
    now,
    attempt,
    eta: (input: Parameters<EtaEstimator>[0]) => eta(input),
    onListenerError: (error: unknown) => log.listenerFailed(missionId, error),
    ...(resumeFrom ? { resumeFrom } : {}),
  });
  const fresh = new MissionProgressTracker(missionId, trackerOptions(1));
  progressLog.attach(fresh);
  if (deps.hooks?.onProgress) fresh.onEvent(deps.hooks.onProgress);
  fresh.startStep("verification", "Loading and validating the mission");

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
          if (mission && deps.claimEta) {
            eta = deps.claimEta(mission);
            fresh.reestimate();
          }
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
  const { decision } = claimed;
  if (decision.kind === "skip") {
    log.missionSkipped(missionId, decision.reason);
    return { kind: "skipped", reason: decision.reason };
  }
  if (decision.kind === "end") return endedAtClaim(deps, missionId, executionId, decision);

  // Claimed: from here on every outcome is recorded on the mission, never thrown back.
  log.missionClaimed(missionId, executionId, decision.attempt);
  let tracker = fresh;
  const { version } = claimed;
  if (!decision.resume && !version.claimPending) fresh.etaShown(fresh.snapshot()); // the claim wrote it
  if (decision.resume) {
    tracker = new MissionProgressTracker(missionId, trackerOptions(decision.attempt, decision.resume.snapshot));
    progressLog.attach(tracker);
    if (deps.hooks?.onProgress) tracker.onEvent(deps.hooks.onProgress);
  }
  // A run's ETA shows only in its stored snapshots: the claim's is priced without reading, and
  // the next is the first progress write, one write interval later. So history is read only
  // by a run still going halfway to that write: a short mission (most calculations) never
  // pays the query's reads, and its final write does not queue behind them; a long one has
  // its history well before anyone sees an ETA (loadEta never throws).
  let historyLoaded: Promise<void> | undefined;
  const loadEta = deps.loadEta;
  const historyTimer = loadEta
    ? setTimeout(() => {
        historyLoaded = loadEta(deps.db, decision.mission).then((loaded) => {
          eta = loaded;
        });
      }, deps.config.progressWriteIntervalMs / 2)
    : undefined;
  const cancellation = new CancellationWatch(ref, deps.config.progressWriteIntervalMs, (reason) =>
    log.cancelNoticed(missionId, executionId, reason),
  );
  const run: MissionRun = {
    db: deps.db,
    ref,
    config: deps.config,
    tools: deps.tools,
    planner: deps.planner,
    tracker,
    deadline: new Deadline(decision.claimedAtMs + deps.config.runBudgetMs, now, cancellation.signal),
    missionId,
    runId: decision.runId,
    executionId,
    attempt: decision.attempt,
    mission: decision.mission,
    ledgerDay: utcDay(decision.runStartedAtMs),
    cancellation,
    cursor: new CursorStore(deps.db, decision.runId, missionId, deps.config.progressWriteIntervalMs, (error) =>
      log.progressWriteFailed(missionId, error),
    ),
    checkpoint: decision.resume ? structuredClone(decision.resume.checkpoint) : {},
    onRetry: (what, attempt, error) => {
      log.transientRetry(`${missionId} ${what}`, attempt, error);
      deps.onTransientRetry?.(what, attempt, error);
    },
    claimBeforeEffects: async () => {
      const owned = await withTransientRetries(
        () => version.claimBeforeEffects(conditionalUpdate(ref)),
        DEFAULT_RETRY_POLICY,
        (attempt, error) => run.onRetry("claim", attempt, error),
      );
      if (!owned) throw new OwnershipLostError("the mission was claimed, cancelled or changed before this run's claim");
    },
  };
  const sink = new FirestoreProgressSink(ref, {
    executionId,
    version,
    checkpoint: () => run.checkpoint,
    onCancelRequested: () => cancellation.notice(),
    onOwnershipLost: (reason) => {
      run.ownershipLost = reason;
      log.finishRefused(missionId, executionId, reason);
    },
    intervalMs: deps.config.progressWriteIntervalMs,
    leaseMs: deps.config.leaseMs,
    lastWriteAtMs: decision.claimedAtMs,
    now,
    onWriteError: (error) => log.progressWriteFailed(missionId, error),
    onWriting: (snapshot) => tracker.etaShown(snapshot),
  });
  tracker.onEvent(sink.listener);
  if (decision.resume) log.runResumed(missionId, executionId, decision.attempt, tracker.completedStepNames.length);
  // A fresh run, or a resumed one whose worker died before its first progress write (the
  // stored record is still the claim's): this attempt's claim completes verification.
  if (tracker.nextStep === "verification") {
    if (decision.resume) tracker.startStep("verification", "Loading and validating the mission");
    tracker.completeStep("verification", `Mission is valid; claimed (attempt ${decision.attempt})`);
  }
  cancellation.start();
  try {
    const ending = await runSteps(run, deps.hooks);
    const durationMs = now() - decision.claimedAtMs;
    const outcome = await finishClaimedRun(run, sink, ending, durationMs, now, version);
    // The steps' lines, written after the result (a short run's stay off its path), before
    // the line that says how the run ended.
    progressLog.flush();
    if (outcome.kind !== "skipped") log.missionFinished(missionId, outcome.kind, durationMs, outcome.documentWrites);
    return outcome;
  } finally {
    cancellation.stop();
    clearTimeout(historyTimer);
    await run.cursor.stop();
    await historyLoaded; // nothing left running after the invocation
  }
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
    ownerUid: decision.ending?.audience.ownerUid ?? null,
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
