import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
// @ts-expect-error: a plain ESM script (run by firebase.json's predeploy), without declarations
import { workspaceLock } from "../../scripts/functionsLock.mjs";

interface LockEntry {
  version?: string;
  integrity?: string;
  dependencies?: Record<string, string>;
}
interface Lock {
  packages: Record<string, LockEntry>;
}
const ROOT = join(__dirname, "..", "..");
const rootLock = JSON.parse(readFileSync(join(ROOT, "package-lock.json"), "utf8")) as Lock;
const makeLock = workspaceLock as (lock: Lock, workspace?: string) => Lock;

describe("functions/package-lock.json, written at predeploy from the root lock (issue 20)", () => {
  const lock = makeLock(rootLock);

  it("locks each of functions' dependencies at the version installed and tested here", () => {
    const manifest = JSON.parse(readFileSync(join(ROOT, "functions", "package.json"), "utf8")) as {
      dependencies: Record<string, string>;
    };
    for (const name of Object.keys(manifest.dependencies)) {
      // Node's lookup from functions/: its own node_modules first, then the root's.
      const own = join(ROOT, "functions", "node_modules", name, "package.json");
      const path = existsSync(own) ? own : join(ROOT, "node_modules", name, "package.json");
      const installed = JSON.parse(readFileSync(path, "utf8")) as { version: string };
      assert.equal(lock.packages[`node_modules/${name}`]?.version, installed.version, name);
    }
  });

  it("holds only packages of the root lock, with their integrity", () => {
    const tested = new Set(Object.values(rootLock.packages).map((entry) => `${entry.version}|${entry.integrity}`));
    for (const [path, entry] of Object.entries(lock.packages)) {
      if (path === "") continue;
      assert.ok(entry.integrity, `${path} has no integrity`);
      assert.ok(tested.has(`${entry.version}|${entry.integrity}`), `${path} is not in the root lock`);
    }
  });

  it("moves a root copy the workspace shadows under the package that requires it", () => {
    const synthetic: Lock = {
      packages: {
        "": {},
        ws: { dependencies: { a: "^1", b: "^2" } },
        "ws/node_modules/b": { version: "2.0.0", integrity: "b2" },
        "node_modules/a": { version: "1.0.0", integrity: "a1", dependencies: { b: "^1" } },
        "node_modules/b": { version: "1.0.0", integrity: "b1" },
      },
    };
    const out = makeLock(synthetic, "ws");
    assert.equal(out.packages["node_modules/b"]?.version, "2.0.0");
    assert.equal(out.packages["node_modules/a/node_modules/b"]?.version, "1.0.0");
  });
});
