import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import path from "node:path";

/**
 * The shared scorers (intent, webextract, articles) load the built modules from these paths and
 * these names; held-out sets are scored through them. A move or rename that breaks one would
 * make the product unscorable without any other test noticing, so this one names the contract.
 */
const SRC = path.resolve(__dirname, "../../functions/src");
const CONTRACT: [file: string, exportName: string][] = [
  ["pipeline/intent.ts", "classifyIntent"],
  ["tools/calculate.ts", "calculate"],
  ["tools/webExtract.ts", "createWebExtractTool"],
  ["shared/deadline.ts", "Deadline"],
];

describe("the shared scorers' module contract", () => {
  for (const [file, exportName] of CONTRACT) {
    it(`functions/src/${file} exports ${exportName}`, async () => {
      const full = path.join(SRC, file);
      assert.ok(
        existsSync(full),
        `${file} is where the scorers load it from (functions/lib/${file.replace(/\.ts$/, ".js")})`,
      );
      const module = (await import(full)) as Record<string, unknown>;
      assert.equal(typeof module[exportName], "function", `${file} no longer exports ${exportName}`);
    });
  }
});
