import assert from "node:assert/strict";
import { startDemoServers, type DemoServers } from "../../scripts/demo/demoSite";
import { address, suitePorts } from "../../scripts/ports";
import { CATALOG_PAGES, CATALOG_PRODUCTS, productName } from "../../scripts/demo/catalogSite";
import { createDraft, db, waitForTerminal } from "../helpers/emulator";
import { assertCompletedHistory } from "../helpers/pipeline";

/**
 * Through the Functions emulator: approved missions run the real web tools. The emulator reads
 * the suite's .env.local (functions/.env.local, re-pointed by scripts/suiteConfig.ts), which
 * allows loopback and points SEARCH_API_ENDPOINT (and its placeholder SEARCH_API_KEY) at the
 * demo servers this suite starts on its demo ports (scripts/ports.ts).
 */
describe("web tools end to end (emulator)", function () {
  this.timeout(60_000);
  let demo: DemoServers;

  before(async () => {
    db();
    demo = await startDemoServers();
  });
  after(async () => {
    await demo?.close();
  });

  async function approve(objective: string, plan?: Record<string, unknown>) {
    const ref = await createDraft({ objective, ...(plan ? { plan } : {}) });
    await ref.update({ status: "approved", approved_at: new Date() });
    return { ref, data: await waitForTerminal(ref, 45_000) };
  }

  async function artifactOf(record: { artifact_reference: string }) {
    const artifact = await db().doc(record.artifact_reference).get();
    assert.equal(artifact.exists, true, `artifact ${record.artifact_reference} missing`);
    return artifact;
  }

  it("an approved extract mission crawls the demo shop and stores every item", async () => {
    const { ref, data } = await approve(`Extract the product names from ${demo.catalogUrl}`);
    assert.equal(data.status, "completed", JSON.stringify(data.execution_record?.error));
    assertCompletedHistory(assert, data, ref.id);
    const record = data.execution_record;
    assert.equal(record.tool_used, "web_extract");
    assert.equal(record.execution_result.items_collected, CATALOG_PRODUCTS);
    assert.equal(record.execution_result.pages_visited, CATALOG_PAGES);
    assert.equal(record.execution_result.stopped_because, "no_more_pages");
    assert.ok(
      String(record.result_summary).startsWith(
        `extracted 45/100 items from 5 pages of ${address(suitePorts().demoSite)}`,
      ),
      String(record.result_summary),
    );
    const tracker = record.progress_tracker;
    assert.equal(tracker.total_items_collected, CATALOG_PRODUCTS);
    assert.equal(tracker.pages_visited, CATALOG_PAGES);

    const artifact = await artifactOf(record);
    assert.equal(artifact.get("tool"), "web_extract");
    const content = JSON.parse(artifact.get("content"));
    assert.equal(content.items.length, CATALOG_PRODUCTS);
    assert.equal(content.items[0].text, `${productName(0)} $5.00`);
    assert.equal(content.pages.length, CATALOG_PAGES);
  });

  it("an approved search mission queries the (fake) Brave API and stores the results", async () => {
    const { ref, data } = await approve("Search the web for firebase emulator");
    assert.equal(data.status, "completed", JSON.stringify(data.execution_record?.error));
    assertCompletedHistory(assert, data, ref.id);
    const record = data.execution_record;
    assert.equal(record.tool_used, "web_search");
    assert.match(
      record.result_summary,
      /^found \d+ results for "firebase emulator"; top: Firebase Local Emulator Suite/,
    );
    const content = JSON.parse((await artifactOf(record)).get("content"));
    assert.equal(content.query, "firebase emulator");
    assert.equal(content.results[0].url, "https://firebase.google.com/docs/emulator-suite");
    assert.equal(content.results[0].rank, 1);
  });

  it("an extract mission aimed at the metadata server is refused before anything is fetched or reserved", async () => {
    // The address policy is the tool's own input check, so the decision refuses the derived
    // URL at intent_classification; the guarded fetch's refusal of such addresses at
    // tool_execution (redirects, DNS answers) is tested in test/web/guardedFetch.test.ts.
    const { data } = await approve("Extract everything from http://169.254.169.254/computeMetadata/v1/");
    assert.equal(data.status, "failed");
    const error = data.execution_record.error;
    assert.equal(error.step, "intent_classification");
    assert.equal(error.kind, "refused");
    assert.match(error.message, /169\.254\.169\.254 is link-local \(not public\)/);
    assert.equal(data.execution_record.actual_cost_microusd ?? 0, 0);
  });
});
