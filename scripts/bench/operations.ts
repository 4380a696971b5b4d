/**
 * Every Firestore read and write one calculate mission makes, per collection, and where its
 * time goes: the pipeline runs in this process (executeMission, as the trigger calls it) while
 * the Firestore client's request log is counted (firestoreOps.ts), and so does the counting of
 * the finished run that the final write's own trigger event does (recordFinishedMission, handed
 * the stored mission as that event carries it). Also each step's own duration from the
 * mission's completed_steps.
 */
import { aggregatesRecorder } from "../../functions/src/analytics/recorder";
import { PIPELINE_STEPS } from "../../functions/src/shared/steps";
import { recordFinishedMission } from "../../functions/src/triggers/missionFinished";
import { completedSteps } from "../missionBar";
import { db } from "../../test/helpers/emulator";
import { OpCounter, total, type OpCounts } from "./firestoreOps";
import { approvedMissions, requireCompleted, runInProcess, withTriggersOff } from "./measure";
import { ms, type Scenario, type Table } from "./scenario";
import { median, sum } from "./stats";

const RUNS = 7;

interface Counted {
  /** The mission's run and its counting together. */
  counts: OpCounts;
  /** The run alone (executeMission): what stands between the approval and the result. */
  runCounts: OpCounts;
  durationMs: number;
  stepMs: Record<string, number>;
}

async function countedRun(): Promise<Counted> {
  const [id] = await approvedMissions(1, "bench-ops");
  if (!id) throw new Error("no mission created");
  // One counter for both; what it held after the run is the run's own share.
  const counter = new OpCounter();
  const run = await runInProcess([id], false, (work) => counter.during(work));
  requireCompleted(run.outcomes, "counted mission");
  const runCounts = structuredClone(counter.counts);
  const data = (await db().collection("missions").doc(id).get()).data();
  const recorded = await counter.during(() => recordFinishedMission(db(), aggregatesRecorder, id, data));
  if (recorded !== "recorded") throw new Error(`the finished mission was not counted: ${recorded}`);
  if (counter.unparsed > 0) throw new Error(`${counter.unparsed} Firestore log lines could not be read`);
  const steps = completedSteps(data);
  return {
    counts: counter.counts,
    runCounts,
    durationMs: run.wallMs,
    stepMs: Object.fromEntries(steps.map((step) => [step.step_name, step.duration_ms ?? NaN])),
  };
}

function collectionsTable(runs: readonly Counted[]): Table {
  const names = new Set(
    runs.flatMap((run) =>
      Object.keys({ ...run.counts.reads, ...run.counts.writes, ...run.counts.missing, ...run.counts.queries }),
    ),
  );
  const at = (pick: (counts: OpCounts) => Record<string, number>, name: string) =>
    median(runs.map((run) => pick(run.counts)[name] ?? 0));
  const rows = [...names]
    .sort()
    .map((name) => [
      name,
      at((c) => c.reads, name),
      at((c) => c.missing, name),
      at((c) => c.queries, name),
      at((c) => c.writes, name),
    ]);
  const totals = (pick: (counts: OpCounts) => Record<string, number>) =>
    median(runs.map((run) => total(pick(run.counts))));
  rows.push([
    "all",
    totals((c) => c.reads),
    totals((c) => c.missing),
    totals((c) => c.queries),
    totals((c) => c.writes),
  ]);
  return {
    title: `Firestore operations of one calculate mission, per collection (median of ${runs.length}, in process)`,
    head: ["collection", "documents read", "gets of missing docs", "queries", "documents written"],
    rows,
    notes: [
      "A write is one entry of a commit (set, update, create or delete); a transaction's commit counts each of its writes.",
      "The mission's run and its counting (the analytics_* documents, written by the trigger event of the final write) together.",
    ],
  };
}

function timeTable(runs: readonly Counted[], uncountedMs: number): Table {
  const kinds = new Set(runs.flatMap((run) => Object.keys(run.runCounts.rpcs)));
  const rows = [...kinds].sort().map((kind) => {
    const perRun = runs.map((run) => run.runCounts.rpcs[kind] ?? []);
    return [
      kind,
      median(perRun.map((list) => list.length)),
      ms(median(perRun.flat()), 1),
      ms(median(perRun.map(sum)), 1),
    ];
  });
  const rpcTotal = median(runs.map((run) => sum(Object.values(run.runCounts.rpcs).flat())));
  const wall = median(runs.map((run) => run.durationMs));
  rows.push(
    ["all RPCs", "", "", ms(rpcTotal, 1)],
    ["executeMission wall time, counted", "", "", ms(wall, 1)],
    ["executeMission wall time, not counted", "", "", ms(uncountedMs, 1)],
  );
  return {
    title:
      "Where the time goes: Firestore round trips of one calculate mission's run (in process; its counting comes after)",
    head: ["RPC", "per mission", "median each", "median total"],
    rows,
    notes: [
      `Round trips are ${((rpcTotal / wall) * 100).toFixed(0)} % of the mission's wall time; the rest is the steps' own work and the client.`,
    ],
  };
}

function stepTable(runs: readonly Counted[]): Table {
  return {
    title: "Each step's own duration_ms (median)",
    head: ["step", "median"],
    rows: PIPELINE_STEPS.map((step) => [step.name, ms(median(runs.map((run) => run.stepMs[step.name] ?? NaN)), 1)]),
  };
}

export const operations: Scenario = {
  name: "operations",
  run: () => withTriggersOff(countOperations),
};

async function countOperations() {
  {
    await countedRun(); // warm the client's connections and the emulator's indexes
    const runs: Counted[] = [];
    for (let run = 0; run < RUNS; run += 1) runs.push(await countedRun());
    const uncounted: number[] = [];
    for (let run = 0; run < RUNS; run += 1) {
      const result = await runInProcess(await approvedMissions(1, "bench-ops-plain"), false);
      requireCompleted(result.outcomes, "uncounted mission");
      uncounted.push(result.wallMs);
    }
    const varying = new Set(
      runs.map((run) => JSON.stringify([run.counts.reads, run.counts.writes, run.counts.missing])),
    );
    const tables = [collectionsTable(runs), timeTable(runs, median(uncounted)), stepTable(runs)];
    if (varying.size > 1)
      tables[0]?.notes?.push(`Counts varied between runs (${varying.size} patterns); medians shown.`);
    return {
      tables,
      figures: {
        runs: runs.map((run) => ({
          ...run.counts,
          run_rpcs: run.runCounts.rpcs,
          wall_ms: run.durationMs,
          step_ms: run.stepMs,
        })),
        run_commits_per_mission: median(runs.map((run) => run.runCounts.rpcs.commit?.length ?? 0)),
        reads_per_mission: median(runs.map((run) => total(run.counts.reads))),
        writes_per_mission: median(runs.map((run) => total(run.counts.writes))),
        uncounted_wall_ms: uncounted,
      },
    };
  }
}
