import assert from "node:assert/strict";
import { checkpointSchema, type Checkpoint } from "../../functions/src/pipeline/checkpoint";
import { stepInputs, type CheckpointField } from "../../functions/src/pipeline/step";
import { STEP_WORK } from "../../functions/src/pipeline/stepWork";
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
    const choice = { tool: "calculate", source: "dynamic", planRejected: false, reason: "r", input: {} } as const;
    assert.equal(budget.done({}), false);
    assert.equal(budget.done({ estimate_microusd: 0, budget_reserved: false }), false, "no choice yet");
    assert.equal(budget.done({ choice, estimate_microusd: 0, budget_reserved: false }), true);
    assert.equal(STEP_WORK.tool_selection.done({ choice }), false, "the priced choice is not its confirmation");
    assert.equal(STEP_WORK.tool_selection.done({ choice, tool_selected: true }), true);
  });

  it("builds a step's inputs from the checkpoint, naming every missing field", () => {
    const intent = { decision_type: "calculation", confidence: 1, reason: "r", derived_input: {} } as const;
    const checkpoint: Checkpoint = { intent, estimate_microusd: 0 };
    assert.deepEqual(stepInputs(checkpoint, ["intent", "estimate_microusd"]).intent, intent);
    assert.throws(
      () => stepInputs(checkpoint, ["intent", "choice", "tool"]),
      /pipeline bug: choice, tool not in the checkpoint/,
    );
  });
});
