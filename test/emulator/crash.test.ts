import assert from "node:assert/strict";
import { Timestamp, type DocumentReference } from "firebase-admin/firestore";
import { CATALOG_PAGES, CATALOG_PRODUCTS } from "../../scripts/demo/catalogSite";
import { countingShop } from "../helpers/countingShop";
import { loadPipelineConfig } from "../../functions/src/config";
import { PIPELINE_STEPS } from "../../functions/src/shared/steps";
import type { ExecutionStep, ProgressSnapshot } from "../../functions/src/progress/schema";
import { utcDay } from "../../functions/src/shared/days";
import { sweepStaleMissions } from "../../functions/src/triggers/sweeper";
import { db, uniqueId, waitFor, waitForTerminal } from "../helpers/emulator";
import { setTriggers } from "../helpers/triggers";
import { killWorker, startWorker } from "../helpers/worker";

/**
 * Kill a real worker process (SIGKILL) at every step boundary and in the middle of an
 * extraction, recover through the sweeper, and check the promise: one artifact, one
 * learning signal, one ledger settlement, one analytics count, the right result, the steps
 * the dead worker had stored kept (not run again), and progress that never went backwards.
 */
const BOUNDARIES = [
  ...PIPELINE_STEPS.slice(1).map((step) => `before:${step.name}`),
  "after:finalize", // all work done, the final write not made: the old double-charge path
];

interface Victim {
  stop: string;
  ref: DocumentReference;
  progress: number[];
  unsubscribe: () => void;
  storedAtKill?: ProgressSnapshot;
}

/**
 * Every progress percentage a listener sees. Should the emulator drop the listen stream (it
 * can, under load), the listener subscribes again: a gap can only hide a decrease, never
 * invent one, and the stored history is checked as well.
 */
function watchProgress(ref: DocumentReference): { progress: number[]; unsubscribe: () => void } {
  const progress: number[] = [];
  let stop: () => void = () => undefined;
  const subscribe = () => {
    stop = ref.onSnapshot(
      (snapshot) => {
        const percent = snapshot.get("execution_record.progress_tracker.progress_percent");
        if (typeof percent === "number") progress.push(percent);
      },
      () => subscribe(),
    );
  };
  subscribe();
  return { progress, unsubscribe: () => stop() };
}

async function createExtraction(id: string, url: string): Promise<DocumentReference> {
  const ref = db().collection("missions").doc(id);
  await ref.set({
    owner_uid: "crash-owner",
    objective: `extract the products from ${url}`,
    status: "approved",
    plan: { tool: "web_extract", input: { url } },
  });
  return ref;
}

async function count(collection: string, missionId: string): Promise<number> {
  return (await db().collection(collection).where("mission_id", "==", missionId).count().get()).data().count;
}

/** Sweeps as if the dead workers' leases had run out. */

/**
 * Sweeps until every mission in `ids` was re-queued, as the scheduled sweeper does every few
 * minutes in production: a worker killed inside a transaction leaves that transaction's lock
 * on the mission until Firestore expires it, and a sweep meanwhile fails on that mission with
 * ABORTED (README, Known limits). The sweeps' clock is fixed just past the victims' own leases,
 * so an attempt claimed after a re-queue (its lease starts later) is never swept again.
 * Bounded: 15 sweeps, 1 s apart.
 */
async function sweepUntilRequeued(ids: string[]): Promise<void> {
  const leases = await Promise.all(
    ids.map(async (id) => {
      const lease = (await db().collection("missions").doc(id).get()).get("execution_record.lease_expires_at");
      assert.ok(lease instanceof Timestamp, `${id} has no lease to expire`);
      return lease.toMillis();
    }),
  );
  const afterTheLeases = Math.max(...leases) + 1;
  const pending = new Set(ids);
  for (let sweep = 0; sweep < 15 && pending.size > 0; sweep += 1) {
    if (sweep > 0) await new Promise((resolve) => setTimeout(resolve, 1_000));
    const result = await sweepStaleMissions({ db: db(), config: loadPipelineConfig(), now: () => afterTheLeases });
    for (const id of result.requeued) pending.delete(id);
  }
  assert.equal(pending.size, 0, `not re-queued after 15 sweeps: ${[...pending].join(", ")}`);
}

async function assertRecoveredOnce(victim: Victim): Promise<ExecutionStep[]> {
  const data = await waitForTerminal(victim.ref, 60_000);
  victim.unsubscribe();
  const record = data.execution_record;
  assert.equal(data.status, "completed", `${victim.stop}: ${JSON.stringify(record.error)}`);
  assert.equal(record.attempt, 2);
  assert.equal(record.execution_result.items_collected, CATALOG_PRODUCTS);
  const steps = record.progress_tracker.completed_steps as ExecutionStep[];
  assert.deepEqual(
    steps.map((step) => step.step_name),
    PIPELINE_STEPS.map((step) => step.name),
    `${victim.stop}: every step completed exactly once, in order`,
  );
  const keptByFirst = new Set(victim.storedAtKill?.completed_step_names ?? []);
  for (const step of steps) {
    assert.equal(step.attempt, keptByFirst.has(step.step_name) ? 1 : 2, `${victim.stop}: ${step.step_name} attempt`);
  }
  assert.equal(await count("artifacts", victim.ref.id), 1, `${victim.stop}: artifacts`);
  assert.equal(await count("learning_signals", victim.ref.id), 1, `${victim.stop}: learning signals`);
  // Counted from the final write's own trigger event, which runs after the pipeline's.
  await waitFor(`${victim.stop}: the finished run to be counted`, async () =>
    (await count("analytics_recorded", victim.ref.id)) > 0 ? true : undefined,
  );
  assert.equal(await count("analytics_recorded", victim.ref.id), 1, `${victim.stop}: analytics counts`);
  const entry = await db()
    .collection("budget_ledger")
    .doc(utcDay(Date.now()))
    .collection("entries")
    .doc(record.run_id)
    .get();
  assert.equal(entry.get("state"), "settled", `${victim.stop}: ledger entry`);
  assert.equal(entry.get("actual_microusd"), record.actual_cost_microusd, `${victim.stop}: charged once`);
  const sorted = [...victim.progress].sort((a, b) => a - b);
  assert.deepEqual(victim.progress, sorted, `${victim.stop}: progress went backwards: ${victim.progress.join(" → ")}`);
  return steps;
}

