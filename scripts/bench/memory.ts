/**
 * Memory under concurrent maximum-size extractions (issue 20, item 6). A fresh Node process
 * loads the functions as an instance does, then runs N web_extract tool runs at once, each on
 * its own largest page the tool accepts (just under FETCH_MAX_RESPONSE_BYTES, 2 MiB, and just
 * under its element cap), served on loopback by the same process.
 *  1. For N = 1, 4, 16, 80 (80: a full instance of the mission trigger), one page slot per
 *     extraction and the heap uncapped: the peak RSS (the kernel's high-water mark, what an
 *     out-of-memory kill is decided on), the RSS before, and (peak − before) ÷ N.
 *  2. The largest N with the heap a 512 MiB and a 1 GiB instance get: whether it survives, its
 *     peak RSS and what is left of the instance's memory.
 * Sizing the functions from these figures is in docs/capacity.md. The pages are served by the
 * probe's own process, whose event loop the parses block: the fetch timeout is lifted so that
 * large N measure memory, not that starvation (which production's remote servers do not add to).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Scenario } from "./scenario";

const ROOT = join(__dirname, "..", "..");
const LIB = join(ROOT, "functions", "lib");
const COUNTS = (process.env.MC_BENCH_MEMORY_COUNTS ?? "1,4,16,80").split(",").map(Number);
/**
 * Instance sizes and the V8 old space each gets by default: Node configures V8 from the
 * memory its container allows (libuv's constrained memory), and V8 gives the old generation
 * a quarter of it (ResourceConstraints::ConfigureDefaults).
 */
const INSTANCES = [
  { memoryMib: 512, heapMib: 128 },
  { memoryMib: 1024, heapMib: 256 },
] as const;
const MAX_BYTES = 2 * 1024 * 1024;

/** The child: a page generator, a loopback server, N concurrent extractions, its figures on stdout. */
const PROBE = `
const http = require("node:http");
const MiB = 2 ** 20;
function page(variant) {
  const head = '<!doctype html><html><head><meta charset="utf-8"><title>Big catalog ' + variant + '</title></head><body><main><h1>Catalog</h1><ul class="products">';
  const tail = '</ul></main></body></html>';
  const items = [];
  let bytes = head.length + tail.length, elements = 9;
  for (let i = 0; ; i += 1) {
    const item = '<li class="product"><a href="/p/' + variant + '-' + i + '">Item ' + variant + ' ' + i + '</a> <span class="price">$' + (i % 997) + '.99</span></li>';
    if (bytes + item.length > ${MAX_BYTES} - 1024 || elements + 3 > 99000) break;
    items.push(item); bytes += item.length; elements += 3;
  }
  return { html: Buffer.from(head + items.join("") + tail), elements };
}
(async () => {
  const n = Number(process.argv[1]);
  require(${JSON.stringify(join(LIB, "index.js"))});
  const { createWebExtractTool } = require(${JSON.stringify(join(LIB, "tools", "webExtract.js"))});
  const { loadNetLimits } = require(${JSON.stringify(join(LIB, "net", "netConfig.js"))});
  const pages = Array.from({ length: n }, (_, v) => page(v));
  const server = http.createServer((req, res) => {
    const v = Number(new URL(req.url, "http://x").searchParams.get("v"));
    if (req.url.startsWith("/robots.txt") || !pages[v]) { res.writeHead(404).end(); return; }
    res.writeHead(200, { "content-type": "text/html; charset=utf-8", "content-length": pages[v].html.length });
    res.end(pages[v].html);
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = server.address().port;
  const tool = createWebExtractTool({ config: { net: loadNetLimits({ allowLoopback: true, maxResponseBytes: ${MAX_BYTES}, totalTimeoutMs: 600000 }), maxPages: 1 } });
  global.gc?.();
  const before = process.memoryUsage();
  let peakHeap = before.heapUsed;
  const sampler = setInterval(() => { peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed); }, 2);
  const started = performance.now();
  const results = await Promise.all(pages.map((_, v) => tool.run({
    missionId: "mem-" + v, objective: "extract the products", input: { url: "http://127.0.0.1:" + port + "/catalog?v=" + v, target: 1000 },
    deadline: { expired: false, remainingMs: () => 600000 }, reportProgress() {},
  })));
  clearInterval(sampler);
  server.close();
  const items = results.map((r) => Number(r.result.items_collected));
  process.stdout.write(JSON.stringify({
    n, ms: performance.now() - started, beforeRss: before.rss / MiB, beforeHeap: before.heapUsed / MiB,
    peakRss: process.resourceUsage().maxRSS / 1024, peakHeap: peakHeap / MiB,
    pageBytes: pages[0].html.length, elements: pages[0].elements, items: Math.min(...items),
  }));
})().catch((error) => { console.error(error); process.exit(1); });`;

