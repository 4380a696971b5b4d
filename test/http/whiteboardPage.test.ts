import assert from "node:assert/strict";
import { Script } from "node:vm";
import { renderPage } from "../../functions/src/whiteboard/page";
import { httpOrigin, suitePorts } from "../../scripts/ports";
import { functionUrl, hostingUrl } from "./helpers";

describe("whiteboard page and assets", function () {
  this.timeout(30_000);

  it("serves the page through Hosting with a strict CSP and its config (emulator sign-in, stream URL)", async () => {
    const response = await fetch(hostingUrl("/api/whiteboard"));
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type") ?? "", /^text\/html/);
    const csp = response.headers.get("content-security-policy") ?? "";
    assert.match(csp, /default-src 'none'/);
    assert.match(csp, /script-src 'self'/);
    // The page may talk to this suite's Functions emulator (streams) and Auth emulator (sign-in).
    const ports = suitePorts();
    assert.ok(
      csp.includes(`connect-src 'self' ${httpOrigin(ports.functions)} ${httpOrigin(ports.auth)}`),
      `connect-src names this suite's Functions and Auth emulators: ${csp}`,
    );
    const html = await response.text();
    const config = JSON.parse(
      /<script id="whiteboard-config" type="application\/json">(.*?)<\/script>/.exec(html)?.[1] ?? "",
    );
    assert.equal(config.auth.mode, "emulator");
    assert.equal(config.streamBase, functionUrl());
    assert.equal(config.pollMs, 5000);
    assert.match(html, /<h2 id="agents-title">Live Agents/);
    assert.match(html, /<h2 id="pipeline-title">Task Pipeline/);
  });

  it("serves the bundled browser script (no CommonJS, no source map) and the stylesheet", async () => {
    const script = await fetch(hostingUrl("/api/whiteboard/app.js"));
    assert.equal(script.status, 200);
    assert.match(script.headers.get("content-type") ?? "", /^text\/javascript/);
    const source = await script.text();
    assert.doesNotMatch(source, /\bexports\.|\brequire\(|sourceMappingURL/);
    assert.doesNotThrow(() => new Script(source), "the script parses");
    // The Firebase JS SDK is bundled in (its defaults hook survives minifying), zod is not.
    assert.match(source, /__FIREBASE_DEFAULTS__/);
    assert.doesNotMatch(source, /ZodError/);
    const css = await fetch(hostingUrl("/api/whiteboard/app.css"));
    assert.equal(css.status, 200);
    assert.match(css.headers.get("content-type") ?? "", /^text\/css/);
    assert.equal(css.headers.get("cache-control"), script.headers.get("cache-control"));
    // Bundled from web/whiteboard/whiteboard.css and the files it imports, minified: no @import left.
    const stylesheet = await css.text();
    assert.match(stylesheet, /\[hidden\]\{display:none!important\}/);
    assert.match(stylesheet, /\.bar-fill\{/);
    assert.doesNotMatch(stylesheet, /@import/);
  });

  it("embeds its config so that no value can close the script element", () => {
    const html = renderPage({
      auth: { mode: "password", apiKey: "</script><script>alert(1)</script>" },
      streamBase: "https://example.test/api",
      pollMs: 5000,
    });
    assert.doesNotMatch(html, /<\/script><script>alert/);
    assert.match(html, /\\u003c\/script\\u003e/);
  });
});
