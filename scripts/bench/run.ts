/**
 * `npm run bench` (through scripts/bench/start.mjs, inside one emulator suite): runs every
 * scenario of scenarios.ts, or those named in MC_BENCH_ONLY (comma-separated), prints each
 * one's tables as it finishes and writes all figures to test-results/bench.json.
 */
import { join } from "node:path";
import { report, saveJson } from "./report";
import { renderTable } from "./scenario";
import { SCENARIOS } from "./scenarios";

const RESULTS = join(__dirname, "..", "..", "test-results", "bench.json");

async function main(): Promise<void> {
  const only = process.env.MC_BENCH_ONLY?.split(",").map((name) => name.trim());
  const unknown = only?.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name)) ?? [];
  if (unknown.length > 0) throw new Error(`MC_BENCH_ONLY names no scenario: ${unknown.join(", ")}`);
  const chosen = SCENARIOS.filter((scenario) => !only || only.includes(scenario.name));
  const startedAt = new Date().toISOString();
  report(`## Benchmarks, ${startedAt} (Node ${process.version}; medians; shared, noisy machine)\n`);
  const figures: Record<string, unknown> = {};
  for (const scenario of chosen) {
    const started = performance.now();
    const result = await scenario.run();
    figures[scenario.name] = result.figures;
    for (const table of result.tables) report(renderTable(table));
    report(`_(${scenario.name}: ${((performance.now() - started) / 1000).toFixed(1)} s)_\n`);
  }
  saveJson(RESULTS, { started_at: startedAt, node: process.version, scenarios: figures });
  report(`Figures: test-results/bench.json`);
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    report(`bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
