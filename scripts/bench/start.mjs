#!/usr/bin/env node
// `npm run bench`: builds the floor trigger, then runs every benchmark scenario inside a fresh
// emulator suite with the floor loaded as an extra codebase. The emulators' output goes to
// test-results/bench-emulators.log; the terminal shows only the report (also written, with the
// figures as JSON, to test-results/bench.md and bench.json).
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const require = createRequire(import.meta.url);
const floorOut = join(root, ".cache", "bench-floor");

const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", "scripts/bench/floor"], {
  cwd: root,
  stdio: "inherit",
});
if (tsc.status !== 0) process.exit(tsc.status ?? 1);
// A functions codebase is a package: the emulator reads its main file and Node version here.
const functionsPackage = JSON.parse(readFileSync(join(root, "functions", "package.json"), "utf8"));
mkdirSync(floorOut, { recursive: true });
writeFileSync(
  join(floorOut, "package.json"),
  JSON.stringify(
    {
      name: "mission-control-bench-floor",
      private: true,
      main: "index.js",
      engines: functionsPackage.engines,
      dependencies: {
        "firebase-admin": functionsPackage.dependencies["firebase-admin"],
        "firebase-functions": functionsPackage.dependencies["firebase-functions"],
      },
    },
    null,
    2,
  ),
);

const run = spawnSync(
  process.execPath,
  [
    join(root, "scripts", "emulators.mjs"),
    "exec",
    "--log",
    "test-results/bench-emulators.log",
    "--report",
    "test-results/bench.md",
    "--codebase",
    "bench-floor=.cache/bench-floor",
    "tsx scripts/bench/run.ts",
  ],
  { cwd: root, stdio: "inherit" },
);
process.exit(run.status ?? 1);
