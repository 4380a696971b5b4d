import { PIPELINE_STEPS, type StepName } from "../shared/steps";
import type { ToolName } from "../shared/toolNames";
import type { EtaConfidence, EtaEstimate, EtaEstimator, EtaInput } from "./eta";
import { round1 } from "../shared/money";

/**
 * The ETA as a model of time, not percent: what each step still needs, in milliseconds.
 *
 * - Steps not started yet cost their expected duration: the history of runs of the same tool
 *   (a median per step), else a modest default.
 * - A running step costs its expected duration minus the time already spent in it.
 * - A paged step (web_extract's tool_execution) is modelled page by page: the expected time
 *   at which page k is done (history's page profile, else a default per page), the pages the
 *   target needs (from history at the same target, else items per page), and a pace: this
 *   run's actual time for its pages over the profile's, shrunk toward 1 while there is little
 *   evidence, so one quick page does not halve the estimate but a run 60 % slower than its
 *   history is seen as such within a few pages.
 * - With enough history at the run's target, the answer never falls below the naive one:
 *   the typical run's duration minus the time elapsed (`historyFloorMs`).
 */

/** What history knows about the runs of one tool. */
export interface ToolProfile {
  /** Finished runs behind this profile. */
  runs: number;
  /** Typical duration of each step (ms). */
  stepMs: Partial<Record<StepName, number>>;
  /** Typical time at which page k was done (index k − 1), in ms since the tool step started. */
  pageMarksMs?: readonly number[];
  /** Typical pages visited, items per page, and the item target these were measured at. */
  pages?: number;
  itemsPerPage?: number;
  target?: number;
  /** Typical time the paged step takes after its last page (storing what it read). */
  tailMs?: number;
}

/** What is known of a run before it runs: its tool (as predicted), its target, its history. */
/** A tool's time as the ETA models it before history exists (each tool declares its own). */
export interface ToolEta {
  /** Page by page (time follows the pages a run visits), or one step. */
  paged: boolean;
  /** Its tool_execution time with no history, leaning long. */
  defaultMs: number;
}

export interface EtaPlan {
  tool: ToolName | null;
  /** How the tool's time is modelled, from its declaration (tools/catalog); null before a tool is known. */
  toolEta: ToolEta | null;
  itemsTarget: number | null;
  profile: ToolProfile | null;
}

/**
 * Defaults when there is no history: plain, reported with low confidence, and leaning long
 * (10 items a page, 1 s a page): an ETA that then shrinks faster than the clock reads better
 * than one that grows while the viewer waits.
 */
export const DEFAULT_STEP_MS: Record<StepName, number> = {
  verification: 300,
  intent_classification: 30,
  budget_check: 200,
  tool_selection: 30,
  tool_execution: 2000,
  artifact_creation: 200,
  finalize: 300,
};
export const DEFAULT_PAGE_MS = 1000;
export const DEFAULT_ITEMS_PER_PAGE = 10;
export const DEFAULT_ITEMS_TARGET = 100;
const MIN_PACE = 0.2;
const MAX_PACE = 5;
/**
 * How much evidence counts as much as the profile itself, as a share of the step's expected
 * time: a run slower than its history is believed within a few pages, a faster one only
 * slowly. The asymmetry is deliberate: a run that starts with quick pages may still meet slow
 * ones (the history says they take longer), and an estimate that proves too short lets the
 * viewer watch the finish pass, while one too long merely shrinks faster than the clock.
 */
const SLOWER_PACE_STRENGTH = 0.2;
/** Runs of history behind the naive floor: as many as make an estimate's confidence `high`. */
const HISTORY_FLOOR_MIN_RUNS = 3;
const FASTER_PACE_STRENGTH = 1;

const RANGE: Record<EtaConfidence, readonly [number, number]> = {
  low: [0.5, 2],
  medium: [0.7, 1.4],
  high: [0.85, 1.2],
};

export function confidenceFor(historyRuns: number): EtaConfidence {
  if (historyRuns >= 3) return "high";
  return historyRuns >= 1 ? "medium" : "low";
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}

