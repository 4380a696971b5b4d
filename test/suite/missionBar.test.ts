import assert from "node:assert/strict";
import { StepReplay, type Frame } from "../../scripts/missionBar";
import { PIPELINE_STEPS, STEP_LABELS } from "../../functions/src/shared/steps";
import { isTerminalSnapshot, uniqueId, watchUntil } from "../helpers/emulator";
import { createApproved, runDirect } from "../helpers/pipeline";

/**
 * The CLI's bar (scripts/mission.ts) on a real, fast mission: however few snapshots the
 * listener gets (the pipeline writes twice), the bar shows each of the seven steps, in order.
 */
describe("CLI progress bar replays every completed step (emulator)", () => {
  it("turns a two-write mission into one frame per step, in order, never going backwards", async () => {
    const id = uniqueId("cli-bar");
    const ref = await createApproved({ objective: "What is 6 * 7?" }, id);
    const replay = new StepReplay();
    const frames: Frame[] = [];
    let snapshots = 0;
    const watching = watchUntil(ref, isTerminalSnapshot, {
      what: `mission ${id} to finish`,
      onSnapshot: (snapshot) => {
        snapshots += 1;
        frames.push(...replay.framesFor(snapshot).frames);
      },
    });
    const outcome = await runDirect(id);
    assert.equal(outcome.kind, "completed");
    await watching;

    const stepLines = frames.flatMap((frame) => (frame.line ? [frame.line] : []));
    assert.equal(stepLines.length, PIPELINE_STEPS.length, `one line per step: ${stepLines.join(" | ")}`);
    PIPELINE_STEPS.forEach((step, index) => {
      assert.ok(
        stepLines[index]?.startsWith(`  ✔ ${index + 1}/7 ${STEP_LABELS[step.name]} (${step.completedPercent}%`),
        `line ${index + 1}: ${stepLines[index]}`,
      );
    });
    const percents = frames.map((frame) => frame.percent);
    assert.deepEqual(
      percents,
      [...percents].sort((a, b) => a - b),
      "the bar never moves backwards",
    );
    assert.deepEqual(frames.at(-1), { percent: 100, step: "Complete" });
    // The point of the replay: fewer snapshots than steps still show every step.
    assert.ok(snapshots < PIPELINE_STEPS.length, `expected a fast mission (${snapshots} snapshots)`);
  });
});
