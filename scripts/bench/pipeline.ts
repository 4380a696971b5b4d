/**
 * Pipeline benchmark (run by `npm run bench` inside a fresh emulator suite).
 * Reports medians side by side in one run, so a noisy machine shifts both columns alike:
 *  1. approve → completed through the real trigger, and writes per mission;
 *  2. progress writes of a ~2 s mission with write spacing on (1 write/s) and off (interval 0:
 *     writes still never overlap, so same-tick events merge);
 *  3. ten missions approved at once.
 */
import { loadPipelineConfig } from "../../functions/src/config";
import { executeMission } from "../../functions/src/pipeline/executeMission";
import { productionDeps } from "../../functions/src/triggers/pipelineDeps";
import { createDraft, db, sleep, uniqueId, waitForTerminal } from "../../test/helpers/emulator";
import { createApproved } from "../../test/helpers/pipeline";
import { median } from "./stats";

async function approveAndWait(objective: string): Promise<{ ms: number; writes: number }> {
  const ref = await createDraft({ objective });
  const started = performance.now();
  await ref.update({ status: "approved" });
  const data = await waitForTerminal(ref, 30_000);
  if (data.status !== "completed")
    throw new Error(`bench mission failed: ${JSON.stringify(data.execution_record?.error)}`);
  return { ms: performance.now() - started, writes: Number(data.execution_record.document_writes) };
}

async function slowRun(intervalMs: number): Promise<{ writes: number; events: number }> {
  const id = uniqueId("bench-slow");
  await createApproved({ objective: "What is 2 * 21?" }, id);
  let events = 0;
  const outcome = await executeMission(id, {
    ...productionDeps(loadPipelineConfig({ progressWriteIntervalMs: intervalMs })),
    hooks: { beforeStep: () => sleep(300), onProgress: () => (events += 1) },
  });
  if (outcome.kind !== "completed") throw new Error(`bench mission ${outcome.kind}`);
  return { writes: outcome.documentWrites, events };
}

export async function benchPipeline(): Promise<void> {
  await approveAndWait("What is 1 + 1?"); // warm the functions emulator
  const trigger = [];
  for (let index = 0; index < 15; index += 1) trigger.push(await approveAndWait(`What is ${index} * 3?`));

  const coalesced = [];
  const uncoalesced = [];
  for (let index = 0; index < 3; index += 1) {
    coalesced.push(await slowRun(1000));
    uncoalesced.push(await slowRun(0));
  }

  const refs = await Promise.all(
    Array.from({ length: 10 }, (_, index) => createDraft({ objective: `What is ${index} + 100?` })),
  );
  const burstStarted = performance.now();
  const batch = db().batch();
  for (const ref of refs) batch.update(ref, { status: "approved" });
  await batch.commit();
  await Promise.all(refs.map((ref) => waitForTerminal(ref, 60_000)));
  const burstMs = performance.now() - burstStarted;

  const coalescedWrites = median(coalesced.map((run) => run.writes));
  const uncoalescedWrites = median(uncoalesced.map((run) => run.writes));
  console.log("\n## Pipeline (Firestore + Functions emulators)\n");
  console.log("| measure | median | runs |");
  console.log("| --- | --- | --- |");
  console.log(
    `| approve → completed through the trigger (calculate) | ${median(trigger.map((run) => run.ms)).toFixed(0)} ms | ${trigger.length} |`,
  );
  console.log(
    `| mission-document writes per calculate mission | ${median(trigger.map((run) => run.writes))} | ${trigger.length} |`,
  );
  console.log(`| 10 missions approved at once, until all completed | ${burstMs.toFixed(0)} ms | 1 |`);
  console.log(
    "\n| ~2 s mission, 14 progress events | coalesced (interval 1000 ms) | no spacing (interval 0) | ratio |",
  );
  console.log("| --- | --- | --- | --- |");
  console.log(
    `| mission-document writes (median of ${coalesced.length}) | ${coalescedWrites} | ${uncoalescedWrites} | ${(uncoalescedWrites / coalescedWrites).toFixed(1)}× |`,
  );
}
