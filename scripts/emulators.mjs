#!/usr/bin/env node
// Runs the Firebase emulator suite for this project, offline-capable.
//
//   node scripts/emulators.mjs exec "<command>"   fresh suite, run <command>, tear down
//   node scripts/emulators.mjs start              long-running suite for local use (npm start)
//
//   exec options: --log FILE      firebase-tools' output (and the command's) to FILE, not the terminal
//                 --report FILE   show what the command appends to FILE (it gets MC_REPORT_FILE)
//                 --codebase N=D  load the functions in folder D as codebase N, for this run only
//
// Before starting firebase-tools it builds the functions, resolves a Firestore emulator in the
// order documented in the README ("Emulator resolution") and writes the suite's effective
// config (ports from MC_PORT_BASE: scripts/ports.ts, scripts/suiteConfig.ts).
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, openSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { requireJava, resolveFirestoreEmulator } from "./firestoreEmulator.mjs";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const PROJECT_ID = "demo-mission-control";
const EMULATORS = "firestore,functions,auth,hosting";

function shellQuote(text) {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

function say(message) {
  process.stderr.write(`[emulators] ${message}\n`);
}

function fail(message) {
  process.stderr.write(`\n[emulators] ${message}\n\n`);
  process.exit(2);
}

function buildFunctions() {
  say("building functions (tsc)");
  const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) fail("The functions build failed; see the compiler output above.");
}

// Loaded through tsx: the port table and the config writer are TypeScript, shared with the tests.
async function tsModule(path) {
  const { tsImport } = await import("tsx/esm/api");
  return tsImport(path, import.meta.url);
}

/**
 * Runs firebase-tools. Its output (and, under `exec`, the command's, which shares its stdout)
 * goes to `logFile` when one is given, else to ours with harmless lines dropped.
 */
function firebase(args, { cwd, env, logFile, output, onReady, onExit }) {
  const bin = require.resolve("firebase-tools/lib/bin/firebase.js");
  const logFd = logFile ? openSync(logFile, "w") : undefined;
  const child = spawn(process.execPath, [bin, ...args], {
    cwd,
    stdio: ["inherit", logFd ?? "pipe", logFd ?? "pipe"],
    env: { ...process.env, ...env },
  });
  if (logFd === undefined) {
    const out = new output.LineFilter((text) => process.stdout.write(text));
    const err = new output.LineFilter((text) => process.stderr.write(text));
    let announced = false;
    let idle;
    const feed = (filter) => (chunk) => {
      filter.push(String(chunk));
      // A prompt or progress line without a newline still shows, a moment later.
      clearTimeout(idle);
      idle = setTimeout(() => (out.flush(), err.flush()), 200);
      if (onReady && !announced && String(chunk).includes("All emulators ready")) {
        announced = true;
        onReady();
      }
    };
    child.stdout.on("data", feed(out));
    child.stderr.on("data", feed(err));
    child.on("exit", () => (clearTimeout(idle), out.flush(), err.flush()));
  }
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => {
    const status = code ?? (signal ? 1 : 0);
    Promise.resolve(onExit?.(status)).finally(() => process.exit(status));
  });
}

/** Copies what a command appends to `file` to our stdout as it arrives (the bench's report). */
function follow(file) {
  let offset = 0;
  const copy = () => {
    if (!existsSync(file)) return;
    const text = readFileSync(file);
    if (text.length > offset) {
      process.stdout.write(text.subarray(offset));
      offset = text.length;
    }
  };
  const timer = setInterval(copy, 250);
  return () => (clearInterval(timer), copy());
}

// The demo shop and fake search API the suite's SEARCH_API_ENDPOINT points at, so extraction
// and search missions work locally with no network and no key.
async function startDemoServers() {
  const { startDemoServers: start } = await tsModule("./demo/demoSite.ts");
  return start();
}

function printBanner(demo, ports, portsModule, portBase) {
  const base = portsModule.httpOrigin(ports.hosting);
  // Another shell finds this suite only if it names the same base.
  const env = portBase === undefined ? "" : `MC_PORT_BASE=${portBase} `;
  process.stdout.write(
    [
      "",
      "Mission Control is running on the emulator suite.",
      `  Whiteboard:  ${base}/api/whiteboard`,
      `  Analytics:   ${base}/api/analytics/all`,
      `  Try:         ${env}npm run mission -- "What is 15% of 2340?"`,
      `               ${env}npm run mission -- "Extract the product names from ${demo.catalogUrl}"`,
      `               ${env}npm run mission -- "Search the web for firebase emulator"`,
      `  Demo shop:   ${demo.siteUrl}   fake search API: ${demo.searchEndpoint}`,
      `  Shell:       eval "$(${env}npm run --silent ports)"   (HOSTING, FUNCTIONS, AUTH, ... as host:port)`,
      "  Stop:        Ctrl+C",
      "",
    ].join("\n") + "\n",
  );
}

