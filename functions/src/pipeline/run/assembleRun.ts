import type { DocumentReference } from "firebase-admin/firestore";
import { OwnershipLostError } from "../../errors";
import { log } from "../../logs";
import type { ProgressSnapshot } from "../../progress/schema";
import { MissionProgressTracker } from "../../progress/tracker";
import type { ProgressLog } from "../../progress/progressLog";
import { Deadline } from "../../shared/deadline";
import { utcDay } from "../../shared/days";
import type { ClaimDecision } from "../claim/claimDecision";
import { CursorStore } from "../record/cursorStore";
import type { MissionVersion } from "../record/fencedWriter";
import { conditionalUpdate } from "../record/missionStore";
import { FirestoreProgressSink } from "../record/progressSink";
import type { MissionRun } from "../steps/defineStep";
import { CancellationWatch } from "./cancellationWatch";
import type { PipelineDeps } from "./deps";
import type { RunEta } from "./runEta";
import { DEFAULT_RETRY_POLICY, withTransientRetries } from "./transientRetry";

/**
 * The parts of one attempt, put together once its claim succeeded: the tracker (fresh, or
 * resumed from the stored record), the run the steps work on, and the sink that writes its
 * progress and checkpoint.
 */

/** What every part of an attempt shares. */
export interface AttemptContext {
  deps: PipelineDeps;
  missionId: string;
  executionId: string;
  now: () => number;
  eta: RunEta;
  progressLog: ProgressLog;
}

/** A tracker of this attempt, its lines batched into the progress log and shown to the test hooks. */
export function openTracker(
  context: AttemptContext,
  attempt: number,
  resumeFrom?: ProgressSnapshot,
): MissionProgressTracker {
  const { missionId, deps } = context;
  const tracker = new MissionProgressTracker(missionId, {
    now: context.now,
    attempt,
    eta: context.eta.estimate,
    onListenerError: (error: unknown) => log.listenerFailed(missionId, error),
    ...(resumeFrom ? { resumeFrom } : {}),
  });
  context.progressLog.attach(tracker);
  if (deps.hooks?.onProgress) tracker.onEvent(deps.hooks.onProgress);
  return tracker;
}

type ClaimedDecision = Extract<ClaimDecision, { kind: "claim" }>;

/** The run steps 2–7 work on: the claimed mission, its deadline, its cancellation, its checkpoint. */
export function assembleRun(
  context: AttemptContext,
  ref: DocumentReference,
  decision: ClaimedDecision,
  tracker: MissionProgressTracker,
  version: MissionVersion,
): MissionRun {
  const { deps, missionId, executionId, now } = context;
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
  return run;
}

/** The sink that writes the run's progress and checkpoint (coalesced, fenced by this attempt), listening to its tracker. */
export function attachProgressSink(
  context: AttemptContext,
  run: MissionRun,
  version: MissionVersion,
  claimedAtMs: number,
): FirestoreProgressSink {
  const { deps, missionId, executionId, now } = context;
  const sink = new FirestoreProgressSink(run.ref, {
    executionId,
    version,
    checkpoint: () => run.checkpoint,
    onCancelRequested: () => run.cancellation.notice(),
    onOwnershipLost: (reason) => {
      run.ownershipLost = reason;
      log.finishRefused(missionId, executionId, reason);
    },
    intervalMs: deps.config.progressWriteIntervalMs,
    leaseMs: deps.config.leaseMs,
    lastWriteAtMs: claimedAtMs,
    now,
    onWriteError: (error) => log.progressWriteFailed(missionId, error),
    onWriting: (snapshot) => run.tracker.etaShown(snapshot),
  });
  run.tracker.onEvent(sink.listener);
  return sink;
}
