import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext, type Locator, type Page } from "playwright-core";
import { createDraft, uniqueId } from "../helpers/emulator";
import { analyticsResponseSchema } from "../../functions/src/analytics/schema";
import { STEP_NAMES, type StepName } from "../../functions/src/shared/steps";
import { bearer, hostingUrl, idTokenFor } from "../http/helpers";
import { startSlowShop } from "../http/slowShop";
import { chooseChromium } from "./chromium";

const ROOT = join(__dirname, "..", "..");
const RESULTS = join(ROOT, "test-results");
interface BarSample {
  id: string;
  value: number;
  label: string;
  atMs: number;
}

/**
 * Records every value each agent's progress bar takes, from inside the page. (A string, so
 * that no transpiler helper leaks into the code the page runs.)
 */
const RECORD_BARS = `(() => {
  const samples = [];
  window.barSamples = samples;
  const take = () => {
    for (const card of document.querySelectorAll("#agents .agent")) {
      const value = Number(card.querySelector('[role="progressbar"]')?.getAttribute("aria-valuenow"));
      const label = card.querySelector(".agent-label")?.textContent ?? "";
      const last = samples.filter((sample) => sample.id === card.dataset.missionId).at(-1);
      if (!last || last.value !== value || last.label !== label) {
        samples.push({ id: card.dataset.missionId ?? "", value, label, atMs: performance.now() });
      }
    }
  };
  new MutationObserver(take).observe(document.getElementById("agents"), {
    subtree: true, childList: true, attributes: true, characterData: true,
  });
})()`;

async function recordBars(page: Page): Promise<void> {
  await page.evaluate(RECORD_BARS);
}

async function barSamples(page: Page, id: string): Promise<BarSample[]> {
  const all = (await page.evaluate("window.barSamples")) as BarSample[];
  return all.filter((sample) => sample.id === id);
}

/** A computed style: a page whose stylesheet is missing (or lacks a part) fails here, not only looks wrong. */
function computedStyle(locator: Locator, property: string): Promise<string> {
  return locator.evaluate((element, name) => getComputedStyle(element).getPropertyValue(name), property);
}

/**
 * The figures' charts draw what the API says: one group per step with its mean and p90, and
 * 24 hour columns whose counts add up to this owner's 3 finished missions (all of them
 * finished within the last minutes; the hour columns are compared with the API's, so a test
 * that runs across an hour boundary still agrees).
 */
async function checkCharts(page: Page, owner: string): Promise<void> {
  const hourTotal = () =>
    page.$$eval("#hour-chart rect[data-hour]", (bars) =>
      bars.reduce((sum, bar) => sum + Number(bar.getAttribute("data-count")), 0),
    );
  const deadline = Date.now() + 15_000;
  while ((await hourTotal()) < 3) {
    if (Date.now() > deadline) assert.fail(`the hour chart never counted 3 finished missions: ${await hourTotal()}`);
    await page.waitForTimeout(250);
  }
  const response = await fetch(hostingUrl("/api/analytics/all"), { headers: bearer(await idTokenFor(owner)) });
  const data = analyticsResponseSchema.parse(await response.json());

  const hours = await page.$$eval("#hour-chart rect[data-hour]", (bars) =>
    bars.map((bar) => Number(bar.getAttribute("data-count"))),
  );
  assert.deepEqual(hours, data.missions_today.finished_by_hour);
  assert.equal(
    hours.reduce((sum, n) => sum + n, 0),
    3,
  );
  const heights = await page.$$eval("#hour-chart rect[data-hour]", (bars) =>
    bars.map((bar) => Number(bar.getAttribute("height"))),
  );
  assert.ok(
    heights.every((height, hour) => height > 0 === (hours[hour] ?? 0) > 0),
    `a column is drawn exactly where missions finished: ${heights.join(",")}`,
  );

  const steps = await page.$$eval("#step-chart g[data-step]", (groups) =>
    groups.map((group) => ({
      step: group.getAttribute("data-step"),
      mean: group.getAttribute("data-mean-ms"),
      p90: group.getAttribute("data-p90-ms"),
      samples: Number(group.getAttribute("data-samples")),
      bars: group.querySelectorAll("rect").length,
      label: group.querySelector(".chart-label")?.textContent,
    })),
  );
  assert.deepEqual(
    steps.map((step) => step.step),
    STEP_NAMES,
  );
  for (const step of steps) {
    const figure = data.duration.per_step[step.step as StepName];
    assert.equal(step.label, step.step);
    assert.equal(step.samples, figure.samples, `${step.step} runs`);
    assert.equal(step.mean, String(figure.average_ms ?? ""), `${step.step} mean`);
    assert.equal(step.p90, String(figure.p90_ms ?? ""), `${step.step} p90`);
  }
  // Every step ran at least twice (two complete runs): a mean bar and a p90 bar each.
  assert.ok(
    steps.every((step) => step.samples >= 2 && step.bars === 2),
    JSON.stringify(steps),
  );
}