/** `exec [--log FILE] [--report FILE] [--codebase NAME=DIR]... "<command>"` and `start`. */
function parseArgs(argv) {
  const [mode, ...rest] = argv;
  const options = { mode, log: undefined, report: undefined, codebases: [], command: [] };
  for (let index = 0; index < rest.length; index += 1) {
    const arg = rest[index];
    const value = () => rest[++index] ?? fail(`${arg} needs a value`);
    if (arg === "--log") options.log = resolve(root, value());
    else if (arg === "--report") options.report = resolve(root, value());
    else if (arg === "--codebase") {
      const [codebase, dir] = value().split("=");
      if (!codebase || !dir) fail("--codebase takes NAME=DIR");
      options.codebases.push({ codebase, source: resolve(root, dir) });
    } else options.command.push(arg);
  }
  if (mode !== "exec" && mode !== "start") {
    fail(
      'usage: emulators.mjs exec [--log FILE] [--report FILE] [--codebase NAME=DIR] "<command>" | emulators.mjs start',
    );
  }
  if (mode === "exec" && options.command.length === 0) fail('usage: npm run emulators:exec -- "<command>"');
  return options;
}

/** Gives the demo key to the emulator as a local secret, so it stops asking Secret Manager for it. */
function ensureLocalSecret() {
  const file = join(root, "functions", ".secret.local");
  if (existsSync(file)) return;
  writeFileSync(
    file,
    "# Written by scripts/emulators.mjs: the emulator reads secrets from here, and without this file it asks\n" +
      "# Secret Manager, which fails offline with an ERROR per worker. The demo key is the one the loopback fake\n" +
      "# search API accepts (not a secret). Put a real key here, with a real SEARCH_API_ENDPOINT, to search the web.\n" +
      "SEARCH_API_KEY=demo-loopback-key\n" +
      "# The emulator's webhook signing key (tests verify mission-end webhooks with it; not a secret).\n" +
      "WEBHOOK_SECRET=demo-webhook-secret\n",
  );
  say("wrote functions/.secret.local with the demo search key (gitignored, never deployed)");
}

async function main() {
  const options = parseArgs(process.argv.slice(2));
  const portsModule = await tsModule("./ports.ts");
  const suite = await tsModule("./suiteConfig.ts");
  const output = await tsModule("./suiteOutput.ts");
  let base;
  let ports;
  try {
    base = portsModule.portBase();
    ports = portsModule.portsFor(base);
  } catch (error) {
    fail(error.message);
  }
  requireJava(fail);
  const env = await resolveFirestoreEmulator({ root, say, fail });
  buildFunctions();
  ensureLocalSecret();
  const files = suite.writeSuiteConfig(root, {
    ports,
    key: suite.suiteKey(base),
    tmpRoot: tmpdir(),
    extraCodebases: options.codebases,
  });
  const effective = JSON.parse(readFileSync(join(root, files.config), "utf8"));
  say(`suite: ${suite.listing(effective.emulators)} demoSite=${ports.demoSite} demoSearch=${ports.demoSearch}`);
  say(`config: ${files.config}${base === undefined ? "" : ` (MC_PORT_BASE=${base})`}`);
  say(output.noiseNote());
  if (options.log) say(`emulator output goes to ${relative(root, options.log)}`);
  // Every child learns the suite's ports from MC_PORT_BASE; its own TMPDIR keeps firebase-tools'
  // per-project locator file apart from another suite's.
  Object.assign(env, { TMPDIR: files.tmpDir }, base === undefined ? {} : { MC_PORT_BASE: String(base) });
  // firebase-tools runs in the suite's own folder, where it leaves its logs (firestore-debug.log),
  // so two suites never write the same file; the config names the project root.
  const common = ["--project", PROJECT_ID, "--config", join(root, files.config), "--only", EMULATORS];
  if (options.mode === "exec") {
    if (options.report) {
      mkdirSync(dirname(options.report), { recursive: true });
      writeFileSync(options.report, "");
      env.MC_REPORT_FILE = options.report;
    }
    const stopFollowing = options.report ? follow(options.report) : () => undefined;
    // The command runs where firebase-tools runs; take it back to the project root first.
    firebase(["emulators:exec", ...common, `cd ${shellQuote(root)} && ${options.command.join(" ")}`], {
      cwd: files.suiteDir,
      env,
      logFile: options.log,
      output,
      onExit: (status) => {
        stopFollowing();
        if (status !== 0 && options.log) say(`failed (exit ${status}); the emulator log is ${options.log}`);
      },
    });
  } else {
    const demo = await startDemoServers();
    firebase(["emulators:start", ...common], {
      cwd: files.suiteDir,
      env,
      output,
      onReady: () => printBanner(demo, ports, portsModule, base),
    });
  }
}

await main();
