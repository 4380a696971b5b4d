/**
 * Durability under load and after a crash (issue "durable runs"):
 *  1. 200 missions run concurrently in this process (the Functions emulator runs one trigger
 *     at a time, so concurrency is measured by calling executeMission in parallel against the
 *     emulator's Firestore): 100 paid (web_extract on a loopback shop, booking the sharded
 *     daily ledger) + 100 calculate, side by side with 200 calculate; completed count, wall
 *     time and transient retries (ledger contention);
 *  2. recovery of a killed worker: a real worker process claims an extraction, is killed
 *     with SIGKILL before tool_execution; from the sweep (as if its lease had run out) to the
 *     resumed attempt's completion, seen by a snapshot listener.
 */
import { LEASE_MS, loadPipelineConfig } from "../../functions/src/config";
import { executeMission } from "../../functions/src/pipeline/run/executeMission";
import { sweepStaleMissions } from "../../functions/src/triggers/sweeper";
import { productionDeps } from "../../functions/src/triggers/pipelineDeps";
import { db, uniqueId } from "../../test/helpers/emulator";
import { useEmulatorParams } from "../../test/helpers/params";
import { createApproved } from "../../test/helpers/pipeline";
import { setTriggers } from "../../test/helpers/triggers";
import { killWorker, startWorker } from "../../test/helpers/worker";
import { withTriggersOff } from "./measure";
import { ms, ratio, type Scenario } from "./scenario";
import { median } from "./stats";

const RECOVERY_RUNS = 3;
import { startDemoServers } from "../demo/demoSite";

interface LoadResult {
  completed: number;
  wallMs: number;
  retries: number;
}

async function concurrentLoad(paid: number, unpaid: number, shopUrl: string): Promise<LoadResult> {
  const ids: string[] = [];
  for (let index = 0; index < paid + unpaid; index += 1) {
    const id = uniqueId(index < paid ? "bench-paid" : "bench-free");
    const url = `${shopUrl}/catalog`;
    const fields =
      index < paid
        ? { objective: `extract the products from ${url}`, plan: { tool: "web_extract", input: { url, target: 10 } } }
        : { objective: `What is ${index} * 7?` };
    await createApproved(fields, id);
    ids.push(id);
  }
  let retries = 0;
  const deps = { ...productionDeps(loadPipelineConfig()), onTransientRetry: () => (retries += 1) };
  const started = performance.now();
  const outcomes = await Promise.all(ids.map((id) => executeMission(id, deps)));
  const wallMs = performance.now() - started;
  const completed = outcomes.filter((outcome) => outcome.kind === "completed").length;
  const failures = outcomes.filter((outcome) => outcome.kind === "failed").slice(0, 3);
  if (failures.length) console.error("failures (first 3):", JSON.stringify(failures));
  return { completed, wallMs, retries };
}

async function recoveryMs(shopUrl: string): Promise<number> {
  await setTriggers(false); // the worker, not the trigger, makes the first claim
  const id = uniqueId("bench-crash");
  const ref = await createApproved(
    { objective: "extract", plan: { tool: "web_extract", input: { url: `${shopUrl}/catalog` } } },
    id,
  );
  const worker = startWorker(id, "before:tool_execution");
  await worker.parked;
  await killWorker(worker.child);
  await setTriggers(true);
  const done = new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${id}: not recovered within 60 s`)), 60_000);
    const unsubscribe = ref.onSnapshot((snapshot) => {
      const status: unknown = snapshot.get("status");
      if (status !== "completed" && status !== "failed" && status !== "cancelled") return;
      clearTimeout(timer);
      unsubscribe();
      if (status === "completed") resolve(performance.now());
      else
        reject(new Error(`${id} ended ${String(status)}: ${JSON.stringify(snapshot.get("execution_record.error"))}`));
    });
  });
  const started = performance.now();
  await sweepStaleMissions({ db: db(), config: loadPipelineConfig(), now: () => Date.now() + LEASE_MS + 1_000 });
  return (await done) - started;
}

export const durability: Scenario = {
  name: "durability",
  async run() {
    useEmulatorParams();
    const demo = await startDemoServers();
    try {
      // 400 missions created as approved are for this process alone, not the trigger.
      const mixed = await withTriggersOff(() => concurrentLoad(100, 100, demo.siteUrl));
      const free = await withTriggersOff(() => concurrentLoad(0, 200, demo.siteUrl));
      const recoveries: number[] = [];
      for (let index = 0; index < RECOVERY_RUNS; index += 1) recoveries.push(await recoveryMs(demo.siteUrl));
      return {
        tables: [
          {
            title: "200 missions at once, in process against the emulator's Firestore",
            head: ["missions", "completed", "wall time", "transient retries", "wall time ratio"],
            rows: [
              [
                "100 paid (web_extract, daily ledger) + 100 calculate",
                `${mixed.completed}/200`,
                ms(mixed.wallMs),
                mixed.retries,
                ratio(mixed.wallMs / free.wallMs),
              ],
              ["200 calculate (no ledger)", `${free.completed}/200`, ms(free.wallMs), free.retries, ratio(1)],
            ],
            notes: [
              "Paid missions also fetch and parse a page from a loopback shop: the ratio is mostly that work, not the ledger.",
              "Transient retries count every contention retry after the claim (ledger, fenced writes, final write).",
            ],
          },
          {
            title: "A killed worker (SIGKILL before tool_execution), recovered",
            head: ["measure", "median", "runs"],
            rows: [
              [
                "sweep (lease expired) → resumed attempt completed, seen by a listener",
                ms(median(recoveries)),
                RECOVERY_RUNS,
              ],
            ],
          },
        ],
        figures: { mixed, calculate_only: free, recovery_ms: recoveries },
      };
    } finally {
      await demo.close();
    }
  },
};
