import { PIPELINE_STEPS, stepDefinition, stepIndex, TOTAL_STEPS, type StepName } from "../shared/steps";
import { rateBasedEta, type EtaEstimate, type EtaEstimator } from "./eta";
import { SteadyEta, type PageTiming } from "./etaSteady";
import { MAX_PAGE_MARKS, type ExecutionStep, type ProgressSnapshot } from "./schema";
import { round1 } from "../shared/money";
import type { ProgressEvent, ProgressListener, SubStepProgress, TrackerOptions } from "./trackerTypes";

/**
 * Records a mission's progress through the pipeline table and tells listeners about it.
 * It knows nothing about Firestore or logging: sinks subscribe with `onEvent`.
 * State is updated first, then listeners are notified (record, then emit).
 */
export class MissionProgressTracker {
  private readonly listeners = new Set<ProgressListener>();
  private readonly now: () => number;
  private readonly eta: EtaEstimator;
  private readonly onListenerError: (error: unknown, event: ProgressEvent) => void;
  private readonly startedAtMs: number;
  private readonly state: ProgressSnapshot;
  private readonly attempt: number;
  private readonly steady = new SteadyEta();
  /** The step (by its start) whose pages `page_marks_ms` times; a new step or attempt starts afresh. */
  private pageMarksOf: string | null = null;

  constructor(
    readonly missionId: string,
    options: TrackerOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.eta = options.eta ?? rateBasedEta;
    this.onListenerError = options.onListenerError ?? (() => undefined);
    this.attempt = options.attempt ?? 1;
    if (options.resumeFrom) {
      this.state = structuredClone(options.resumeFrom);
      this.state.current_step = null;
      const started = Date.parse(this.state.start_time);
      this.startedAtMs = Number.isFinite(started) ? started : this.now();
      // The stored record is what viewers see until this attempt writes: stay near its finish,
      // unless it has passed (a worker that died long ago): then there is nothing to keep.
      const madeAt = this.state.eta_at ? Date.parse(this.state.eta_at) : Number.NaN;
      if (madeAt + (this.state.eta_seconds ?? 0) * 1000 > this.now()) this.etaShown(this.state);
      return;
    }
    this.startedAtMs = this.now();
    this.state = {
      mission_id: missionId,
      start_time: new Date(this.startedAtMs).toISOString(),
      current_step: null,
      completed_steps: [],
      completed_step_names: [],
      progress_percent: 0,
      eta_seconds: null,
      items_target: null,
      pages_visited: 0,
      total_items_collected: 0,
      pages_since_last_increase: 0,
      last_progress_timestamp: null,
    };
  }

