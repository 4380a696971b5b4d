import * as z from "zod";

/**
 * The execution pipeline's one table. The tracker, the log lines, the tests and the
 * dashboard all read step names and percentages from here and nowhere else.
 */
export const PIPELINE_STEPS = [
  { name: "verification", startedPercent: 5, completedPercent: 10 },
  { name: "intent_classification", startedPercent: 20, completedPercent: 30 },
  { name: "budget_check", startedPercent: 35, completedPercent: 40 },
  { name: "tool_selection", startedPercent: 45, completedPercent: 55 },
  { name: "tool_execution", startedPercent: 55, completedPercent: 80 },
  { name: "artifact_creation", startedPercent: 85, completedPercent: 90 },
  { name: "finalize", startedPercent: 95, completedPercent: 100 },
] as const;

export type StepName = (typeof PIPELINE_STEPS)[number]["name"];
export type StepDefinition = (typeof PIPELINE_STEPS)[number];

export const STEP_NAMES: readonly StepName[] = PIPELINE_STEPS.map((step) => step.name);

/** The one schema of a step name, for every document and request that carries one. */
export const stepNameSchema = z.enum(STEP_NAMES as [StepName, ...StepName[]]);
export const TOTAL_STEPS = PIPELINE_STEPS.length;

/** Human labels the dashboard shows ("Execution: 45% | Selecting tool"). */
export const STEP_LABELS: Record<StepName, string> = {
  verification: "Verifying mission",
  intent_classification: "Classifying intent",
  budget_check: "Checking budget",
  tool_selection: "Selecting tool",
  tool_execution: "Running tool",
  artifact_creation: "Creating artifact",
  finalize: "Finalizing",
};

export function stepDefinition(name: StepName): StepDefinition {
  const step = PIPELINE_STEPS.find((candidate) => candidate.name === name);
  if (!step) throw new Error(`unknown pipeline step: ${name}`);
  return step;
}

export function stepIndex(name: StepName): number {
  return STEP_NAMES.indexOf(name) + 1;
}