describe("whiteboard in a real browser (headless Chromium, emulator)", function () {
  this.timeout(120_000);
  let context: BrowserContext;
  let profile: string;
  const pageErrors: string[] = [];

  before(async function () {
    // The first use of the npm Chromium unpacks it (a few seconds on a slow disk).
    this.timeout(60_000);
    const browser = await chooseChromium();
    process.stderr.write(`      (browser: ${browser.source})\n`);
    mkdirSync(RESULTS, { recursive: true });
    profile = mkdtempSync(join(tmpdir(), "whiteboard-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: browser.executablePath,
      headless: true,
      args: browser.args,
      viewport: { width: 1280, height: 900 },
    });
  });

  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("signs in, shows a running mission's bar go from below 50% to 100%, then Complete in the pipeline", async () => {
    const shop = await startSlowShop(1000);
    try {
      const owner = uniqueId("board");
      const page = await context.newPage();
      page.on("pageerror", (error) => pageErrors.push(String(error)));
      page.on("console", (message) => {
        if (message.type() === "error") pageErrors.push(message.text());
      });

      // A completed and a failed mission first, so the pipeline and the figures have something in them.
      const warmup = await createDraft({ owner_uid: owner, objective: "What is 15% of 2,340?" });
      const failing = await createDraft({
        owner_uid: owner,
        objective: "Extract everything from http://169.254.169.254/computeMetadata/v1/",
      });
      await warmup.update({ status: "approved", approved_at: new Date() });
      await failing.update({ status: "approved", approved_at: new Date() });

      await page.goto(hostingUrl("/api/whiteboard"));
      await page.getByLabel("User id").fill(owner);
      await page.getByLabel("Administrator").uncheck();
      await page.getByRole("button", { name: "Sign in" }).click();
      await page.locator("#board").waitFor({ state: "visible", timeout: 10_000 });
      await page.getByText(`Signed in as`).waitFor({ timeout: 5000 });
      await page
        .locator(`#pipeline-rows tr[data-mission-id="${warmup.id}"] .status`, { hasText: "Complete" })
        .waitFor({ timeout: 20_000 });
      await page
        .locator(`#pipeline-rows tr[data-mission-id="${failing.id}"] .status`, { hasText: "Failed" })
        .waitFor({ timeout: 20_000 });
      await page.locator("#live-state", { hasText: "live" }).waitFor({ timeout: 10_000 });
      // app.css is applied, each file bundled into it: the page's panels, the pipeline's
      // status pills, the figures' chart boxes (and the agents' bars below).
      assert.equal(await computedStyle(page.locator("#board .panel").first(), "border-top-left-radius"), "10px");
      const warmupStatus = page.locator(`#pipeline-rows tr[data-mission-id="${warmup.id}"] .status`);
      assert.equal(await computedStyle(warmupStatus, "border-top-left-radius"), "999px");
      assert.equal(await computedStyle(page.locator(".chart-box").first(), "border-top-left-radius"), "8px");
      await recordBars(page);

      const ref = await createDraft({ owner_uid: owner, objective: `Extract the product names from ${shop.url}` });
      await ref.update({ status: "approved", approved_at: new Date() });

      const card = page.locator(`#agents .agent[data-mission-id="${ref.id}"]`);
      const button = card.getByRole("button", { name: /^Execution: \d{1,3}% \| / });
      await button.waitFor({ timeout: 20_000 });
      assert.equal(await computedStyle(card.locator(".bar"), "height"), "10px");
      // Mid-run: the tool step has moved the bar past its 55 % start (pages are coming in).
      await card
        .locator(".agent-label", { hasText: /^Execution: [67]\d% \| Running tool$/ })
        .waitFor({ timeout: 30_000 });
      // The pipeline agrees with the live stream: the running mission is In Progress there.
      await page
        .locator(`#pipeline-rows tr[data-mission-id="${ref.id}"] .status`, { hasText: "In Progress" })
        .waitFor({ timeout: 5000 });
      await page.waitForTimeout(700); // let the bar's transition settle for the picture
      await page.screenshot({ path: join(RESULTS, "whiteboard-running.png"), fullPage: true });
      if (process.env.UPDATE_DOCS_SCREENSHOT) {
        mkdirSync(join(ROOT, "docs"), { recursive: true });
        await page.screenshot({ path: join(ROOT, "docs", "whiteboard.png") });
      }
      await button.click();
      assert.equal(await button.getAttribute("aria-expanded"), "true");
      await card.locator(".agent-details", { hasText: ref.id }).waitFor({ timeout: 2000 });

      await card.locator(".agent-label", { hasText: "Execution: 100% | Complete" }).waitFor({ timeout: 45_000 });
      assert.equal(await card.getByRole("progressbar").getAttribute("aria-valuenow"), "100");
      await page
        .locator(`#pipeline-rows tr[data-mission-id="${ref.id}"] .status`, { hasText: "Complete" })
        .waitFor({ timeout: 15_000 });
      const row = page.locator(`#pipeline-rows tr[data-mission-id="${ref.id}"]`);
      assert.equal((await row.locator(".completion-text").textContent())?.trim(), "100%");
      await page.screenshot({ path: join(RESULTS, "whiteboard-complete.png"), fullPage: true });

      const samples = await barSamples(page, ref.id);
      const firstBelow = samples.findIndex((sample) => sample.value < 50);
      const firstFull = samples.findIndex((sample) => sample.value === 100);
      assert.ok(firstBelow >= 0, `the bar was never below 50%: ${JSON.stringify(samples)}`);
      assert.ok(firstFull > firstBelow, `the bar did not reach 100% after being below 50%: ${JSON.stringify(samples)}`);
      const values = samples.map((sample) => sample.value);
      assert.deepEqual(
        values,
        [...values].sort((a, b) => a - b),
        "the bar never moves backwards",
      );

      await checkCharts(page, owner);

      // The artifact link opens the artifact (fetched with the signed-in user's token).
      await row.getByRole("link", { name: "View artifact" }).click();
      await page.locator("#artifact-content", { hasText: /extracted \d+\/\d+ items/ }).waitFor({ timeout: 10_000 });
      await page.getByRole("button", { name: "Close" }).click();
      assert.deepEqual(pageErrors, [], "no script errors or CSP violations in the page");
    } finally {
      await shop.close();
    }
  });

  it("shows the sign-in form again when the session is signed out", async () => {
    const page = await context.newPage();
    await page.goto(hostingUrl("/api/whiteboard"));
    if (await page.locator("#signout").isVisible()) await page.locator("#signout").click();
    await page.getByRole("heading", { name: "Sign in" }).waitFor({ timeout: 5000 });
    assert.equal(await page.locator("#board").isVisible(), false);
  });
});
