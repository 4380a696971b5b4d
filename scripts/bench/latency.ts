/**
 * Approve → completed through the real trigger, for a calculate mission and for the floor (a
 * bare trigger that only flips the status: scripts/bench/floor), interleaved run by run so the
 * machine's noise lands on both. The ratio is what the pipeline costs over the least any
 * trigger can cost on the same emulator.
 *
 * The Functions emulator runs one invocation at a time, so nothing else may be in its queue
 * when an approval is written: every document is created before the first approval (a draft's
 * creation invokes the mission trigger too, which a real draft does long before approval), and
 * each mission's run is followed by its counting (the final write's own event) before the next
 * approval. In production those run beside each other.
 */
import type { DocumentReference } from "firebase-admin/firestore";
import { createDraft, db, sleep, watchUntil } from "../../test/helpers/emulator";
import { approveAndWatch, floorDocument, isFinished, statusIs } from "./measure";
import { ms, ratio, type Scenario } from "./scenario";
import { median } from "./stats";

const RUNS = 30;
/**
 * The emulator's JVM is still compiling the paths a mission's write takes for the first ten
 * or so approvals: in traced runs (2026-11-25) the pipeline's times fell from about 45 ms to
 * about 30 ms over the first fifteen pairs, the floor's much less. Both are measured warm.
 */
const WARMUP = 10;
/**
 * The pause before each approval. The floor's own write invokes the floor trigger again (a
 * no-op, but one invocation), about 10 ms after a listener saw it; an approval written right
 * then waited behind it, as the emulator runs one invocation at a time: traced, the pipeline's
 * trigger started 16–35 ms after its approval in those pairs instead of 10–15 ms.
 */
const SETTLE_MS = 100;

async function floorRun(ref: DocumentReference): Promise<number> {
  await sleep(SETTLE_MS);
  const { ms: took } = await approveAndWatch(ref, statusIs("completed"), { what: `floor ${ref.id} to complete` });
  return took;
}

async function pipelineRun(ref: DocumentReference): Promise<{ ms: number; durationMs: number; writes: number }> {
  await sleep(SETTLE_MS);
  const { ms: took, data } = await approveAndWatch(ref, isFinished, { what: `mission ${ref.id} to finish` });
  if (data.status !== "completed")
    throw new Error(`bench mission failed: ${JSON.stringify(data.execution_record?.error)}`);
  // Counted from the final write's own event, after the result is visible: wait for it.
  await watchUntil(
    db().collection("analytics_recorded").doc(String(data.execution_record.run_id)),
    (doc) => doc.exists,
    {
      what: `mission ${ref.id} to be counted`,
    },
  );
  return {
    ms: took,
    durationMs: Number(data.execution_record.duration_ms),
    writes: Number(data.execution_record.document_writes),
  };
}

export const latency: Scenario = {
  name: "latency",
  async run() {
    const floor: number[] = [];
    const pipeline: { ms: number; durationMs: number; writes: number }[] = [];
    const floorDocs: DocumentReference[] = [];
    const drafts: DocumentReference[] = [];
    for (let run = 0; run < WARMUP + RUNS; run += 1) {
      floorDocs.push(await floorDocument());
      drafts.push(await createDraft({ objective: `What is ${run} * 3?` }));
    }
    // Each draft's creation invoked the mission trigger (a no-op that writes nothing, so there
    // is nothing to watch): give the emulator's queue time to drain before the first approval.
    await sleep(1_000);
    for (let run = 0; run < WARMUP + RUNS; run += 1) {
      const floorRef = floorDocs[run];
      const draft = drafts[run];
      if (!floorRef || !draft) throw new Error(`run ${run} has no documents`);
      const floorMs = await floorRun(floorRef);
      const mission = await pipelineRun(draft);
      if (run < WARMUP) continue; // cold workers, first connections
      floor.push(floorMs);
      pipeline.push(mission);
    }
    const floorMedian = median(floor);
    const pipelineMedian = median(pipeline.map((run) => run.ms));
    const ownMedian = median(pipeline.map((run) => run.durationMs));
    return {
      tables: [
        {
          title: `Approve → completed through the trigger, seen by a snapshot listener (median of ${RUNS}, interleaved)`,
          head: ["measure", "median", "min – max"],
          rows: [
            [
              "floor: bare trigger, one write",
              ms(floorMedian),
              `${ms(Math.min(...floor))} – ${ms(Math.max(...floor))}`,
            ],
            [
              "pipeline: calculate mission",
              ms(pipelineMedian),
              `${ms(Math.min(...pipeline.map((run) => run.ms)))} – ${ms(Math.max(...pipeline.map((run) => run.ms)))}`,
            ],
            ["pipeline / floor", ratio(pipelineMedian / floorMedian), ""],
            ["pipeline's own duration_ms (claim → final write)", ms(ownMedian), ""],
            ["mission-document writes per mission", median(pipeline.map((run) => run.writes)), ""],
          ],
        },
      ],
      figures: {
        runs: RUNS,
        floor_ms: floor,
        pipeline_ms: pipeline.map((run) => run.ms),
        pipeline_duration_ms: pipeline.map((run) => run.durationMs),
        floor_median_ms: floorMedian,
        pipeline_median_ms: pipelineMedian,
        ratio: pipelineMedian / floorMedian,
        pipeline_own_duration_median_ms: ownMedian,
        document_writes_median: median(pipeline.map((run) => run.writes)),
      },
    };
  },
};
