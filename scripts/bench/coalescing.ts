/**
 * Progress writes of a ~2 s mission (300 ms before each step, 14 progress events) with write
 * spacing on (one write a second) and off (interval 0: writes still never overlap, so events
 * of the same tick merge), side by side.
 */
import { executeMission } from "../../functions/src/pipeline/run/executeMission";
import { sleep, uniqueId } from "../../test/helpers/emulator";
import { createApproved, pipelineDeps } from "../../test/helpers/pipeline";
import { withTriggersOff } from "./measure";
import { ratio, type Scenario } from "./scenario";
import { median } from "./stats";

const RUNS = 3;

async function slowRun(intervalMs: number): Promise<{ writes: number; events: number }> {
  const id = uniqueId("bench-slow");
  await createApproved({ objective: "What is 2 * 21?" }, id);
  let events = 0;
  const outcome = await executeMission(id, {
    ...pipelineDeps({ config: { progressWriteIntervalMs: intervalMs } }),
    hooks: { beforeStep: () => sleep(300), onProgress: () => (events += 1) },
  });
  if (outcome.kind !== "completed") throw new Error(`bench mission ${outcome.kind}`);
  return { writes: outcome.documentWrites, events };
}

export const coalescing: Scenario = {
  name: "coalescing",
  run: () => withTriggersOff(measureCoalescing),
};

async function measureCoalescing() {
  {
    const coalesced = [];
    const uncoalesced = [];
    for (let run = 0; run < RUNS; run += 1) {
      coalesced.push(await slowRun(1000));
      uncoalesced.push(await slowRun(0));
    }
    const on = median(coalesced.map((run) => run.writes));
    const off = median(uncoalesced.map((run) => run.writes));
    const events = median(coalesced.map((run) => run.events));
    return {
      tables: [
        {
          title: `Progress writes of a ~2 s mission with ${events} progress events (median of ${RUNS})`,
          head: ["measure", "coalesced (1000 ms)", "no spacing (0 ms)", "ratio"],
          rows: [["mission-document writes", on, off, ratio(off / on)]],
        },
      ],
      figures: { runs: RUNS, events, coalesced_writes: on, uncoalesced_writes: off },
    };
  }
}
