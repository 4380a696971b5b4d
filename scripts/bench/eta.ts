/**
 * ETA accuracy and steadiness (issue 12), measured from outside with a snapshot listener.
 * Extraction missions (10 pages × 10 items, target 100) against a loopback shop whose pages
 * take 800 ms each ("even"), 5 × 100 ms then 5 × 1500 ms ("uneven"), 1280 ms ("slower",
 * 60 % slower than even) or 480 ms ("faster", 40 % faster). Each block starts on an empty
 * Firestore. Per trial:
 *   even block:   run 1 (no history), runs 2–4, run 5 (history), an uneven run after the 5 even
 *                 ones, a slower run and a faster run after them;
 *   uneven block: runs 1–4, run 5 (history).
 * Every executing snapshot's ETA is compared with the real time left (to the completed
 * snapshot), side by side with two baselines on the same snapshots: linear extrapolation of
 * progress_percent, and the history's mean duration minus the time elapsed. Moves of the
 * implied finish between consecutive snapshots are reported whole, and beyond what the pages
 * done in between explain (etaMoves.ts: each page against the same page of the block's
 * earlier runs).
 * The pipeline runs in this process (triggers off), with the production deps; the history
 * cache a warm instance keeps is fresh per block, as an emptied database has no history.
 */
import { report } from "./report";
import type { Scenario } from "./scenario";
import type { DocumentData } from "firebase-admin/firestore";
import { EtaHistoryCache, loadEtaEstimator } from "../../functions/src/analytics/eta";
import { loadPipelineConfig } from "../../functions/src/config";
import { executeMission, type PipelineDeps } from "../../functions/src/pipeline/run/executeMission";
import { progressSnapshotSchema } from "../../functions/src/progress/schema";
import { productionDeps } from "../../functions/src/triggers/pipelineDeps";
import { uniqueId } from "../../test/helpers/emulator";
import { useEmulatorParams } from "../../test/helpers/params";
import { createApproved } from "../../test/helpers/pipeline";
import { setTriggers } from "../../test/helpers/triggers";
import { conditionRows, scoreRun, type ObservedRun, type RunScore } from "./etaScore";
import { startBenchShop, TIMINGS, type BenchShop, type PageTiming } from "./etaShop";

const RUN_TIMEOUT_MS = 60_000;

/** Deletes every document (the emulator's own endpoint): the next block starts with no history. */
async function emptyFirestore(): Promise<void> {
  const host = process.env.FIRESTORE_EMULATOR_HOST;
  const project = process.env.GCLOUD_PROJECT;
  if (!host || !project) throw new Error("FIRESTORE_EMULATOR_HOST and GCLOUD_PROJECT must be set (npm run bench)");
  const response = await fetch(`http://${host}/emulator/v1/projects/${project}/databases/(default)/documents`, {
    method: "DELETE",
    signal: AbortSignal.timeout(30_000),
  });
  if (!response.ok) throw new Error(`emptying the Firestore emulator answered ${response.status}`);
}

function depsWith(cache: EtaHistoryCache): PipelineDeps {
  return {
    ...productionDeps(loadPipelineConfig({ progressWriteIntervalMs: 1000 })),
    claimEta: (mission) => cache.claimEstimator(mission),
    loadEta: (firestore, mission) => loadEtaEstimator(firestore, mission, { cache }),
  };
}

