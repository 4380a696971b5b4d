import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { chooseChromium } from "./chromium";

/** No emulator: which browser the whiteboard test gets, for each MC_CHROMIUM choice. */
describe("choosing a Chromium (test/browser/chromium.ts)", function () {
  // The first use of the npm Chromium unpacks it into the temporary folder.
  this.timeout(60_000);

  it("MC_CHROMIUM=npm unpacks the npm registry's Chromium, offline, into an executable file", async () => {
    const choice = await chooseChromium({ MC_CHROMIUM: "npm" });
    assert.equal(choice.source, "@sparticuz/chromium from npm");
    assert.equal(existsSync(choice.executablePath), true, choice.executablePath);
    assert.ok(choice.args.includes("--no-zygote"));
  });

  it("CHROMIUM_PATH names the system Chromium to use, and MC_CHROMIUM=system insists on one", async () => {
    const { executablePath } = await chooseChromium({ MC_CHROMIUM: "npm" });
    const chosen = await chooseChromium({ CHROMIUM_PATH: executablePath, MC_CHROMIUM: "system" });
    assert.equal(chosen.source, `system Chromium at ${executablePath}`);
    assert.equal(chosen.executablePath, executablePath);
    assert.equal(chosen.args.includes("--no-zygote"), false);
  });

  it("refuses an unknown MC_CHROMIUM", async () => {
    await assert.rejects(
      chooseChromium({ MC_CHROMIUM: "firefox" }),
      /MC_CHROMIUM must be auto, system or npm \(got "firefox"\)/,
    );
  });
});
