import assert from "node:assert/strict";
import type { IncomingMessage, ServerResponse } from "node:http";
import { Timestamp } from "firebase-admin/firestore";
import { handleCatalog } from "../../scripts/demo/catalogSite";
import { listen, type RunningServer } from "../../scripts/demo/listen";
import { PIPELINE_STEPS, type StepName } from "../../functions/src/shared/steps";
import { utcDay } from "../../functions/src/shared/days";
import { db, sleep, uniqueId, waitFor } from "../helpers/emulator";
import { createApproved, runDirect } from "../helpers/pipeline";
import { useEmulatorParams } from "../helpers/params";
import { withoutTriggers } from "../helpers/triggers";
import { aggregatesRecorder } from "../../functions/src/analytics/recorder";
import { recordFinishedMission } from "../../functions/src/triggers/missionFinished";

/** The demo catalog on loopback, each answer held back `delayMs`, counting page requests. */
async function shop(delayMs: number): Promise<{ server: RunningServer; requests: () => number }> {
  let requests = 0;
  const server = await listen((request: IncomingMessage, response: ServerResponse) => {
    if (request.url !== "/robots.txt") requests += 1;
    setTimeout(() => {
      if (!handleCatalog(request, response)) {
        response.writeHead(404);
        response.end();
      }
    }, delayMs);
  });
  return { server, requests: () => requests };
}

async function count(collection: string, missionId: string): Promise<number> {
  return (await db().collection(collection).where("mission_id", "==", missionId).count().get()).data().count;
}

async function ledgerEntry(runId: string) {
  return db().collection("budget_ledger").doc(utcDay(Date.now())).collection("entries").doc(runId).get();
}

/** Fast polling of the cancellation, so a test need not wait a second for it. */
const QUICK = { progressWriteIntervalMs: 50 };

describe("cancellation", function () {
  this.timeout(60_000);
  withoutTriggers();
  let catalog: { server: RunningServer; requests: () => number };

  before(async () => {
    useEmulatorParams(); // loopback fetches, as the emulator allows them
    catalog = await shop(0);
  });
  after(async () => {
    await catalog?.server.close();
  });

  const extraction = (url: string) => ({
    objective: `extract the products from ${url}`,
    plan: { tool: "web_extract", input: { url } },
  });

  for (const step of PIPELINE_STEPS.slice(1)) {
    it(`stops at ${step.name} when the owner cancels during it, publishing and charging nothing more`, async () => {
      const id = uniqueId(`cancel-${step.name}`);
      const ref = await createApproved(extraction(`${catalog.server.url}/catalog`), id);
      const outcome = await runDirect(id, {
        config: QUICK,
        hooks: {
          beforeStep: async (name: StepName) => {
            if (name !== step.name) return;
            await ref.update({ cancel_requested_at: Timestamp.now() });
            await sleep(300); // several polls: the run has noticed before the step's work
          },
        },
      });
      assert.equal(outcome.kind, "cancelled");
      const record = (await ref.get()).get("execution_record");
      assert.equal((await ref.get()).get("status"), "cancelled");
      assert.equal(record.cancellation.at_step, step.name);
      assert.equal(record.error, null);
      assert.equal(record.progress_tracker.current_step.step_name, step.name);
      assert.match(record.progress_tracker.current_step.error, /^cancelled: /);
      assert.equal(await count("artifacts", id), 0, "artifacts: a cancelled run publishes nothing");
      assert.equal(await count("learning_signals", id), 0, "learning signals");
      // Counted from the ending write's event (triggers are off here: delivered as the trigger would).
      assert.equal(await recordFinishedMission(db(), aggregatesRecorder, id, (await ref.get()).data()), "recorded");
      const marker = await db().collection("analytics_recorded").doc(record.run_id).get();
      assert.equal(marker.get("outcome"), "cancelled");

      const entry = await ledgerEntry(record.run_id);
      const index = PIPELINE_STEPS.findIndex((definition) => definition.name === step.name);
      const toolDone = index > PIPELINE_STEPS.findIndex((definition) => definition.name === "tool_execution");
      if (index <= 2) assert.equal(entry.exists, false, "no reservation was made");
      else if (toolDone) {
        assert.equal(entry.get("state"), "settled");
        assert.equal(entry.get("actual_microusd"), record.actual_cost_microusd);
        assert.ok(record.actual_cost_microusd > 0);
      } else {
        assert.equal(entry.get("state"), "released", "the tool never ran: everything released");
        assert.equal(record.actual_cost_microusd, 0);
      }
    });
  }

  it("stops between pages within about a second, fetching at most the page in flight", async () => {
    const slow = await shop(300);
    try {
      const id = uniqueId("cancel-pages");
      const ref = await createApproved(extraction(`${slow.server.url}/slow`), id);
      const running = runDirect(id, { config: { progressWriteIntervalMs: 200 } });
      await waitFor("the extraction to have fetched its first page", async () =>
        slow.requests() >= 1 ? true : undefined,
      );
      const requestedAtCancel = slow.requests();
      const cancelledAt = Date.now();
      await ref.update({ cancel_requested_at: Timestamp.now() });
      const outcome = await running;
      const stoppedAfterMs = Date.now() - cancelledAt;
      assert.equal(outcome.kind, "cancelled");
      assert.ok(stoppedAfterMs < 2_000, `took ${stoppedAfterMs} ms to stop`);
      assert.ok(
        slow.requests() <= requestedAtCancel + 1,
        `${slow.requests() - requestedAtCancel} pages after the cancel`,
      );
      const record = (await ref.get()).get("execution_record");
      assert.equal(record.cancellation.at_step, "tool_execution");
      assert.equal(await count("artifacts", id), 0);
      const entry = await ledgerEntry(record.run_id);
      assert.equal(entry.get("state"), "settled", "the tool ran: its price is charged, once");
      assert.equal(entry.get("actual_microusd"), entry.get("estimate_microusd"));
    } finally {
      await slow.server.close();
    }
  });

  it("ends an approved mission that never started as cancelled, with nothing spent", async () => {
    const id = uniqueId("cancel-early");
    const ref = await createApproved({ objective: "What is 2 + 2?", cancel_requested_at: Timestamp.now() }, id);
    const outcome = await runDirect(id);
    assert.equal(outcome.kind, "cancelled");
    const data = (await ref.get()).data();
    assert.equal(data?.status, "cancelled");
    assert.match(data?.execution_record.cancellation.kept, /before it started; nothing was run, spent or published/);
    assert.equal(await count("artifacts", id), 0);
  });

  it("changes nothing when a finished mission's cancellation arrives late", async () => {
    const id = uniqueId("cancel-late");
    const ref = await createApproved({ objective: "What is 3 + 3?" }, id);
    assert.equal((await runDirect(id)).kind, "completed");
    const before = (await ref.get()).get("execution_record");
    await ref.update({ cancel_requested_at: Timestamp.now() });
    const again = await runDirect(id);
    assert.deepEqual(again, { kind: "skipped", reason: 'status is "completed", not "approved"' });
    assert.equal((await ref.get()).get("status"), "completed");
    assert.deepEqual((await ref.get()).get("execution_record"), before);
  });
});
