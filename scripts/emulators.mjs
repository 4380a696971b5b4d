#!/usr/bin/env node
// Runs the Firebase emulator suite for this project, offline-capable.
//
//   node scripts/emulators.mjs exec "<command>"   fresh suite, run <command>, tear down
//   node scripts/emulators.mjs start              long-running suite for local use (npm start)
//
// Before starting firebase-tools it builds the functions and resolves a Firestore
// emulator in the order documented in the README ("Emulator resolution").
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);
const PROJECT_ID = "demo-mission-control";
const EMULATORS = "firestore,functions,auth,hosting";
const DEBIAN_GCLOUD_SDK = "/usr/lib/google-cloud-sdk";
const FIRESTORE_MAIN_CLASS = "com.google.cloud.datastore.emulator.firestore.CloudFirestore";

function say(message) {
  process.stderr.write(`[emulators] ${message}\n`);
}

function fail(message) {
  process.stderr.write(`\n[emulators] ${message}\n\n`);
  process.exit(2);
}

function firestoreDownloadInfo() {
  const infoPath = require.resolve("firebase-tools/lib/emulator/downloadableEmulatorInfo.json");
  return JSON.parse(readFileSync(infoPath, "utf8")).firestore;
}

function cachedFirestoreJar(info) {
  const cacheDir = process.env.FIREBASE_EMULATORS_PATH ?? join(homedir(), ".cache", "firebase", "emulators");
  const jar = join(cacheDir, info.downloadPathRelativeToCacheDir);
  return existsSync(jar) ? jar : undefined;
}

async function canDownload(url) {
  try {
    const response = await fetch(url, { method: "HEAD", signal: AbortSignal.timeout(3000) });
    return response.ok;
  } catch {
    return false;
  }
}

function gcloudFirestoreJar() {
  const roots = [];
  const gcloud = spawnSync("gcloud", ["info", "--format=value(installation.sdk_root)"], {
    encoding: "utf8",
    timeout: 20_000,
  });
  if (gcloud.status === 0 && gcloud.stdout.trim()) roots.push(gcloud.stdout.trim());
  roots.push(DEBIAN_GCLOUD_SDK);
  for (const sdkRoot of roots) {
    const jar = join(sdkRoot, "platform", "cloud-firestore-emulator", "cloud-firestore-emulator.jar");
    if (existsSync(jar)) return jar;
  }
  return undefined;
}

// The Cloud CLI jar has no Main-Class, so firebase-tools' `java -jar <jar>` cannot start it.
// A jar holding only a manifest that names the main class and puts the real jar on the
// class path is enough.
function buildShim(targetJar) {
  const cacheDir = join(root, ".cache");
  mkdirSync(cacheDir, { recursive: true });
  const shim = join(cacheDir, "firestore-emulator-shim.jar");
  const manifest = join(cacheDir, "firestore-shim-manifest.txt");
  const classPath = pathToFileURL(targetJar).href;
  writeFileSync(manifest, `Main-Class: ${FIRESTORE_MAIN_CLASS}\nClass-Path: ${classPath}\n`);
  const jarTool = spawnSync("jar", ["cfm", shim, manifest], { encoding: "utf8" });
  if (jarTool.error || jarTool.status !== 0) {
    fail(
      "Found the Cloud CLI Firestore emulator but could not build its launcher: the JDK's `jar` tool " +
        `is missing or failed (${jarTool.error?.message ?? jarTool.stderr}). Install a JDK (openjdk-17-jdk-headless).`,
    );
  }
  return shim;
}

async function resolveFirestoreEmulator() {
  if (process.env.FIRESTORE_EMULATOR_BINARY_PATH) {
    say(`Firestore emulator: FIRESTORE_EMULATOR_BINARY_PATH (${process.env.FIRESTORE_EMULATOR_BINARY_PATH})`);
    return {};
  }
  const info = firestoreDownloadInfo();
  const cached = cachedFirestoreJar(info);
  if (cached) {
    say(`Firestore emulator: firebase-tools cache (${info.downloadPathRelativeToCacheDir})`);
    return {};
  }
  const gcloudJar = gcloudFirestoreJar();
  // Prefer a download only where one is possible; probing costs at most a few seconds offline.
  if (await canDownload(info.remoteUrl)) {
    say(`Firestore emulator: firebase-tools will download v${info.version}`);
    return {};
  }
  if (gcloudJar) {
    say(`Firestore emulator: Google Cloud CLI component (${gcloudJar}) through a launcher jar`);
    return { FIRESTORE_EMULATOR_BINARY_PATH: buildShim(gcloudJar) };
  }
  fail(
    "No Firestore emulator found and none can be downloaded.\n" +
      "Install one of:\n" +
      "  - the Google Cloud CLI Firestore emulator: apt-get install google-cloud-cli-firestore-emulator\n" +
      "    (or `gcloud components install cloud-firestore-emulator`), or\n" +
      "  - Java 21+ with network access, so firebase-tools can download its emulator, or\n" +
      "  - set FIRESTORE_EMULATOR_BINARY_PATH to a Firestore emulator jar.",
  );
}

