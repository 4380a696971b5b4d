/**
 * Sustained load (issue 20, item 7): approvals at a fixed rate for a fixed time, in this
 * process, against the emulator's Firestore (as the durability burst: the Functions emulator
 * runs one trigger at a time). Half of them paid (calculate priced, so every paid run books
 * the daily ledger without a page to fetch), half free. Per second of the run: approvals,
 * completions, failures, transient retries (contention) by where they happened, and the
 * latency percentiles (approval to outcome) of the missions that ended in that second.
 */
import { loadPipelineConfig } from "../../functions/src/config";
import type { MissionOutcome } from "../../functions/src/pipeline/run/executeMission";
import { productionDeps } from "../../functions/src/triggers/pipelineDeps";
import { uniqueId } from "../../test/helpers/emulator";
import { useEmulatorParams } from "../../test/helpers/params";
import { createApproved } from "../../test/helpers/pipeline";
import { toolCosts } from "../../test/helpers/toolCosts";
import { executeAsDelivered, withTriggersOff } from "./measure";
import type { Scenario } from "./scenario";

const RATE_PER_SECOND = Number(process.env.MC_BENCH_SUSTAINED_RATE ?? 10);
const DURATION_S = Number(process.env.MC_BENCH_SUSTAINED_SECONDS ?? 60);

interface Second {
  approved: number;
  completed: number;
  failed: number;
  retries: Record<string, number>;
  latencies: number[];
}

function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? Number.NaN;
}

async function sustainedLoad(): Promise<Second[]> {
  const seconds: Second[] = [];
  const at = (startedAt: number) => {
    const index = Math.floor((performance.now() - startedAt) / 1000);
    return (seconds[index] ??= { approved: 0, completed: 0, failed: 0, retries: {}, latencies: [] });
  };
  const startedAt = performance.now();
  const onTransientRetry = (what: string) => {
    const second = at(startedAt);
    second.retries[what] = (second.retries[what] ?? 0) + 1;
  };
  // Paid: calculate priced, so the run books the daily ledger (reserve, settle) without a
  // page to fetch; free: priced 0, so it reserves nothing.
  const depsFor = (priceMicroUsd: number) => ({
    ...productionDeps(loadPipelineConfig({ toolCostMicroUsd: toolCosts({ calculate: priceMicroUsd }) })),
    onTransientRetry,
  });
  const paid = depsFor(2_000);
  const free = depsFor(0);
  const runs: Promise<MissionOutcome>[] = [];
  const total = RATE_PER_SECOND * DURATION_S;
  for (let index = 0; index < total; index += 1) {
    // A fixed schedule: approval n at n / rate seconds, however long the previous ones take.
    const due = startedAt + (index * 1000) / RATE_PER_SECOND;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, due - performance.now())));
    const isPaid = index % 2 === 0;
    // Not awaited: a slow approval must not push the next one off the schedule.
    runs.push(
      (async () => {
        const id = uniqueId(isPaid ? "bench-sustained-paid" : "bench-sustained-free");
        // One person each: many users at a steady rate, not one person's queue.
        await createApproved({ objective: `What is ${index} * 7?`, owner_uid: `bench-owner-${index}` }, id);
        const approvedAt = performance.now();
        at(startedAt).approved += 1;
        const outcome = await executeAsDelivered(id, isPaid ? paid : free, () => onTransientRetry("redelivery"));
        const second = at(startedAt);
        if (outcome.kind === "completed") second.completed += 1;
        else second.failed += 1;
        second.latencies.push(performance.now() - approvedAt);
        return outcome;
      })(),
    );
  }
  await Promise.all(runs);
  // A second in which nothing happened is a hole in the array: fill it.
  return Array.from(
    { length: seconds.length },
    (_, index) => seconds[index] ?? { approved: 0, completed: 0, failed: 0, retries: {}, latencies: [] },
  );
}

export const sustained: Scenario = {
  name: "sustained",
  async run() {
    useEmulatorParams();
    const seconds = await withTriggersOff(() => sustainedLoad());
    const all = seconds.flatMap((second) => second.latencies);
    const retries = (second: Second) => Object.values(second.retries).reduce((sum, count) => sum + count, 0);
    return {
      tables: [
        {
          title: `Sustained load: ${RATE_PER_SECOND} approvals/s for ${DURATION_S} s in process (half paid)`,
          head: ["second", "approved", "completed", "failed", "retries", "p50", "p95", "p99"],
          rows: seconds.map((second, index) => [
            index,
            second.approved,
            second.completed,
            second.failed,
            retries(second),
            Math.round(percentile(second.latencies, 50)),
            Math.round(percentile(second.latencies, 95)),
            Math.round(percentile(second.latencies, 99)),
          ]),
          notes: [
            `All: ${all.length} ended, ${seconds.reduce((sum, second) => sum + second.completed, 0)} completed; ` +
              `latency p50 ${Math.round(percentile(all, 50))} ms, p95 ${Math.round(percentile(all, 95))} ms, ` +
              `p99 ${Math.round(percentile(all, 99))} ms (approval to outcome).`,
            "Retries are transient errors retried after the claim (ledger and mission-document contention).",
          ],
        },
      ],
      figures: { ratePerSecond: RATE_PER_SECOND, durationS: DURATION_S, seconds },
    };
  },
};
