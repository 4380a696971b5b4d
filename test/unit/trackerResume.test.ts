import assert from "node:assert/strict";
import { MissionProgressTracker } from "../../functions/src/progress/tracker";

describe("progress tracker resumed by a later attempt", () => {
  it("continues the stored record: same start, completed steps kept, percentage never lower", () => {
    let now = 1_000;
    const first = new MissionProgressTracker("m", { now: () => now, attempt: 1 });
    for (const step of ["verification", "intent_classification", "budget_check", "tool_selection"] as const) {
      first.startStep(step);
      now += 100;
      first.completeStep(step);
    }
    first.startStep("tool_execution");
    first.reportSubProgress({ fraction: 0.6 }); // 70 %: the worker dies here
    const stored = first.snapshot();

    now = 900_000; // the sweeper re-queued it minutes later
    const second = new MissionProgressTracker("m", { now: () => now, attempt: 2, resumeFrom: stored });
    assert.equal(second.nextStep, "tool_execution");
    assert.equal(second.snapshot().start_time, stored.start_time);
    second.startStep("tool_execution");
    assert.equal(second.snapshot().progress_percent, 70, "restarting the step does not show 55 %");
    second.completeStep("tool_execution");
    const steps = second.snapshot().completed_steps;
    assert.deepEqual(
      steps.map((step) => [step.step_name, step.attempt]),
      [
        ["verification", 1],
        ["intent_classification", 1],
        ["budget_check", 1],
        ["tool_selection", 1],
        ["tool_execution", 2],
      ],
    );
  });
});
