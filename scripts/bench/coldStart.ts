/**
 * Cold start (issue 20, item 5): what an instance of each function loads before it serves,
 * in fresh Node processes, variants alternating so that drift on a shared machine hits all
 * alike. Each child reports the time from its process start to "ready" and its RSS; the
 * floor is firebase-functions + firebase-admin alone, and each variant's median is given as
 * a ratio to the floor's (target: at most 1.3×).
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ratio, ms, type Scenario } from "./scenario";
import { median } from "./stats";

const ROOT = join(__dirname, "..", "..");
const LIB = join(ROOT, "functions", "lib");
const ROUNDS = Number(process.env.MC_BENCH_COLD_ROUNDS ?? 9);

const FLOOR = `
require("firebase-functions/v2/firestore"); require("firebase-functions/v2/https");
require("firebase-functions/v2/scheduler"); require("firebase-functions/params");
require("firebase-admin/app"); require("firebase-admin/firestore"); require("firebase-admin/auth");`;

const BUNDLE = join(LIB, "bundle");
const load = (...files: string[]) => files.map((file) => `require(${JSON.stringify(file)});`).join(" ");

/**
 * What each instance runs before it can answer: the deployed index (lib/bundle/index.js, see
 * functions/bundle.mjs), then its handler's bundle. The per-module build (tsc's lib/**, what
 * was deployed before the bundles) is measured beside it, for the api and the sweeper.
 */
const VARIANTS: Record<string, string> = {
  floor: FLOOR,
  "index.js alone": load(join(BUNDLE, "index.js")),
  api: load(join(BUNDLE, "index.js"), join(BUNDLE, "api.js")),
  sweeper: load(join(BUNDLE, "index.js"), join(BUNDLE, "sweeper.js")),
  "trigger, write that needs nothing": `${load(join(BUNDLE, "index.js"))}
    const { handleMissionWrite } = require(${JSON.stringify(join(BUNDLE, "missionWritten.js"))});
    await handleMissionWrite({ missionId: "m", before: { status: "draft", objective: "a" },
      after: { status: "draft", objective: "b" }, eventTimeMs: Date.now() });`,
  "api, per-module build": load(join(LIB, "index.js"), join(LIB, "http", "api.js")),
  "sweeper, per-module build": load(join(LIB, "index.js"), join(LIB, "triggers", "sweeper.js")),
  "tool run: calculate (per-module build)": `${load(join(LIB, "index.js"))}
    const { createToolRegistry } = require(${JSON.stringify(join(LIB, "tools", "registry.js"))});
    await createToolRegistry().get("calculate").run({ missionId: "m", objective: "2+2", input: { expression: "2+2" },
      reportProgress() {}, deadline: { expired: false, remainingMs: () => 60000 } });`,
};

function probe(body: string): { ms: number; rssMiB: number } {
  const script = `(async () => { ${body}
    process.stdout.write(JSON.stringify({ ms: performance.now(), rss: process.memoryUsage().rss })); })()
    .catch((error) => { console.error(error); process.exit(1); });`;
  const child = spawnSync(process.execPath, ["-e", script], {
    cwd: ROOT,
    encoding: "utf8",
    env: { ...process.env, GCLOUD_PROJECT: "demo-mission-control", FUNCTIONS_CONTROL_API: "false" },
  });
  if (child.status !== 0) throw new Error(`cold-start probe failed: ${child.stderr}`);
  const figures = JSON.parse(child.stdout.trim().split("\n").at(-1) ?? "{}") as { ms: number; rss: number };
  return { ms: figures.ms, rssMiB: figures.rss / 2 ** 20 };
}

export function measureColdStart(rounds = ROUNDS): Record<string, { medianMs: number; rssMiB: number }> {
  if (!existsSync(join(BUNDLE, "index.js"))) throw new Error("functions/lib is not built: npm run build");
  const samples: Record<string, { ms: number[]; rss: number[] }> = {};
  for (let round = 0; round < rounds; round += 1) {
    for (const [name, body] of Object.entries(VARIANTS)) {
      const { ms: took, rssMiB } = probe(body);
      const entry = (samples[name] ??= { ms: [], rss: [] });
      entry.ms.push(took);
      entry.rss.push(rssMiB);
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, s]) => [name, { medianMs: median(s.ms), rssMiB: median(s.rss) }]),
  );
}

export const coldStart: Scenario = {
  name: "coldstart",
  async run() {
    const figures = measureColdStart();
    const floor = figures.floor?.medianMs ?? Number.NaN;
    return {
      tables: [
        {
          title: `Cold start: fresh Node processes, ${ROUNDS} rounds alternating, medians`,
          head: ["what loads", "median to ready", "× floor", "RSS"],
          rows: Object.entries(figures).map(([name, f]) => [
            name,
            ms(f.medianMs),
            ratio(f.medianMs / floor),
            `${f.rssMiB.toFixed(0)} MiB`,
          ]),
          notes: [
            "floor: firebase-functions (v2 firestore, https, scheduler, params) + firebase-admin (app, firestore, auth) alone.",
            "Each row after it loads the deployed index (functions/lib/bundle/index.js) as every instance does, then its handler's bundle;",
            "rows marked 'per-module build' load tsc's one-file-per-module output instead (what was deployed before the bundles).",
            "Target (issue 20): the api, the sweeper and a trigger invocation that does nothing at most 1.3× the floor.",
          ],
        },
      ],
      figures,
    };
  },
};

if (require.main === module) {
  void coldStart.run().then((result) => console.log(JSON.stringify(result.figures, null, 2)));
}