/** An estimate of `ms` left with the range its confidence allows. */
export function estimateOf(ms: number, historyRuns: number): EtaEstimate {
  const seconds = Math.max(0, ms) / 1000;
  const confidence = confidenceFor(historyRuns);
  const [low, high] = RANGE[confidence];
  return {
    seconds: round1(seconds),
    lowSeconds: round1(seconds * low),
    highSeconds: round1(seconds * high),
    confidence,
    historyRuns,
  };
}

function isPaged(plan: EtaPlan, input: EtaInput): boolean {
  return plan.toolEta?.paged === true || (input.pagesVisited ?? 0) > 0;
}

/** Expected time at which page k is done, from the profile's marks, extended linearly past them. */
function pageCurve(plan: EtaPlan): (pages: number) => number {
  const profile = plan.profile;
  const marks = profile?.pageMarksMs ?? [];
  if (marks.length === 0) {
    const perPage =
      profile?.stepMs.tool_execution !== undefined && profile.pages
        ? profile.stepMs.tool_execution / profile.pages
        : null;
    const pageMs = perPage ?? DEFAULT_PAGE_MS;
    return (pages) => Math.max(0, pages) * pageMs;
  }
  const tail = marks.slice(-3);
  const before = marks.length > tail.length ? (marks[marks.length - tail.length - 1] ?? 0) : 0;
  const lastPageMs = Math.max(1, ((tail.at(-1) ?? 0) - before) / tail.length);
  return (pages) => {
    if (pages <= 0) return 0;
    const mark = marks[pages - 1];
    if (mark !== undefined) return mark;
    return (marks.at(-1) ?? 0) + (pages - marks.length) * lastPageMs;
  };
}

/** How many pages the run will visit, knowing what it has seen so far. */
function expectedPages(plan: EtaPlan, input: EtaInput): number {
  const pages = input.pagesVisited ?? 0;
  const items = input.itemsCollected ?? 0;
  const target = input.itemsTarget ?? plan.itemsTarget ?? plan.profile?.target ?? DEFAULT_ITEMS_TARGET;
  if (items >= target) return pages;
  const profile = plan.profile;
  const sameTarget = profile?.pages !== undefined && (profile.target === undefined || profile.target === target);
  let expected: number;
  if (sameTarget && profile?.pages !== undefined) {
    expected = profile.pages;
  } else {
    const observed = pages > 0 && items > 0 ? items / pages : null;
    const perPage = observed ?? profile?.itemsPerPage ?? DEFAULT_ITEMS_PER_PAGE;
    expected = pages + Math.ceil((target - items) / Math.max(1, perPage));
  }
  // Still short of the target, so at least the page being read is left.
  return Math.max(expected, pages + 1);
}

/** Time left in a paged step (or all of it, when it has not started). */
function pagedStepLeft(plan: EtaPlan, input: EtaInput, running: boolean): number {
  const curve = pageCurve(plan);
  const total = expectedPages(plan, input);
  const tail = plan.profile?.tailMs ?? 0;
  if (!running) return curve(total) + tail;
  const pages = input.pagesVisited ?? 0;
  const marks = input.pageMarksMs ?? [];
  const inStep = Math.max(0, input.stepElapsedMs ?? 0);
  // Pages an earlier attempt read carry no timing of this attempt (a resumed crawl).
  const base = Math.max(0, pages - marks.length);
  const lastMark = marks.at(-1) ?? 0;
  const intoPage = Math.max(0, inStep - lastMark);
  const pageExpected = Math.max(1, curve(pages + 1) - curve(pages));
  // Evidence: the pages done, or, when the current page is overdue, the whole time so far.
  const overdue = intoPage > pageExpected;
  const actual = overdue ? inStep : lastMark;
  const expected = (overdue ? curve(pages + 1) : curve(pages)) - curve(base);
  const share = actual < expected ? FASTER_PACE_STRENGTH : SLOWER_PACE_STRENGTH;
  const strength = plan.profile ? share * curve(total) : pageExpected;
  const pace = clamp((actual + strength) / (Math.max(0, expected) + strength), MIN_PACE, MAX_PACE);
  if (total <= pages) return Math.max(tail - intoPage, 0.1 * tail);
  const left = (curve(total) - curve(pages)) * pace - intoPage;
  // An overdue page is assumed to need a little more, with the pages after it still to come.
  const floor = (curve(total) - curve(pages + 1)) * pace + 0.1 * pageExpected * pace;
  return Math.max(left, floor) + tail;
}

