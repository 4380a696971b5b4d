import assert from "node:assert/strict";
import { checkpointSchema, type Checkpoint } from "../../functions/src/pipeline/record/checkpoint";
import { stepInputs, type CheckpointField } from "../../functions/src/pipeline/steps/defineStep";
import { STEP_WORK } from "../../functions/src/pipeline/steps/stepWork";
import { PIPELINE_STEPS } from "../../functions/src/shared/steps";

/** The work steps in table order (verification is the claim, which has no declared work). */
const WORK = PIPELINE_STEPS.flatMap((step) =>
  step.name === "verification" ? [] : [[step.name, STEP_WORK[step.name]] as const],
);

describe("step declarations (stepWork.ts)", () => {
  it("every step needs only what an earlier step in table order produces", () => {
    const produced = new Set<CheckpointField>();
    for (const [name, work] of WORK) {
      for (const field of work.needs) {
        assert.ok(produced.has(field), `${name} needs ${field}, which no earlier step produces`);
      }
      for (const field of work.produces) produced.add(field);
    }
  });

  it("every step produces something, and no field is produced by two steps (done() is unambiguous)", () => {
    const producer = new Map<CheckpointField, string>();
    for (const [name, work] of WORK) {
      assert.ok(work.produces.length > 0, `${name} produces nothing, so it would always count as done`);
      for (const field of work.produces) {
        assert.equal(producer.get(field), undefined, `${field} is produced by ${producer.get(field)} and ${name}`);
        producer.set(field, name);
      }
    }
  });

  it("every stored checkpoint field is some step's output", () => {
    const produced = new Set(WORK.flatMap(([, work]) => work.produces));
    for (const field of Object.keys(checkpointSchema.shape)) {
      assert.ok(produced.has(field as CheckpointField), `no step produces checkpoint.${field}`);
    }
  });

  it("a step is done exactly when the checkpoint holds all it produces", () => {
    const budget = STEP_WORK.budget_check;
    const decision = {
      tool: "calculate",
      source: "rules",
      confidence: 1,
      reason: "r",
      input: {},
      estimate_microusd: 0,
    } as const;
    assert.equal(budget.done({}), false);
    assert.equal(budget.done({ decision }), false, "decided, not priced yet");
    assert.equal(budget.done({ decision, estimate_microusd: 0, budget_reserved: false }), true);
    assert.equal(STEP_WORK.intent_classification.done({ decision }), true);
    assert.equal(STEP_WORK.tool_selection.done({ decision }), false, "the decision is not its confirmation");
    assert.equal(STEP_WORK.tool_selection.done({ decision, tool_selected: true }), true);
  });

  it("builds a step's inputs from the checkpoint, naming every missing field", () => {
    const decision = {
      tool: "calculate",
      source: "plan",
      confidence: 1,
      reason: "r",
      input: { expression: "1+1" },
      estimate_microusd: 0,
    } as const;
    const checkpoint: Checkpoint = { decision, estimate_microusd: 0 };
    assert.deepEqual(stepInputs(checkpoint, ["decision", "estimate_microusd"]).decision, decision);
    assert.throws(
      () => stepInputs(checkpoint, ["decision", "budget_reserved", "tool"]),
      /pipeline bug: budget_reserved, tool not in the checkpoint/,
    );
  });
});
