import assert from "node:assert/strict";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getApps, initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { chromium, type BrowserContext } from "playwright-core";
import { chooseChromium } from "./chromium";
import { uniqueId } from "../helpers/emulator";
import { hostingUrl } from "../http/helpers";

/**
 * A user whose account is disabled (or whose session is revoked) while the whiteboard is
 * open: the page must go back to its sign-in form and say why, not retry with a dead token.
 */
describe("whiteboard when the session ends (headless Chromium, emulator)", function () {
  this.timeout(60_000);
  let context: BrowserContext;
  let profile: string;

  before(async function () {
    // The system Chromium when there is one, else the npm one (unpacked on first use).
    this.timeout(60_000);
    const browser = await chooseChromium();
    if (!getApps().some((app) => app.name === "[DEFAULT]")) initializeApp();
    profile = mkdtempSync(join(tmpdir(), "whiteboard-session-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: browser.executablePath,
      headless: true,
      args: browser.args,
    });
  });

  after(async () => {
    await context?.close();
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("returns to the sign-in form when the token can no longer be refreshed", async () => {
    const uid = uniqueId("leaver");
    const page = await context.newPage();
    await page.goto(hostingUrl("/api/whiteboard"));
    await page.getByLabel("User id").fill(uid);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.locator("#board").waitFor({ state: "visible", timeout: 10_000 });

    // Leave the board for a page of the same origin (same session storage, no script), so
    // nothing polls while the account is disabled and the stored token is made due.
    await page.goto(hostingUrl("/api/whiteboard/app.css"));
    await getAuth().updateUser(uid, { disabled: true });
    // The Firebase JS SDK keeps the user in session storage; its ID token is made due, so the
    // next load must ask Auth to refresh it, which Auth refuses for a disabled account.
    const madeDue = await page.evaluate(() => {
      let users = 0;
      for (const key of Object.keys(sessionStorage)) {
        if (!key.startsWith("firebase:authUser:")) continue;
        const user = JSON.parse(sessionStorage.getItem(key) ?? "{}") as { stsTokenManager?: Record<string, unknown> };
        if (!user.stsTokenManager) continue;
        user.stsTokenManager.expirationTime = Date.now();
        sessionStorage.setItem(key, JSON.stringify(user));
        users += 1;
      }
      return users;
    });
    assert.equal(madeDue, 1, "the signed-in user is in session storage");
    const refreshes: number[] = [];
    page.on("response", (response) => {
      if (response.url().includes("securetoken")) refreshes.push(response.status());
    });
    await page.goto(hostingUrl("/api/whiteboard"));
    await page.locator("#signin").waitFor({ state: "visible", timeout: 15_000 });
    await page.locator("#error", { hasText: "sign in again" }).waitFor({ timeout: 5_000 });
    assert.equal(await page.locator("#board").isVisible(), false);
    assert.ok(refreshes.length > 0 && refreshes.every((status) => status >= 400), `refreshes: ${refreshes.join(", ")}`);
  });
});