export interface MemoryFigures {
  n: number;
  /** --max-old-space-size, when capped. */
  heapCapMib: number | null;
  /** False when the process died (out of memory). */
  survived: boolean;
  ms: number;
  beforeRss: number;
  beforeHeap: number;
  peakRss: number;
  peakHeap: number;
  pageBytes: number;
  elements: number;
  items: number;
}

export function measureMemory(n: number, heapCapMib: number | null = null): MemoryFigures {
  const flags = ["--expose-gc", ...(heapCapMib ? [`--max-old-space-size=${heapCapMib}`] : [])];
  const child = spawnSync(process.execPath, [...flags, "-e", PROBE, String(n)], {
    cwd: ROOT,
    encoding: "utf8",
    maxBuffer: 16 * 2 ** 20,
    env: {
      ...process.env,
      GCLOUD_PROJECT: "demo-mission-control",
      FUNCTIONS_CONTROL_API: "false",
    },
  });
  if (child.status !== 0) {
    // A capped heap that runs out is a finding (what an instance's out-of-memory kill looks like), not a bench error.
    if (heapCapMib && /heap out of memory|Allocation failed/i.test(child.stderr)) {
      return {
        n,
        heapCapMib,
        survived: false,
        ms: NaN,
        beforeRss: NaN,
        beforeHeap: NaN,
        peakRss: NaN,
        peakHeap: NaN,
        pageBytes: NaN,
        elements: NaN,
        items: 0,
      };
    }
    throw new Error(`memory probe (N = ${n}) failed: ${child.stderr}`);
  }
  const figures = JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "{}") as MemoryFigures;
  if (!(figures.items > 0)) throw new Error(`memory probe (N = ${n}) extracted nothing: ${child.stdout}`);
  return { ...figures, heapCapMib, survived: true };
}

const mib = (value: number) => `${value.toFixed(0)} MiB`;

export const memory: Scenario = {
  name: "memory",
  async run() {
    if (!existsSync(join(LIB, "index.js"))) throw new Error("functions/lib is not built: npm run build");
    // Uncapped: what each page costs when V8 may grow. Then the largest N (a full instance)
    // with the heap each instance size gets.
    const runs = COUNTS.map((n) => measureMemory(n));
    const largest = Math.max(...COUNTS);
    const capped = INSTANCES.map((instance) => ({ ...instance, run: measureMemory(largest, instance.heapMib) }));
    const first = runs[0];
    return {
      tables: [
        {
          title: "Memory: N concurrent maximum-size extractions in one fresh process",
          head: ["N", "RSS before", "peak RSS", "per page at peak (RSS)", "peak heap", "heap per page", "wall"],
          rows: runs.map((run) => [
            run.n,
            mib(run.beforeRss),
            mib(run.peakRss),
            mib((run.peakRss - run.beforeRss) / run.n),
            mib(run.peakHeap),
            mib((run.peakHeap - run.beforeHeap) / run.n),
            `${(run.ms / 1000).toFixed(1)} s`,
          ]),
          notes: [
            `Each page: ${first ? (first.pageBytes / 2 ** 20).toFixed(2) : "?"} MiB of HTML, ${first?.elements ?? "?"} elements (the tool's caps: FETCH_MAX_RESPONSE_BYTES 2 MiB, 100,000 elements), ${first?.items ?? "?"} items kept (the target).`,
            "Peak RSS is the process's high-water mark; peak heap is sampled every 2 ms (a synchronous parse can hide a short peak from it).",
            "Memory and concurrency of each function are sized from these figures in docs/capacity.md.",
          ],
        },
        {
          title: `Memory: ${largest} maximum-size extractions at once (a full instance), by instance size`,
          head: ["instance memory", "V8 old space", "outcome", "peak RSS", "RSS left", "wall"],
          rows: capped.map(({ memoryMib, heapMib, run }) => [
            mib(memoryMib),
            mib(heapMib),
            run.survived ? "all completed" : "out of memory",
            run.survived ? mib(run.peakRss) : "-",
            run.survived ? mib(memoryMib - run.peakRss) : "-",
            run.survived ? `${(run.ms / 1000).toFixed(1)} s` : "-",
          ]),
          notes: [
            "The old space an instance gets by default: a quarter of its memory (V8's default, from the memory Node's container allows).",
            "An instance is killed when its RSS passes its memory: RSS left is that margin.",
          ],
        },
      ],
      figures: { runs, capped },
    };
  },
};
