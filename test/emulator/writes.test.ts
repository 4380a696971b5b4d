import assert from "node:assert/strict";
import type { Timestamp } from "firebase-admin/firestore";
import { db, sleep, uniqueId } from "../helpers/emulator";
import { assertCompletedHistory, createApproved, runDirect } from "../helpers/pipeline";
import { withoutTriggers } from "../helpers/triggers";

describe("progress write coalescing", function () {
  this.timeout(60_000);
  withoutTriggers();

  it("writes a 3-second mission's progress at most once a second and counts every write", async () => {
    const id = uniqueId("writes");
    const ref = await createApproved({ objective: "What is 1 + 2?" }, id);
    const seen: Timestamp[] = [];
    const stop = ref.onSnapshot((snapshot) => {
      if (snapshot.updateTime) seen.push(snapshot.updateTime);
    });
    await sleep(300); // let the listener deliver the initial state before the run starts
    const initial = seen.length;

    // ~430 ms per step: 14 progress events over ~3 s, far more than 1 write/s would allow.
    const outcome = await runDirect(id, { hooks: { beforeStep: () => sleep(430) } });
    await sleep(500);
    stop();
    assert.equal(outcome.kind, "completed");

    const data = (await ref.get()).data();
    assertCompletedHistory(assert, data ?? {}, id);
    const record = data?.execution_record;
    const writes = seen.slice(initial).map((time) => time.toMillis());
    assert.equal(record.document_writes, outcome.kind === "completed" ? outcome.documentWrites : -1);
    assert.equal(writes.length, record.document_writes, "every write the pipeline counted was observed");
    // claim + one write per elapsed second at most + the final write
    const bound = 2 + Math.ceil(record.duration_ms / 1000);
    assert.ok(record.document_writes <= bound, `${record.document_writes} writes > bound ${bound}`);
    assert.ok(record.document_writes >= 3, "a 3-second run should show intermediate progress");
    // The sustained rate: the claim and the progress writes are at least ~1 s apart
    // (the final write may follow the last progress write at once).
    const progressWrites = writes.slice(0, -1);
    for (let index = 1; index < progressWrites.length; index += 1) {
      const gap = (progressWrites[index] ?? 0) - (progressWrites[index - 1] ?? 0);
      assert.ok(gap >= 950, `two writes only ${gap} ms apart`);
    }
  });

  it("stops a run's progress writes once another execution owns the mission", async () => {
    const id = uniqueId("takeover");
    const ref = await createApproved({ objective: "What is 4 * 4?" }, id);
    const outcome = await runDirect(id, {
      hooks: {
        beforeStep: async (step) => {
          if (step !== "tool_selection") return;
          // Meanwhile the sweeper re-queued this run and a successor claimed the mission.
          await ref.update({ "execution_record.execution_id": "successor" });
          await sleep(1500); // past the sink's next scheduled (now refused) progress write
        },
      },
    });
    assert.equal(outcome.kind, "skipped");
    const record = (await ref.get()).get("execution_record");
    assert.equal(record.execution_id, "successor");
    // Still the claim's snapshot: the stale run wrote no progress after the takeover.
    assert.deepEqual(record.progress_tracker.completed_step_names, []);
    assert.equal(record.progress_tracker.progress_percent, 5);
    // And it stopped at its next step: no artifact or learning signal of its own either.
    const artifacts = await db().collection("artifacts").where("mission_id", "==", id).count().get();
    assert.equal(artifacts.data().count, 0);
    const signals = await db().collection("learning_signals").where("mission_id", "==", id).count().get();
    assert.equal(signals.data().count, 0);
  });
});
