import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";
import { createDraft, uniqueId, waitFor, waitForTerminal } from "../helpers/emulator";
import { hostingUrl } from "../http/helpers";
import { startSlowShop } from "../http/slowShop";
import { chooseChromium } from "./chromium";

const ROOT = join(__dirname, "..", "..");
const RESULTS = join(ROOT, "test-results");

describe("whiteboard run view in a real browser (headless Chromium, emulator)", function () {
  this.timeout(150_000);
  let context: BrowserContext;
  let profile: string;

  before(async function () {
    this.timeout(60_000);
    const browser = await chooseChromium();
    mkdirSync(RESULTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), "runview-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: browser.executablePath,
      headless: true,
      args: browser.args,
      viewport: { width: 1280, height: 1000 },
    });
  });

  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("lists, filters and searches runs; draws a completed run's timeline from its record; cancels and retries", async () => {
    const owner = uniqueId("runs");
    const pageErrors: string[] = [];
    const done = await createDraft({ owner_uid: owner, objective: "What is 15% of 2,340?" });
    const failing = await createDraft({
      owner_uid: owner,
      objective: "Extract everything from http://169.254.169.254/computeMetadata/v1/",
    });
    await done.update({ status: "approved", approved_at: new Date() });
    await failing.update({ status: "approved", approved_at: new Date() });
    const completed = await waitForTerminal(done, 20_000);
    assert.equal(completed.status, "completed");
    assert.equal((await waitForTerminal(failing, 20_000)).status, "failed");

    const page = await context.newPage();
    page.on("pageerror", (error) => pageErrors.push(String(error)));
    await page.goto(hostingUrl("/api/whiteboard"));
    await page.getByLabel("User id").fill(owner);
    await page.getByLabel("Administrator").uncheck();
    await page.getByRole("button", { name: "Sign in" }).click();
    const row = (id: string) => page.locator(`#runs-list .run-open[data-id="${id}"]`);
    await row(done.id).waitFor({ timeout: 15_000 });

    // Filter by status (a new listing) and search on the objective (in the page).
    await page.locator("#runs-status").selectOption("failed");
    await row(done.id).waitFor({ state: "detached", timeout: 10_000 });
    await row(failing.id).waitFor({ timeout: 10_000 });
    await page.locator("#runs-status").selectOption("");
    await row(done.id).waitFor({ timeout: 10_000 });
    await page.locator("#runs-search").fill("15%");
    assert.equal(await row(failing.id).count(), 0);
    await page.locator("#runs-search").fill("");

    // The completed run: one bar per step, widths proportional to the record's durations.
    await row(done.id).click();
    await page.locator("#run-title", { hasText: "What is 15% of 2,340?" }).waitFor({ timeout: 10_000 });
    const bars = await page.$$eval("#run-timeline .run-bar", (elements) =>
      elements.map((bar) => ({
        width: (bar as HTMLElement).getBoundingClientRect().width,
        duration: Number((bar as HTMLElement).dataset.durationMs),
      })),
    );
    const steps = completed.execution_record.progress_tracker.completed_steps as { duration_ms: number }[];
    assert.equal(bars.length, steps.length);
    assert.deepEqual(
      bars.map((bar) => bar.duration),
      steps.map((step) => step.duration_ms),
    );
    const longest = bars.reduce((best, bar) => (bar.duration > best.duration ? bar : best));
    assert.ok(
      bars.every((bar) => bar.width <= longest.width + 0.5),
      "the longest step has the widest bar",
    );
    assert.equal(await page.locator("#run-retry").isVisible(), false);
    assert.equal(await page.locator("#run-cancel").isVisible(), false);
    await page.screenshot({ path: join(RESULTS, "run-view-completed.png"), fullPage: true });

    // A failed run shows its error and step; Retry re-approves it (it fails the same way: the
    // SSRF guard refuses), which the REST route refuses as something a retry would repeat.
    await row(failing.id).click();
    await page.locator("#run-facts", { hasText: "Error" }).waitFor({ timeout: 10_000 });
    await page.locator("#run-retry").click();
    await page.locator("#run-error", { hasText: /retry: / }).waitFor({ timeout: 10_000 });

    // A running extraction: live, with Cancel, which stops it.
    const shop = await startSlowShop(1000);
    try {
      const running = await createDraft({ owner_uid: owner, objective: `Extract the product names from ${shop.url}` });
      await running.update({ status: "approved", approved_at: new Date() });
      // The list is read when the filter changes (it does not follow status changes), so the
      // filter is chosen once the run is executing; under load its claim may take seconds.
      await waitFor(
        "the extraction to be executing",
        async () => ((await running.get()).get("status") === "executing" ? true : undefined),
        { timeoutMs: 20_000 },
      );
      await page.locator("#runs-status").selectOption("executing");
      await row(running.id).waitFor({ timeout: 20_000 });
      await row(running.id).click();
      await page
        .locator("#run-timeline .step-label", { hasText: /tool_execution .* pages/ })
        .waitFor({ timeout: 30_000 });
      await page.screenshot({ path: join(RESULTS, "run-view-running.png"), fullPage: true });
      if (process.env.UPDATE_DOCS_SCREENSHOT)
        await page.locator("section.runs").screenshot({ path: join(ROOT, "docs", "run-view.png") });
      await page.locator("#run-cancel").click();
      await page.locator("#run-state", { hasText: "cancelled" }).waitFor({ timeout: 30_000 });
    } finally {
      await shop.close();
    }
    assert.deepEqual(pageErrors, [], "no script errors in the page");
  });
});
