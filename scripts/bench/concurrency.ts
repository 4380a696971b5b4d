/**
 * Many missions at once. Through the trigger, the Functions emulator runs one invocation at a
 * time (the runs do not overlap: measured from each mission's started_at/finished_at), so that
 * figure says nothing about the product. The product's own concurrency is measured in process:
 * executeMission for N missions at once against the emulator's Firestore, against the same N
 * one after another.
 */
import type { Timestamp } from "firebase-admin/firestore";
import { createDraft, db, watchUntil } from "../../test/helpers/emulator";
import { approvedMissions, isFinished, requireCompleted, runInProcess, withTriggersOff } from "./measure";
import { ms, ratio, type Scenario } from "./scenario";
import { maxOverlap, median } from "./stats";

const BURST = 10;
const IN_PROCESS = [10, 50];

async function triggerBurst(): Promise<{ wallMs: number; overlap: number }> {
  const refs = await Promise.all(
    Array.from({ length: BURST }, (_, index) => createDraft({ objective: `What is ${index} + 100?` })),
  );
  const watching = refs.map((ref) =>
    watchUntil(ref, isFinished, { what: `burst mission ${ref.id}`, timeoutMs: 60_000 }),
  );
  const started = performance.now();
  const batch = db().batch();
  for (const ref of refs) batch.update(ref, { status: "approved", approved_at: new Date(), updated_at: new Date() });
  await batch.commit();
  const seen = await Promise.all(watching);
  const wallMs = Math.max(...seen.map(({ seenAtMs }) => seenAtMs)) - started;
  const intervals = seen.map(({ snapshot }) => {
    const record = snapshot.get("execution_record") as { started_at: Timestamp; finished_at: Timestamp };
    return { start: record.started_at.toMillis(), end: record.finished_at.toMillis() };
  });
  return { wallMs, overlap: maxOverlap(intervals) };
}

async function inProcess(count: number) {
  const parallelIds = await approvedMissions(count, "bench-par");
  const sequentialIds = await approvedMissions(count, "bench-seq");
  const parallel = await runInProcess(parallelIds, true);
  requireCompleted(parallel.outcomes, `${count} parallel missions`);
  const sequential = await runInProcess(sequentialIds, false);
  requireCompleted(sequential.outcomes, `${count} sequential missions`);
  return {
    count,
    parallelMs: parallel.wallMs,
    sequentialMs: sequential.wallMs,
    overlap: maxOverlap(parallel.intervals),
    medianEachParallelMs: median(parallel.intervals.map(({ start, end }) => end - start)),
    medianEachSequentialMs: median(sequential.intervals.map(({ start, end }) => end - start)),
  };
}

export const concurrency: Scenario = {
  name: "concurrency",
  async run() {
    await withTriggersOff(async () => runInProcess(await approvedMissions(2, "bench-warm"), true));
    const burst = await triggerBurst();
    const runs = [];
    for (const count of IN_PROCESS) runs.push(await withTriggersOff(() => inProcess(count)));
    return {
      tables: [
        {
          title: "Missions at once, in process: executeMission against the emulator's Firestore (calculate)",
          head: [
            "missions",
            "all at once",
            "one after another",
            "speed-up",
            "most running at once",
            "median each (at once / alone)",
          ],
          rows: runs.map((run) => [
            run.count,
            ms(run.parallelMs),
            ms(run.sequentialMs),
            ratio(run.sequentialMs / run.parallelMs),
            run.overlap,
            `${ms(run.medianEachParallelMs)} / ${ms(run.medianEachSequentialMs)}`,
          ]),
        },
        {
          title: `${BURST} missions approved in one batch, through the Functions emulator`,
          head: ["measure", "value"],
          rows: [
            ["until a listener saw all finished", ms(burst.wallMs)],
            ["most runs executing at once", burst.overlap],
          ],
          notes: [
            burst.overlap === 1
              ? "The Functions emulator ran the invocations one at a time (no two runs overlapped), so this measures the emulator, not the product; the in-process table measures the product."
              : `Up to ${burst.overlap} runs overlapped in the Functions emulator.`,
          ],
        },
      ],
      figures: {
        trigger_burst: { missions: BURST, wall_ms: burst.wallMs, max_overlap: burst.overlap },
        in_process: runs,
      },
    };
  },
};
