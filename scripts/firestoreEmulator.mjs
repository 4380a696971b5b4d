// Finds a Firestore emulator for firebase-tools, in the order documented in the README
// ("Emulator resolution"), and checks for Java. Used by scripts/emulators.mjs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const require = createRequire(import.meta.url);
const DEBIAN_GCLOUD_SDK = "/usr/lib/google-cloud-sdk";
const FIRESTORE_MAIN_CLASS = "com.google.cloud.datastore.emulator.firestore.CloudFirestore";

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
function buildShim(root, fail, targetJar) {
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

/** The environment firebase-tools needs to start a Firestore emulator ({} when it finds one itself). */
export async function resolveFirestoreEmulator({ root, say, fail }) {
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
    return { FIRESTORE_EMULATOR_BINARY_PATH: buildShim(root, fail, gcloudJar) };
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

export function requireJava(fail) {
  const java = spawnSync("java", ["-version"], { encoding: "utf8" });
  if (java.error) {
    fail("Java is required by the Firestore emulator and was not found. Install openjdk-17-jre-headless or newer.");
  }
}
