/**
 * Measures web_extract on the demo shop (5 pages, 45 products) over loopback:
 *   npx tsx scripts/demo/measureExtract.ts [runs]
 * Prints each run's time, pages and items, then the median. The tool runs exactly as in the
 * pipeline (guarded fetch, robots.txt, parsing, pagination), with loopback allowed.
 */
import { Deadline } from "../../functions/src/pipeline/deadline";
import { loadNetLimits } from "../../functions/src/net/netConfig";
import { createWebExtractTool } from "../../functions/src/tools/webExtract";
import { startDemoServers } from "./demoSite";

async function main(): Promise<void> {
  const runs = Math.max(1, Number(process.argv[2] ?? "7") || 7);
  const demo = await startDemoServers({ sitePort: 0, searchPort: 0 });
  const tool = createWebExtractTool({ config: { net: loadNetLimits({ allowLoopback: true }) } });
  const times: number[] = [];
  try {
    for (let run = 1; run <= runs; run += 1) {
      const started = performance.now();
      const result = await tool.run({
        missionId: `measure-${run}`,
        objective: `extract the products from ${demo.catalogUrl}`,
        input: { url: demo.catalogUrl },
        deadline: Deadline.after(60_000),
        reportProgress: () => undefined,
      });
      const ms = performance.now() - started;
      times.push(ms);
      const { pages_visited: pages, items_collected: items, stopped_because: why } = result.result;
      process.stdout.write(`run ${run}: ${ms.toFixed(1)} ms, ${pages} pages, ${items} items, stopped: ${why}\n`);
    }
  } finally {
    await demo.close();
  }
  const sorted = [...times].sort((a, b) => a - b);
  const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
  process.stdout.write(`median of ${runs}: ${median.toFixed(1)} ms\n`);
}

void main();