  /** Registers a listener; returns the function that removes it. */
  onEvent(listener: ProgressListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  startStep(name: StepName, message = `Starting ${name}`): void {
    this.assertNextStep(name);
    const at = this.now();
    const definition = stepDefinition(name);
    this.state.current_step = {
      step_name: name,
      step_index: stepIndex(name),
      total_steps: TOTAL_STEPS,
      progress_percent: definition.startedPercent,
      status: "started",
      message,
      started_at: iso(at),
      completed_at: null,
      duration_ms: null,
      error: null,
      attempt: this.attempt,
    };
    this.advance(definition.startedPercent, at);
    this.emit("step_started", name, at);
  }

  /** Progress inside the current step: moves the percentage between its started and completed marks. */
  reportSubProgress(progress: SubStepProgress): void {
    const step = this.requireCurrent("reportSubProgress");
    const at = this.now();
    const definition = stepDefinition(step.step_name);
    this.recordItems(progress, at);
    const fraction = clamp01(
      progress.fraction ??
        (progress.itemsTarget && progress.itemsCollected !== undefined
          ? progress.itemsCollected / progress.itemsTarget
          : 0),
    );
    const span = definition.completedPercent - definition.startedPercent;
    const percent = round1(definition.startedPercent + fraction * span);
    step.progress_percent = Math.max(step.progress_percent, percent);
    if (progress.message !== undefined) step.message = progress.message;
    this.advance(percent, at);
    this.emit("step_progress", step.step_name, at);
  }

  completeStep(name: StepName, message = `Completed ${name}`): void {
    const step = this.requireCurrent("completeStep", name);
    const at = this.now();
    const definition = stepDefinition(name);
    step.status = "completed";
    step.message = message;
    step.progress_percent = definition.completedPercent;
    step.completed_at = iso(at);
    // A wall clock stepped back must not produce a negative duration.
    step.duration_ms = Math.max(0, at - Date.parse(step.started_at));
    this.state.completed_steps.push(step);
    this.state.completed_step_names.push(name);
    this.state.current_step = null;
    this.advance(definition.completedPercent, at);
    this.emit("step_completed", name, at);
  }

  failStep(name: StepName, error: string): void {
    const step = this.requireCurrent("failStep", name);
    const at = this.now();
    step.status = "failed";
    step.error = error;
    step.message = `Failed ${name}: ${error}`;
    step.completed_at = iso(at);
    // A wall clock stepped back must not produce a negative duration.
    step.duration_ms = Math.max(0, at - Date.parse(step.started_at));
    // A failed run has no remaining time to estimate.
    this.state.eta_seconds = null;
    this.emit("step_failed", name, at);
  }

  /** The step that runs next: the first one not completed (null when all are). */
  get nextStep(): StepName | null {
    return PIPELINE_STEPS[this.state.completed_steps.length]?.name ?? null;
  }

  /** Names of the completed steps, in order. */
  get completedStepNames(): readonly StepName[] {
    return this.state.completed_step_names;
  }

  /** The current step, or null between steps and after the last one. */
  get currentStep(): StepName | null {
    return this.state.current_step?.step_name ?? null;
  }

  get elapsedMs(): number {
    return this.now() - this.startedAtMs;
  }

  /**
   * Told that `snapshot` is being shown to viewers (written to the mission document): later
   * estimates keep its implied finish steady, however many events come before the next write.
   */
  etaShown(snapshot: Pick<ProgressSnapshot, "eta_at" | "eta_seconds" | "pages_visited">): void {
    const madeAt = snapshot.eta_at ? Date.parse(snapshot.eta_at) : Number.NaN;
    if (snapshot.eta_seconds === null || !Number.isFinite(madeAt)) return;
    this.steady.showed(madeAt + snapshot.eta_seconds * 1000, snapshot.pages_visited);
  }

  /**
   * Estimates afresh with the estimator as it is now, forgetting the estimates before: for a
   * claim that learned which mission it runs before anything was shown.
   */
  reestimate(): void {
    this.steady.reset();
    this.advance(this.state.progress_percent, this.now());
  }

  /** A deep copy of the state, exactly what the Firestore sink persists. */
  snapshot(): ProgressSnapshot {
    return structuredClone(this.state);
  }

  private recordItems(progress: SubStepProgress, at: number): void {
    if (progress.itemsTarget !== undefined) this.state.items_target = progress.itemsTarget;
    if (progress.pagesVisited !== undefined && progress.pagesVisited > this.state.pages_visited) {
      const newPages = progress.pagesVisited - this.state.pages_visited;
      this.markPages(newPages, at);
      this.state.pages_visited = progress.pagesVisited;
      const grew = progress.itemsCollected !== undefined && progress.itemsCollected > this.state.total_items_collected;
      this.state.pages_since_last_increase = grew ? 0 : this.state.pages_since_last_increase + newPages;
    }
    if (progress.itemsCollected !== undefined && progress.itemsCollected > this.state.total_items_collected) {
      this.state.total_items_collected = progress.itemsCollected;
      this.state.last_progress_timestamp = iso(at);
    }
  }

  /** Times the pages of the running step (the ETA's page profile, kept in the record for history). */
  private markPages(newPages: number, at: number): void {
    const step = this.state.current_step;
    if (!step) return;
    if (this.pageMarksOf !== step.started_at) {
      this.pageMarksOf = step.started_at;
      this.state.page_marks_ms = [];
    }
    const marks = this.state.page_marks_ms ?? [];
    const sinceStart = Math.max(0, at - Date.parse(step.started_at));
    for (let page = 0; page < newPages && marks.length < MAX_PAGE_MARKS; page += 1) marks.push(sinceStart);
    this.state.page_marks_ms = marks;
  }

  private advance(percent: number, at: number): void {
    // Progress never goes backwards, whatever a step reports.
    this.state.progress_percent = Math.max(this.state.progress_percent, percent);
    const step = this.state.current_step;
    const running = step?.status === "started" ? step : null;
    const raw = this.eta({
      elapsedMs: at - this.startedAtMs,
      percent: this.state.progress_percent,
      currentStep: step?.step_name ?? null,
      completedSteps: this.state.completed_steps,
      ...(running ? { stepElapsedMs: Math.max(0, at - Date.parse(running.started_at)) } : {}),
      itemsCollected: this.state.total_items_collected,
      itemsTarget: this.state.items_target,
      pagesVisited: this.state.pages_visited,
      pageMarksMs: running && this.pageMarksOf === running.started_at ? (this.state.page_marks_ms ?? []) : [],
    });
    this.recordEta(raw, at);
  }

  /** Stores an estimate; a full one is kept steady and carries its range and confidence. */
  private recordEta(raw: number | EtaEstimate | null, at: number): void {
    if (raw === null || typeof raw === "number") {
      this.state.eta_seconds = raw === null ? null : Math.max(0, raw);
      return;
    }
    const estimate = this.state.progress_percent >= 100 ? raw : this.steady.next(raw, at, this.pageTiming(raw));
    this.state.eta_seconds = Math.max(0, estimate.seconds);
    this.state.eta_at = iso(at);
    this.state.eta_low_seconds = estimate.lowSeconds;
    this.state.eta_high_seconds = estimate.highSeconds;
    this.state.eta_confidence = estimate.confidence;
    this.state.eta_history_runs = estimate.historyRuns;
  }

  /** The pages done and how late each was, for the steadiness bound (pages are counted run-wide). */
  private pageTiming(raw: EtaEstimate): PageTiming {
    const lateness = raw.pageLatenessMs ?? [];
    const pages = this.state.pages_visited;
    // Lateness covers this attempt's marked pages, the last `lateness.length` of them.
    const first = pages - lateness.length;
    return {
      pages,
      latenessSince: (done) => lateness.slice(Math.max(0, done - first)).reduce((sum, ms) => sum + ms, 0),
    };
  }

  private emit(type: ProgressEvent["type"], step: StepName, at: number): void {
    const event: ProgressEvent = { type, step, percent: this.state.progress_percent, at };
    // One snapshot per event, shared by the listeners (none changes it): the deep copy is the
    // costliest part of an event on a short mission's path.
    let snapshot: ProgressSnapshot | undefined;
    for (const listener of this.listeners) {
      try {
        snapshot ??= this.snapshot();
        listener(event, snapshot);
      } catch (error) {
        this.onListenerError(error, event);
      }
    }
  }

  private assertNextStep(name: StepName): void {
    if (this.state.current_step && this.state.current_step.status !== "completed") {
      throw new Error(`cannot start ${name}: ${this.state.current_step.step_name} has not completed`);
    }
    const expected = PIPELINE_STEPS[this.state.completed_steps.length]?.name;
    if (name !== expected) {
      throw new Error(`cannot start ${name}: the next step is ${expected ?? "none (all steps done)"}`);
    }
  }

  private requireCurrent(operation: string, name?: StepName): ExecutionStep {
    const step = this.state.current_step;
    if (!step || step.status !== "started" || (name !== undefined && step.step_name !== name)) {
      throw new Error(`${operation}(${name ?? ""}) called but the running step is ${step?.step_name ?? "none"}`);
    }
    return step;
  }
}

function iso(ms: number): string {
  return new Date(ms).toISOString();
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 0;
}
