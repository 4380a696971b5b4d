/**
 * web_extract on the demo shop (5 pages, 45 products) over loopback: the tool alone, and a
 * whole extraction mission through the trigger, side by side in one run.
 */
import { loadNetLimits } from "../../functions/src/net/netConfig";
import { Deadline } from "../../functions/src/shared/deadline";
import { createWebExtractTool } from "../../functions/src/tools/webExtract";
import { createDraft, waitForTerminal } from "../../test/helpers/emulator";
import { startDemoServers } from "../demo/demoSite";
import { median } from "./stats";

const RUNS = 7;

export async function benchExtract(): Promise<void> {
  // Fixed ports: the Functions emulator reaches the demo shop where functions/.env.local says.
  const demo = await startDemoServers();
  try {
    const tool = createWebExtractTool({ config: { net: loadNetLimits({ allowLoopback: true }) } });
    const toolRuns: { ms: number; pages: number; items: number; stopped: string }[] = [];
    for (let run = 0; run <= RUNS; run += 1) {
      const started = performance.now();
      const result = await tool.run({
        missionId: `bench-extract-${run}`,
        objective: `extract the products from ${demo.catalogUrl}`,
        input: { url: demo.catalogUrl },
        deadline: Deadline.after(60_000),
        reportProgress: () => undefined,
      });
      // Run 0 warms up parsers and sockets and is not counted.
      if (run > 0) {
        toolRuns.push({
          ms: performance.now() - started,
          pages: Number(result.result.pages_visited),
          items: Number(result.result.items_collected),
          stopped: String(result.result.stopped_because),
        });
      }
    }

    const missionRuns: { ms: number; writes: number }[] = [];
    for (let run = 0; run < 5; run += 1) {
      const ref = await createDraft({ objective: `Extract the product names from ${demo.catalogUrl}` });
      const started = performance.now();
      await ref.update({ status: "approved" });
      const data = await waitForTerminal(ref, 30_000);
      if (data.status !== "completed")
        throw new Error(`extract mission failed: ${JSON.stringify(data.execution_record?.error)}`);
      missionRuns.push({ ms: performance.now() - started, writes: Number(data.execution_record.document_writes) });
    }

    const first = toolRuns[0];
    console.log("\n## web_extract on the 5-page demo shop (loopback)\n");
    console.log("| measure | tool alone | whole mission through the trigger |");
    console.log("| --- | --- | --- |");
    console.log(
      `| median time | ${median(toolRuns.map((r) => r.ms)).toFixed(1)} ms (${toolRuns.length} runs) | ${median(missionRuns.map((r) => r.ms)).toFixed(0)} ms (${missionRuns.length} runs) |`,
    );
    console.log(`| pages / items / stop | ${first?.pages} / ${first?.items} / ${first?.stopped} | same |`);
    console.log(`| mission-document writes | – | ${median(missionRuns.map((r) => r.writes))} |`);
  } finally {
    await demo.close();
  }
}
