/**
 * web_extract on the demo shop (5 pages, 45 products) over loopback: the tool alone, and a
 * whole extraction mission through the trigger (timed by a listener), side by side in one run.
 */
import { loadNetLimits } from "../../functions/src/net/netConfig";
import { Deadline } from "../../functions/src/shared/deadline";
import { createWebExtractTool } from "../../functions/src/tools/webExtract";
import { createDraft } from "../../test/helpers/emulator";
import { startDemoServers } from "../demo/demoSite";
import { approveAndWatch, isFinished } from "./measure";
import { ms, type Scenario } from "./scenario";
import { median } from "./stats";

const TOOL_RUNS = 7;
const MISSION_RUNS = 5;

export const extract: Scenario = {
  name: "extract",
  async run() {
    // The suite's demo ports: the Functions emulator's SEARCH_API_ENDPOINT and this shop agree.
    const demo = await startDemoServers();
    try {
      const tool = createWebExtractTool({ config: { net: loadNetLimits({ allowLoopback: true }) } });
      const toolRuns: { ms: number; pages: number; items: number; stopped: string }[] = [];
      for (let run = 0; run <= TOOL_RUNS; run += 1) {
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
      for (let run = 0; run < MISSION_RUNS; run += 1) {
        const ref = await createDraft({ objective: `Extract the product names from ${demo.catalogUrl}` });
        const { ms: took, data } = await approveAndWatch(ref, isFinished, {
          what: `extract mission ${ref.id}`,
          timeoutMs: 30_000,
        });
        if (data.status !== "completed")
          throw new Error(`extract mission failed: ${JSON.stringify(data.execution_record?.error)}`);
        missionRuns.push({ ms: took, writes: Number(data.execution_record.document_writes) });
      }

      const first = toolRuns[0];
      const toolMs = median(toolRuns.map((run) => run.ms));
      const missionMs = median(missionRuns.map((run) => run.ms));
      return {
        tables: [
          {
            title: "web_extract on the 5-page demo shop (loopback)",
            head: ["measure", "tool alone", "whole mission through the trigger"],
            rows: [
              [
                "median time",
                `${ms(toolMs, 1)} (${toolRuns.length} runs)`,
                `${ms(missionMs)} (${missionRuns.length} runs)`,
              ],
              ["pages / items / stop reason", `${first?.pages} / ${first?.items} / ${first?.stopped}`, "same"],
              ["mission-document writes", "–", median(missionRuns.map((run) => run.writes))],
            ],
          },
        ],
        figures: {
          tool_ms: toolRuns.map((run) => run.ms),
          mission_ms: missionRuns.map((run) => run.ms),
          tool_median_ms: toolMs,
          mission_median_ms: missionMs,
        },
      };
    } finally {
      await demo.close();
    }
  },
};