function expectedStepMs(step: StepName, plan: EtaPlan): number {
  const fromHistory = plan.profile?.stepMs[step];
  if (fromHistory !== undefined) return fromHistory;
  if (step === "tool_execution" && plan.toolEta) return plan.toolEta.defaultMs;
  return DEFAULT_STEP_MS[step];
}

/** Milliseconds left in the run, step by step. */
export function remainingMs(input: EtaInput, plan: EtaPlan): number {
  const done = new Set(input.completedSteps.map((step) => step.step_name));
  let total = 0;
  for (const { name } of PIPELINE_STEPS) {
    if (done.has(name)) continue;
    const running = name === input.currentStep;
    if (name === "tool_execution" && isPaged(plan, input)) {
      total += pagedStepLeft(plan, input, running);
      continue;
    }
    const expected = expectedStepMs(name, plan);
    if (!running) {
      total += expected;
      continue;
    }
    const spent = Math.max(0, input.stepElapsedMs ?? 0);
    // Past its expected length a step is assumed to need a little more, never nothing.
    total += Math.max(expected - spent, 0.1 * expected);
  }
  return total;
}

/**
 * How much later (or, negative, earlier) than expected each page of this attempt was done,
 * page by page, against the plain expectation (history's page profile, else the default): the
 * part of a changed estimate a page's real timing explains by itself, before any pace.
 */
export function pageLatenessMs(input: EtaInput, plan: EtaPlan): number[] {
  const marks = input.pageMarksMs ?? [];
  if (marks.length === 0 || !isPaged(plan, input)) return [];
  const curve = pageCurve(plan);
  const base = Math.max(0, (input.pagesVisited ?? 0) - marks.length);
  return marks.map((mark, index) => {
    const took = mark - (index > 0 ? (marks[index - 1] ?? 0) : 0);
    return took - (curve(base + index + 1) - curve(base + index));
  });
}

/**
 * The time a typical run of history took, less the time this run has taken: the naive
 * estimate, used as a floor. A run ahead of its history is not assumed to stay ahead: its
 * quick pages may meet slow ones, and the same first pages begin a run that makes up no
 * time. An estimate too long ends early; one too short cannot be taken back (a countdown
 * never counts up). Only from a history of the same kind of run: enough runs of the tool
 * at the same item target.
 */
export function historyFloorMs(input: EtaInput, plan: EtaPlan): number {
  const profile = plan.profile;
  if (!profile || profile.runs < HISTORY_FLOOR_MIN_RUNS) return 0;
  const target = input.itemsTarget ?? plan.itemsTarget;
  if (profile.target !== undefined && target !== undefined && target !== null && target !== profile.target) return 0;
  let typicalMs = 0;
  for (const { name } of PIPELINE_STEPS) {
    const ms = profile.stepMs[name];
    if (ms === undefined) return 0;
    typicalMs += ms;
  }
  return Math.max(0, typicalMs - input.elapsedMs);
}

/** The pipeline's estimator for one run, from what is known of it (its tool, target, history). */
export function createTimeEta(plan: EtaPlan): EtaEstimator {
  const runs = plan.profile?.runs ?? 0;
  return (input) => {
    if (input.percent >= 100) return estimateOf(0, runs);
    const estimate = estimateOf(Math.max(remainingMs(input, plan), historyFloorMs(input, plan)), runs);
    const lateness = pageLatenessMs(input, plan);
    return lateness.length > 0 ? { ...estimate, pageLatenessMs: lateness } : estimate;
  };
}

/** The model with no history and no idea of the tool: what the claim's snapshot shows. */
export const defaultTimeEta: EtaEstimator = createTimeEta({
  tool: null,
  toolEta: null,
  itemsTarget: null,
  profile: null,
});
