import assert from "node:assert/strict";
import { PIPELINE_STEPS, type StepName } from "../../functions/src/shared/steps";
import type { ProgressSnapshot } from "../../functions/src/progress/schema";
import type { ProgressEvent } from "../../functions/src/progress/trackerTypes";
import { createDraft, db, sleep, uniqueId, waitForTerminal } from "../helpers/emulator";
import { assertCompletedHistory, createApproved, runDirect } from "../helpers/pipeline";
import { withoutTriggers } from "../helpers/triggers";

describe("pipeline on the emulator suite", function () {
  this.timeout(60_000);

  it("runs an approved mission through the trigger to completed, with its result and artifact", async () => {
    const ref = await createDraft({ objective: "What is 15% of 2,340?" });
    await ref.update({ status: "approved", approved_at: new Date() });
    const data = await waitForTerminal(ref);

    assert.equal(data.status, "completed");
    assertCompletedHistory(assert, data, ref.id);
    const record = data.execution_record;
    assert.equal(record.success, true);
    assert.equal(record.status, "completed");
    assert.equal(record.tool_used, "calculate");
    assert.ok(record.tool_confidence > 0.9 && record.tool_confidence <= 1);
    assert.equal(record.result_summary, "(15 / 100) * 2340 = 351");
    assert.equal(record.execution_result.value, 351);
    assert.equal(record.attempt, 1);
    assert.equal(record.error, null);
    assert.equal(record.lease_expires_at, null);
    assert.match(record.artifact_message, /^Artifact saved to artifacts\//);

    const artifact = await db().doc(record.artifact_reference).get();
    assert.equal(artifact.exists, true, `artifact ${record.artifact_reference} missing`);
    assert.equal(artifact.get("mission_id"), ref.id);
    assert.equal(artifact.get("owner_uid"), "user-1");
    assert.equal(artifact.get("tool"), "calculate");
    assert.deepEqual(JSON.parse(artifact.get("content")), { expression: "(15 / 100) * 2340", value: 351 });

    const signal = await db().collection("learning_signals").doc(record.run_id).get();
    assert.equal(signal.get("mission_id"), ref.id);
    assert.equal(signal.get("decision_type"), "calculation");
    assert.equal(typeof signal.get("score"), "number");
    assert.ok(Array.isArray(record.evaluation.reasons) && record.evaluation.reasons.length > 0);
  });
});

describe("pipeline on the emulator suite (the handler called directly)", function () {
  this.timeout(60_000);
  withoutTriggers();

  it("fires listener events started/completed per step, and persists exactly the tracker's final snapshot", async () => {
    const id = uniqueId("events");
    await createApproved({ objective: "calculate 6 * 7" }, id);
    const events: ProgressEvent[] = [];
    let last: ProgressSnapshot | undefined;
    const outcome = await runDirect(id, {
      hooks: {
        onProgress: (event, snapshot) => {
          events.push(event);
          last = snapshot;
        },
      },
    });
    assert.equal(outcome.kind, "completed");
    assert.deepEqual(
      events.map((event) => `${event.type}:${event.step}:${event.percent}`),
      PIPELINE_STEPS.flatMap((step) => [
        `step_started:${step.name}:${step.startedPercent}`,
        `step_completed:${step.name}:${step.completedPercent}`,
      ]),
    );
    const stored = (await db().collection("missions").doc(id).get()).data();
    assert.deepEqual(stored?.execution_record.progress_tracker, last);
  });

  describe("a forced failure in each step", () => {
    for (const [index, step] of PIPELINE_STEPS.entries()) {
      it(`ends the mission failed at ${step.name}, with its error, and runs no later step`, async () => {
        const id = uniqueId(`fail-${step.name}`);
        await createApproved({ objective: "What is 2 + 2?" }, id);
        const ran: StepName[] = [];
        const outcome = await runDirect(id, {
          hooks: {
            beforeStep: (name) => {
              ran.push(name);
              if (name === step.name) throw new Error(`injected failure in ${name}`);
            },
          },
        });
        assert.equal(outcome.kind, "failed");
        assert.deepEqual(
          ran,
          PIPELINE_STEPS.slice(0, index + 1).map((s) => s.name),
        );

        const data = (await db().collection("missions").doc(id).get()).data();
        assert.equal(data?.status, "failed");
        const record = data?.execution_record;
        assert.equal(record.success, false);
        assert.deepEqual(record.error, {
          step: step.name,
          kind: "internal",
          message: `injected failure in ${step.name}`,
        });
        assert.equal(record.result_summary, `Failed at ${step.name}: injected failure in ${step.name}`);
        const tracker = record.progress_tracker;
        assert.deepEqual(
          tracker.completed_step_names,
          PIPELINE_STEPS.slice(0, index).map((s) => s.name),
        );
        assert.equal(tracker.current_step.step_name, step.name);
        assert.equal(tracker.current_step.status, "failed");
        assert.equal(tracker.current_step.error, `injected failure in ${step.name}`);
        assert.equal(tracker.progress_percent, step.startedPercent);
        // Later steps left nothing behind.
        const artifacts = await db().collection("artifacts").where("mission_id", "==", id).get();
        assert.equal(artifacts.size, 0, "a failed run publishes no artifact");
        const signals = await db().collection("learning_signals").where("mission_id", "==", id).get();
        assert.equal(signals.size, 0, "a failed run leaves no learning signal");
      });
    }
  });

  it("stops at the next step with kind deadline once the run's deadline has passed", async () => {
    const id = uniqueId("deadline");
    await createApproved({ objective: "What is 5 * 5?" }, id);
    const outcome = await runDirect(id, {
      config: { runBudgetMs: 300 },
      hooks: { beforeStep: (step) => (step === "budget_check" ? sleep(400) : undefined) },
    });
    assert.equal(outcome.kind, "failed");
    const record = (await db().collection("missions").doc(id).get()).get("execution_record");
    assert.deepEqual(record.error, {
      step: "tool_selection",
      kind: "deadline",
      message: "the run reached its deadline before tool_selection could start",
    });
  });
});