describe("crash recovery: a killed worker, resumed through the sweeper", function () {
  this.timeout(240_000);
  let shop: Awaited<ReturnType<typeof countingShop>>;

  before(async () => {
    shop = await countingShop(0);
  });
  after(async () => {
    await setTriggers(true);
    await shop?.server.close();
  });

  it("at every step boundary: one artifact, signal, settlement and count; stored steps not repeated", async () => {
    const victims: Victim[] = [];
    // The trigger must not race the workers for the first claim.
    await setTriggers(false);
    for (const stop of BOUNDARIES) {
      const ref = await createExtraction(uniqueId(`crash-${stop.replace(":", "-")}`), `${shop.server.url}/catalog`);
      const victim: Victim = { stop, ref, ...watchProgress(ref) };
      victims.push(victim);
      const worker = startWorker(ref.id, stop);
      await worker.parked;
      const step = stop.split(":")[1] ?? "";
      const storedDone = stop.startsWith("after:") ? stepsThrough(step) : stepsBefore(step);
      victim.storedAtKill = await waitFor(`${stop}: the worker's completed steps to be stored`, async () => {
        const tracker = (await ref.get()).get("execution_record.progress_tracker") as ProgressSnapshot | undefined;
        return tracker && tracker.completed_step_names.length >= storedDone ? tracker : undefined;
      });
      await killWorker(worker.child);
    }
    await setTriggers(true);
    await sweepUntilRequeued(victims.map((victim) => victim.ref.id));
    for (const victim of victims) await assertRecoveredOnce(victim);
  });

  it("right after the claim, nothing else stored: the next attempt completes verification itself", async () => {
    await setTriggers(false);
    const ref = await createExtraction(uniqueId("crash-after-claim"), `${shop.server.url}/catalog`);
    const victim: Victim = { stop: "after the claim", ref, ...watchProgress(ref) };
    // A minute between progress writes: nothing after the claim's own write is stored.
    const worker = startWorker(ref.id, "before:intent_classification", { intervalMs: 60_000 });
    await worker.parked;
    victim.storedAtKill = (await ref.get()).get("execution_record.progress_tracker") as ProgressSnapshot;
    assert.deepEqual(victim.storedAtKill.completed_step_names, [], "only the claim was stored");
    await killWorker(worker.child);
    await setTriggers(true);
    await sweepUntilRequeued([ref.id]);
    const steps = await assertRecoveredOnce(victim);
    assert.equal(steps[0]?.step_name, "verification");
    assert.equal(steps[0]?.attempt, 2);
  });

  it("mid-extraction: the resumed attempt continues from the last stored page", async () => {
    const slow = await countingShop(600);
    try {
      await setTriggers(false);
      const ref = await createExtraction(uniqueId("crash-mid-extract"), `${slow.server.url}/slow`);
      const victim: Victim = { stop: "mid-extraction", ref, ...watchProgress(ref) };
      const worker = startWorker(ref.id, "never");
      const runId = await waitFor("the worker's claim", async () => {
        const id = (await ref.get()).get("execution_record.run_id") as string | undefined;
        return id;
      });
      const cursor = await waitFor("a stored extraction cursor with two pages", async () => {
        const stored = (await db().collection("run_outputs").doc(runId).get()).get("tool_cursor") as
          { pages: string[] } | undefined;
        return stored && stored.pages.length >= 2 ? stored : undefined;
      });
      await killWorker(worker.child);
      victim.storedAtKill = (await ref.get()).get("execution_record.progress_tracker") as ProgressSnapshot;
      const stored = (await db().collection("run_outputs").doc(runId).get()).get("tool_cursor") as { pages: string[] };
      await setTriggers(true);
      await sweepUntilRequeued([ref.id]);
      const steps = await assertRecoveredOnce(victim);
      assert.equal(steps.find((step) => step.step_name === "tool_execution")?.attempt, 2);
      // Pages the dead worker had stored were not fetched again; the crawl still saw all of them.
      for (const page of stored.pages) {
        const path = new URL(page).pathname + new URL(page).search;
        assert.equal(slow.hits.get(path), 1, `page ${path} fetched ${slow.hits.get(path)} times`);
      }
      assert.ok(cursor.pages.length >= 2);
      const record = (await ref.get()).get("execution_record");
      assert.equal(record.execution_result.pages_visited, CATALOG_PAGES);
    } finally {
      await slow.server.close();
    }
  });
});

function stepsBefore(step: string): number {
  return PIPELINE_STEPS.findIndex((definition) => definition.name === step);
}

function stepsThrough(step: string): number {
  return stepsBefore(step) + 1;
}
