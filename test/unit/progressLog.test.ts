import assert from "node:assert/strict";
import type { LogEntry } from "firebase-functions/logger";
import { ProgressLog } from "../../functions/src/progress/progressLog";
import { MissionProgressTracker } from "../../functions/src/progress/tracker";

const START = Date.parse("2026-11-25T08:00:00.000Z");

/** A tracker on a clock that moves 3 ms per reading, logged into `written` batch by batch. */
function loggedTracker(flushEveryMs = 60_000) {
  let clock = START;
  const batches: LogEntry[][] = [];
  const progressLog = new ProgressLog(flushEveryMs, (entries) => batches.push([...entries]));
  const tracker = new MissionProgressTracker("mission-7", { now: () => (clock += 3) });
  progressLog.attach(tracker);
  return { tracker, progressLog, batches };
}

describe("progress log lines (the spec's [PROGRESS_TRACKER] lines, written in batches)", () => {
  it("keeps the spec's line shape with structured fields and each event's own time", () => {
    const { tracker, progressLog, batches } = loggedTracker();
    tracker.startStep("verification");
    tracker.completeStep("verification");
    tracker.startStep("intent_classification");
    tracker.completeStep("intent_classification");
    tracker.startStep("budget_check");
    tracker.failStep("budget_check", "over the daily budget");
    progressLog.flush();

    const entries = batches.flat();
    assert.deepEqual(
      entries.map((entry) => [entry.severity, entry.message]),
      [
        ["INFO", "[PROGRESS_TRACKER] Step 1/7: verification (5%)"],
        ["INFO", "[PROGRESS_TRACKER] Completed: verification (10%)"],
        ["INFO", "[PROGRESS_TRACKER] Step 2/7: intent_classification (20%)"],
        ["INFO", "[PROGRESS_TRACKER] Completed: intent_classification (30%)"],
        ["INFO", "[PROGRESS_TRACKER] Step 3/7: budget_check (35%)"],
        ["WARNING", "[PROGRESS_TRACKER] Failed: budget_check (35%): over the daily budget"],
      ],
    );
    const second = entries[1];
    assert.ok(second);
    assert.equal(second.mission_id, "mission-7");
    assert.equal(second.step, "verification");
    assert.equal(second.percent, 10);
    assert.equal(second.event, "step_completed");
    // The tracker read the clock once at construction and once per event: 3 ms apart.
    const stamps = entries.map((entry) => {
      const { seconds, nanos } = entry.timestamp as { seconds: number; nanos: number };
      return seconds * 1000 + nanos / 1e6;
    });
    assert.deepEqual(
      stamps,
      [6, 9, 12, 15, 18, 21].map((ms) => START + ms),
    );
  });

  it("writes nothing until flushed, then every pending line once, in event order", () => {
    const { tracker, progressLog, batches } = loggedTracker();
    tracker.startStep("verification");
    tracker.completeStep("verification");
    assert.equal(batches.length, 0, "a line was written before the flush");
    progressLog.flush();
    progressLog.flush();
    tracker.startStep("intent_classification");
    progressLog.flush();
    assert.deepEqual(
      batches.map((batch) => batch.map((entry) => String(entry.event))),
      [["step_started", "step_completed"], ["step_started"]],
    );
  });

  it("writes a line within its interval without a flush (a long run's log keeps up)", async () => {
    const { tracker, batches } = loggedTracker(20);
    tracker.startStep("verification");
    tracker.reportSubProgress({ fraction: 0.5, message: "half way" });
    const deadline = Date.now() + 2_000;
    while (batches.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(batches.length, 1, "no batch written within 2 s of a 20 ms interval");
    assert.deepEqual(
      batches[0]?.map((entry) => entry.message),
      ["[PROGRESS_TRACKER] Step 1/7: verification (5%)", "[PROGRESS_TRACKER] Progress: verification (7.5%) half way"],
    );
  });
});
