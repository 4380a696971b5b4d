import assert from "node:assert/strict";
import { pipelineEntrySchema, progressEventSchema, liveAgentSchema } from "../../functions/src/analytics/schema";
import { db, uniqueId, createDraft } from "../helpers/emulator";
import { finishedMission } from "../analytics/seed";
import { bearer, functionUrl, idTokenFor, readEventStream, type SseEvent } from "./helpers";
import { startSlowShop } from "./slowShop";

describe("server-sent event streams (emulator)", function () {
  this.timeout(90_000);

  describe("GET /api/missions/{id}/progress", () => {
    it("sends the snapshot at once, then every change, and ends at the terminal status", async () => {
      const owner = uniqueId("sse-owner");
      const token = await idTokenFor(owner);
      const ref = await createDraft({ owner_uid: owner, objective: "What is 15% of 2,340?" });
      const response = await fetch(functionUrl(`/missions/${ref.id}/progress`), {
        headers: { ...bearer(token), Accept: "text/event-stream" },
      });
      assert.equal(response.status, 200);
      assert.match(response.headers.get("content-type") ?? "", /^text\/event-stream/);
      assert.match(response.headers.get("cache-control") ?? "", /no-store/);

      let approved = false;
      const events = await readEventStream(response, {
        timeoutMs: 30_000,
        what: `the progress stream of ${ref.id}`,
        onEvent: async () => {
          // The first event is the draft as it is now; approving it starts the run.
          if (!approved) {
            approved = true;
            await ref.update({ status: "approved", approved_at: new Date() });
          }
        },
      });

      const progress = events
        .filter((event) => event.event === "progress")
        .map((event) => progressEventSchema.parse(event.data));
      assert.equal(progress[0]?.status, "draft");
      assert.equal(progress[0]?.progress_percent, 0);
      // A calculation's claim rides on its result (one write), so it shows no `executing`:
      // the stream goes draft → approved → completed, each status in the pipeline's order.
      const order = ["draft", "approved", "executing", "completed"];
      const statuses = progress.map((event) => order.indexOf(event.status));
      assert.ok(!statuses.includes(-1), `an unexpected status in ${JSON.stringify(progress.map((e) => e.status))}`);
      assert.deepEqual(
        statuses,
        [...statuses].sort((a, b) => a - b),
        "statuses in the pipeline's order",
      );
      const last = progress.at(-1);
      assert.equal(last?.status, "completed");
      assert.equal(last?.progress_percent, 100);
      assert.equal(last?.label, "Execution: 100% | Complete");
      assert.equal(last?.completed_step_names.length, 7);
      assert.match(last?.artifact?.url ?? "", /^\/api\/artifacts\//);
      const percents = progress.map((event) => event.progress_percent);
      assert.deepEqual(
        percents,
        [...percents].sort((a, b) => a - b),
        "progress never goes backwards",
      );
      assert.deepEqual(events.at(-1), { event: "end", data: { mission_id: ref.id, status: "completed" } });
      assert.equal(events.filter((event) => event.event === "end").length, 1);
    });

    it("shows a cancellation: the run stops, the stream ends cancelled, the label says so", async () => {
      const owner = uniqueId("sse-cancel");
      const token = await idTokenFor(owner);
      const shop = await startSlowShop(400);
      try {
        const url = shop.url;
        const ref = await createDraft({
          owner_uid: owner,
          objective: `extract the products from ${url}`,
          plan: { tool: "web_extract", input: { url } },
        });
        const response = await fetch(functionUrl(`/missions/${ref.id}/progress`), {
          headers: { ...bearer(token), Accept: "text/event-stream" },
        });
        let approved = false;
        let cancelled = false;
        const events = await readEventStream(response, {
          timeoutMs: 45_000,
          what: `the progress stream of the cancelled mission ${ref.id}`,
          onEvent: async (event: SseEvent) => {
            if (!approved) {
              approved = true;
              await ref.update({ status: "approved", approved_at: new Date() });
              return;
            }
            const data = event.event === "progress" ? progressEventSchema.parse(event.data) : null;
            if (!cancelled && data?.status === "executing") {
              cancelled = true;
              await ref.update({ cancel_requested_at: new Date() });
            }
          },
        });
        const last = events
          .filter((event) => event.event === "progress")
          .map((e) => progressEventSchema.parse(e.data))
          .at(-1);
        assert.equal(last?.status, "cancelled");
        assert.match(last?.label ?? "", /\| Cancelled$/);
        assert.deepEqual(events.at(-1), { event: "end", data: { mission_id: ref.id, status: "cancelled" } });
      } finally {
        await shop.close();
      }
    });

    it("streams a finished mission to an admin as one snapshot and the end", async () => {
      const id = uniqueId("sse-done");
      await db()
        .collection("missions")
        .doc(id)
        .set(finishedMission(id, uniqueId("someone")));
      const response = await fetch(functionUrl(`/missions/${id}/progress`), {
        headers: bearer(await idTokenFor(uniqueId("admin"), { admin: true })),
      });
      const events = await readEventStream(response, { timeoutMs: 10_000, what: `the stream of ${id}` });
      assert.deepEqual(
        events.map((event) => event.event),
        ["progress", "end"],
      );
      assert.equal(progressEventSchema.parse(events[0]?.data).status, "completed");
    });

    it("answers another user with 404 and no stream, whether or not the mission exists", async () => {
      const id = uniqueId("sse-private");
      await db()
        .collection("missions")
        .doc(id)
        .set(finishedMission(id, uniqueId("owner")));
      const stranger = bearer(await idTokenFor(uniqueId("stranger")));
      for (const missionId of [id, uniqueId("sse-missing")]) {
        const response = await fetch(functionUrl(`/missions/${missionId}/progress`), { headers: stranger });
        assert.equal(response.status, 404);
        assert.match(response.headers.get("content-type") ?? "", /application\/json/);
        assert.equal(((await response.json()) as { error: { code: string } }).error.code, "not_found");
      }
    });
  });

  describe("GET /api/analytics/live", () => {
    it("pushes the live agents as they change and a `finished` entry when a mission completes", async () => {
      const shop = await startSlowShop(300);
      try {
        const owner = uniqueId("live-owner");
        const ref = await createDraft({ owner_uid: owner, objective: `Extract the product names from ${shop.url}` });
        const abort = new AbortController();
        const response = await fetch(functionUrl("/analytics/live"), {
          headers: bearer(await idTokenFor(owner)),
          signal: abort.signal,
        });
        assert.equal(response.status, 200);
        const seen: SseEvent[] = [];
        await readEventStream(response, {
          timeoutMs: 45_000,
          what: `the live stream to report ${ref.id} finished`,
          onEvent: async (event) => {
            seen.push(event);
            if (seen.length === 1) await ref.update({ status: "approved", approved_at: new Date() });
            if (event.event === "finished") abort.abort();
          },
        }).catch((error: unknown) => {
          if (!abort.signal.aborted) throw error;
        });

        const lists = seen
          .filter((event) => event.event === "live_agents")
          .map((event) => liveAgentSchema.array().parse((event.data as { live_agents: unknown }).live_agents));
        assert.deepEqual(lists[0], [], "nothing of this owner's runs at first");
        const mine = lists.flat().filter((agent) => agent.id === ref.id);
        assert.ok(mine.length >= 2, `the run was reported while executing (${mine.length} times)`);
        assert.ok(
          mine.some((agent) => agent.progress_percent < 50),
          "seen below 50 %",
        );
        for (const agent of mine) assert.match(agent.label, /^Execution: \d+% \| /);
        const finished = pipelineEntrySchema.parse(seen.at(-1)?.data);
        assert.equal(seen.at(-1)?.event, "finished");
        assert.equal(finished.id, ref.id);
        assert.equal(finished.status_label, "Complete");
        assert.equal(finished.completion_percent, 100);
        assert.equal(finished.tool_used, "web_extract");
      } finally {
        await shop.close();
      }
    });
  });
});