function requireJava() {
  const java = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (java.error) {
    fail("Java is required by the Firestore emulator and was not found. Install openjdk-17-jre-headless or newer.");
  }
}

function buildFunctions() {
  say("building functions (tsc)");
  const build = spawnSync("npm", ["run", "--silent", "build"], { cwd: root, stdio: "inherit" });
  if (build.status !== 0) fail("The functions build failed; see the compiler output above.");
}

function firebase(args, extraEnv, onReady) {
  const bin = require.resolve("firebase-tools/lib/bin/firebase.js");
  const child = spawn(process.execPath, [bin, ...args], {
    cwd: root,
    stdio: ["inherit", onReady ? "pipe" : "inherit", "inherit"],
    env: { ...process.env, ...extraEnv },
  });
  if (onReady) {
    // Pass the output through, and say once where things are when the suite is up.
    let announced = false;
    child.stdout.on("data", (chunk) => {
      process.stdout.write(chunk);
      if (!announced && String(chunk).includes("All emulators ready")) {
        announced = true;
        onReady();
      }
    });
  }
  for (const signal of ["SIGINT", "SIGTERM"]) {
    process.on(signal, () => child.kill(signal));
  }
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

// The demo shop and fake search API that functions/.env.local points the emulator at, so
// extraction and search missions work locally with no network and no key.
async function startDemoServers() {
  const { tsImport } = await import("tsx/esm/api");
  const { startDemoServers: start } = await tsImport("./demo/demoSite.ts", import.meta.url);
  return start();
}

function printBanner(demo) {
  const { hosting } = JSON.parse(readFileSync(join(root, "firebase.json"), "utf8")).emulators;
  const base = `http://${hosting.host}:${hosting.port}`;
  process.stdout.write(
    [
      "",
      "Mission Control is running on the emulator suite.",
      `  Whiteboard:  ${base}/api/whiteboard`,
      `  Analytics:   ${base}/api/analytics/all`,
      '  Try:         npm run mission -- "What is 15% of 2340?"',
      `               npm run mission -- "Extract the product names from ${demo.catalogUrl}"`,
      '               npm run mission -- "Search the web for firebase emulator"',
      `  Demo shop:   ${demo.siteUrl}   fake search API: ${demo.searchEndpoint}`,
      "  Stop:        Ctrl+C",
      "",
    ].join("\n") + "\n",
  );
}

function emulatorListing() {
  const config = JSON.parse(readFileSync(join(root, "firebase.json"), "utf8")).emulators;
  return Object.entries(config)
    .filter(([, value]) => value && typeof value === "object" && "port" in value)
    .map(([name, value]) => `${name}=${value.host}:${value.port}`)
    .join(" ");
}

async function main() {
  const [mode, ...rest] = process.argv.slice(2);
  if (mode !== "exec" && mode !== "start") {
    fail('usage: emulators.mjs exec "<command>" | emulators.mjs start');
  }
  if (mode === "exec" && rest.length === 0) fail('usage: npm run emulators:exec -- "<command>"');
  requireJava();
  const env = await resolveFirestoreEmulator();
  buildFunctions();
  // Only present so that the log lists what runs where; firebase-tools reads firebase.json itself.
  say(`suite: ${emulatorListing()}`);
  const common = ["--project", PROJECT_ID, "--only", EMULATORS];
  if (mode === "exec") {
    firebase(["emulators:exec", ...common, rest.join(" ")], env);
  } else {
    const demo = await startDemoServers();
    firebase(["emulators:start", ...common], env, () => printBanner(demo));
  }
}

await main();