/** Runs one extraction mission and records every snapshot a listener receives until it completes. */
async function observeRun(shop: BenchShop, timing: PageTiming, deps: PipelineDeps): Promise<ObservedRun> {
  shop.setTiming(timing);
  const id = uniqueId("bench-eta");
  const ref = await createApproved(
    { objective: `Extract the products from ${shop.url}`, plan: { tool: "web_extract", input: { url: shop.url } } },
    id,
  );
  const snapshots: ObservedRun["snapshots"] = [];
  let completedAtMs = 0;
  let pageMarksMs: readonly number[] = [];
  let unsubscribe: () => void = () => undefined;
  const completed = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out after ${RUN_TIMEOUT_MS} ms waiting for mission ${id} to complete`)),
      RUN_TIMEOUT_MS,
    );
    unsubscribe = ref.onSnapshot((doc) => {
      const atMs = Date.now();
      const data: DocumentData | undefined = doc.data();
      const tracker = progressSnapshotSchema.safeParse(data?.execution_record?.progress_tracker);
      if (data?.status === "executing" && tracker.success) snapshots.push({ atMs, tracker: tracker.data });
      if (data?.status === "completed") {
        completedAtMs = atMs;
        pageMarksMs = tracker.success ? (tracker.data.page_marks_ms ?? []) : [];
        clearTimeout(timer);
        resolve();
      } else if (data?.status === "failed" || data?.status === "cancelled") {
        clearTimeout(timer);
        reject(new Error(`bench mission ${id} ended ${String(data.status)}`));
      }
    }, reject);
  });
  try {
    await executeMission(id, deps);
    await completed;
  } finally {
    unsubscribe();
  }
  const first = snapshots[0];
  if (!first) throw new Error(`no executing snapshot of mission ${id} was seen`);
  return { snapshots, startMs: Date.parse(first.tracker.start_time), completedAtMs, pageMarksMs };
}

/** Runs `timings` on one empty database; returns the scores of the runs named in `measure`. */
async function block(
  shop: BenchShop,
  timings: readonly { timing: PageTiming; measure?: string }[],
): Promise<Map<string, RunScore>> {
  await emptyFirestore();
  const deps = depsWith(new EtaHistoryCache());
  const durations: number[] = [];
  const pageMarksMs: (readonly number[])[] = [];
  const scores = new Map<string, RunScore>();
  for (const { timing, measure } of timings) {
    const run = await observeRun(shop, timing, deps);
    const meanMs = durations.length ? durations.reduce((sum, ms) => sum + ms, 0) / durations.length : null;
    if (measure) scores.set(measure, scoreRun(run, { meanMs, pageMarksMs: [...pageMarksMs] }));
    durations.push(run.completedAtMs - run.startMs);
    pageMarksMs.push(run.pageMarksMs);
  }
  return scores;
}

const CONDITIONS = [
  "even, first run (no history)",
  "even, 5th run (history)",
  "uneven, 5th run (history)",
  "uneven after 5 even runs",
  "60 % slower than its history",
  "40 % faster than its history",
] as const;

export async function benchEta(trials = Number(process.env.ETA_BENCH_TRIALS ?? 3)): Promise<void> {
  useEmulatorParams();
  const shop = await startBenchShop();
  const scores = new Map<string, RunScore[]>(CONDITIONS.map((condition) => [condition, []]));
  const add = (found: Map<string, RunScore>) => found.forEach((score, condition) => scores.get(condition)?.push(score));
  try {
    await setTriggers(false); // these missions are for this process alone
    for (let trial = 0; trial < trials; trial += 1) {
      const even = { timing: TIMINGS.even };
      add(
        await block(shop, [
          { ...even, measure: CONDITIONS[0] },
          even,
          even,
          even,
          { ...even, measure: CONDITIONS[1] },
          { timing: TIMINGS.uneven, measure: CONDITIONS[3] },
          { timing: TIMINGS.slower, measure: CONDITIONS[4] },
          { timing: TIMINGS.faster, measure: CONDITIONS[5] },
        ]),
      );
      const uneven = { timing: TIMINGS.uneven };
      add(await block(shop, [uneven, uneven, uneven, uneven, { ...uneven, measure: CONDITIONS[2] }]));
    }
  } finally {
    await setTriggers(true);
    await shop.close();
  }
  report(`\n## ETA accuracy (${trials} trials; mean absolute percentage error vs the real time left)\n`);
  report("| condition | estimator | ~25 % of the run | ~50 % | ~75 % | median, all snapshots |");
  report("| --- | --- | --- | --- | --- | --- |");
  const steadiness: string[] = [];
  for (const condition of CONDITIONS) {
    const rows = conditionRows(condition, scores.get(condition) ?? []);
    rows.errors.forEach((row) => report(row));
    steadiness.push(rows.steadiness);
  }
  report(
    "\n| condition | executing snapshots | with an ETA | largest move of the implied finish · moves > 25 % of the time left | the same, beyond what the pages done in between explain |",
  );
  report("| --- | --- | --- | --- | --- |");
  steadiness.forEach((row) => report(row));
}

/** The ETA scenario prints its own tables (they hold per-condition rows of several estimators). */
export const eta: Scenario = {
  name: "eta",
  async run() {
    await benchEta();
    return { tables: [], figures: { printed: "see the ETA tables in the report" } };
  },
};
