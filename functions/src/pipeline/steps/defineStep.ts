import type { DocumentReference, Firestore } from "firebase-admin/firestore";
import type { PipelineConfig } from "../../config";
import type { Mission } from "../../missions/schema";
import type { MissionProgressTracker } from "../../progress/tracker";
import type { Deadline } from "../../shared/deadline";
import type { ModelPlanner } from "../../decision/proposal";
import type { ToolRegistry } from "../../tools/registry";
import type { CancellationWatch } from "../run/cancellationWatch";
import type { Checkpoint } from "../record/checkpoint";
import type { CursorStore } from "../record/cursorStore";

/** Everything one attempt of a run knows; the steps' outputs live in `checkpoint`. */
export interface MissionRun {
  readonly db: Firestore;
  readonly ref: DocumentReference;
  readonly config: PipelineConfig;
  readonly tools: ToolRegistry;
  /** A model planner (PLANNER=llm), if configured; intent_classification asks it at most once per run. */
  readonly planner?: ModelPlanner;
  readonly tracker: MissionProgressTracker;
  readonly deadline: Deadline;
  readonly missionId: string;
  /** The approval's run: artifacts, signals, ledger entries and analytics are keyed by it. */
  readonly runId: string;
  /** This attempt: fences every write, so a swept worker cannot overwrite its successor. */
  readonly executionId: string;
  readonly attempt: number;
  readonly mission: Mission;
  /** UTC day of the run's first claim, whose ledger books its costs. */
  readonly ledgerDay: string;
  readonly cancellation: CancellationWatch;
  readonly cursor: CursorStore;
  /** What the steps produced so far; persisted with every progress write. */
  readonly checkpoint: Checkpoint;
  /** True once this attempt started the tool (so a cancellation or failure may have spent). */
  toolStarted?: boolean;
  /** Set when a fenced write found the mission owned by another run; later steps do not start. */
  ownershipLost?: string;
  /** Told about each transient error a step retries (contention on the ledger, say). */
  readonly onRetry: (what: string, attempt: number, error: unknown) => void;
  /**
   * Writes the claim if the run started before writing it (missionStore.ts): called before
   * anything that reaches outside the process (a paid call, the budget ledger, run outputs),
   * so only a run that owns the mission ever does. Throws OwnershipLostError if it does not.
   */
  readonly claimBeforeEffects: () => Promise<void>;
}

/** A field of the checkpoint: what one step produces and later steps may need. */
export type CheckpointField = keyof Checkpoint;

/** The checkpoint fields `K`, every one present. */
export type CheckpointFields<K extends CheckpointField> = Required<Pick<Checkpoint, K>>;

/**
 * What a step's work sees of the run: all of it but the checkpoint, which it reads only
 * through its declared inputs and writes only through its returned outputs, so the compiler
 * holds every access to what the step declared.
 */
export type StepContext = Omit<MissionRun, "checkpoint">;

/** A step as it is written: see `defineStep`. */
export interface StepSpec<Needs extends CheckpointField, Produces extends CheckpointField> {
  /** False for the steps that only wrap up what already ran: they may start after the deadline. */
  readonly deadlineBound: boolean;
  /** The checkpoint fields its work reads; each must be produced by an earlier step. */
  readonly needs: readonly Needs[];
  /** The checkpoint fields its work returns; all of them present means the step is done. */
  readonly produces: readonly Produces[];
  /**
   * The work; `message` is what its completed ExecutionStep carries. (NoInfer: the lists
   * above alone say what the step needs and produces, so reading a field `needs` does not
   * name is a compile error rather than a wider inferred list.)
   */
  run(
    run: StepContext,
    inputs: Readonly<CheckpointFields<NoInfer<Needs>>>,
  ): Promise<{ message: string; outputs: CheckpointFields<NoInfer<Produces>> }>;
}

/** A declared step as the pipeline runs it (the field types are erased so that one table holds every step). */
export interface StepWork {
  readonly deadlineBound: boolean;
  readonly needs: readonly CheckpointField[];
  readonly produces: readonly CheckpointField[];
  /** Whether the checkpoint already holds this step's output (a resumed attempt skips it). */
  done(checkpoint: Checkpoint): boolean;
  /** Runs the work on its inputs, adds its outputs to the checkpoint, returns its message. */
  run(run: MissionRun): Promise<string>;
}

function holds<K extends CheckpointField>(
  checkpoint: Checkpoint,
  fields: readonly K[],
): checkpoint is Checkpoint & CheckpointFields<K> {
  return fields.every((field) => checkpoint[field] !== undefined);
}

/**
 * A step's inputs: the fields it needs, each present, or an error naming the ones missing.
 * The checkpoint itself, seen through the type of those fields (no copy: a step only reads them).
 */
export function stepInputs<K extends CheckpointField>(
  checkpoint: Checkpoint,
  needs: readonly K[],
): Readonly<CheckpointFields<K>> {
  if (holds(checkpoint, needs)) return checkpoint;
  const missing = needs.filter((field) => checkpoint[field] === undefined);
  throw new Error(`pipeline bug: ${missing.join(", ")} not in the checkpoint`);
}

/**
 * Declares one step: what it needs from the checkpoint, what it adds to it, and its work.
 * A step is done when the checkpoint holds everything it produces: the outputs are added
 * together, after the work, so a progress write never stores half of them.
 */
export function defineStep<const Needs extends CheckpointField, const Produces extends CheckpointField>(
  spec: StepSpec<Needs, Produces>,
): StepWork {
  return {
    deadlineBound: spec.deadlineBound,
    needs: spec.needs,
    produces: spec.produces,
    done: (checkpoint) => holds(checkpoint, spec.produces),
    async run(run) {
      const { message, outputs } = await spec.run(run, stepInputs(run.checkpoint, spec.needs));
      // Only the declared fields: the compiler makes a step return all of them but does not
      // flag an extra one in the returned literal, and `produces` must stay the whole truth.
      for (const field of spec.produces) Object.assign(run.checkpoint, { [field]: outputs[field] });
      return message;
    },
  };
}
