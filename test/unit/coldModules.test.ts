import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";

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
