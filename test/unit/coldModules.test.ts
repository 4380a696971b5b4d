import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

/**
 * What each deployed function loads before it has work: the tools' libraries load when a
 * mission runs them (issue 20, cold start). Each module is loaded in a fresh process, as a new
 * instance would, and its loaded files are listed.
 */
function loadedBy(module: string): string[] {
  const script = `require(${JSON.stringify(module)}); console.log(JSON.stringify(Object.keys(require.cache)));`;
  const output = execFileSync(process.execPath, ["--import", "tsx", "-e", script], { encoding: "utf8" });
  return JSON.parse(output.trim().split("\n").at(-1) ?? "[]") as string[];
}

describe("cold instances load no tool (fresh processes)", function () {
  this.timeout(60_000);
  for (const module of [
    "./functions/src/triggers/sweeper.ts",
    "./functions/src/triggers/notifications.ts",
    "./functions/src/http/api.ts",
  ]) {
    it(`${module} loads neither mathjs, cheerio nor the tool catalog`, () => {
      const heavy = loadedBy(module).filter((file) => /\/(mathjs|cheerio|linkedom)\/|tools\/catalog\//.test(file));
      assert.deepEqual(heavy.slice(0, 3), [], `${heavy.length} such files loaded`);
    });
  }
});

/** The deployed build (functions/bundle.mjs): one file per function, built by `npm test` before it runs. */
const BUNDLE = join(__dirname, "..", "..", "functions", "lib", "bundle");

interface BundleMeta {
  outputs: Record<string, { inputs: Record<string, unknown> }>;
}

function bundleInputs(name: string): string[] {
  const metaFile = join(BUNDLE, "meta.json");
  assert.ok(existsSync(metaFile), `${metaFile} is missing: npm run build`);
  const meta = JSON.parse(readFileSync(metaFile, "utf8")) as BundleMeta;
  const output = Object.entries(meta.outputs).find(([file]) => file.endsWith(`/bundle/${name}.js`));
  assert.ok(output, `no bundle ${name}.js in ${metaFile}`);
  return Object.keys(output[1].inputs);
}

function loadedByBundle(name: string): string[] {
  const files = [join(BUNDLE, "index.js"), join(BUNDLE, `${name}.js`)];
  const script = `${files.map((file) => `require(${JSON.stringify(file)});`).join(" ")}
    console.log(JSON.stringify(Object.keys(require.cache)));`;
  const output = execFileSync(process.execPath, ["-e", script], { encoding: "utf8" });
  return JSON.parse(output.trim().split("\n").at(-1) ?? "[]") as string[];
}

describe("the deployed bundles (functions/lib/bundle) keep that, and keep zod out of index.js", function () {
  this.timeout(60_000);
  for (const name of ["api", "sweeper", "notifications", "missionWritten"]) {
    it(`index.js + ${name}.js require neither mathjs, cheerio nor linkedom when loaded`, () => {
      const heavy = loadedByBundle(name).filter((file) => /\/(mathjs|cheerio|linkedom)\//.test(file));
      assert.deepEqual(heavy.slice(0, 3), [], `${heavy.length} such files loaded`);
    });
  }
  for (const name of ["sweeper", "notifications"]) {
    it(`${name}.js holds no tool and no tool decision (only the decision's stored shape)`, () => {
      const found = bundleInputs(name).filter((file) => /src\/(tools\/|decision\/(?!types\.ts$))/.test(file));
      assert.deepEqual(found, [], `${name}.js bundles ${found.length} tool or decision modules`);
    });
  }
  it("index.js, which every instance loads, holds no zod", () => {
    const found = bundleInputs("index").filter((file) => file.includes("node_modules/zod/"));
    assert.deepEqual(found.slice(0, 3), [], `index.js bundles ${found.length} zod files`);
  });
});
