import assert from "node:assert/strict";
import { OBJECTIVE_PREVIEW_CHARS, SUMMARY_PREVIEW_CHARS } from "../../functions/src/analytics/views";
import type { AnalyticsResponse } from "../../functions/src/analytics/schema";
import { db, uniqueId } from "../helpers/emulator";
import { executingMission, finishedMission } from "../analytics/seed";
import { bearer, functionUrl, hostingUrl, idTokenFor, readEventStream } from "./helpers";

/**
 * The Admin SDK can write what the rules refuse: a 1 MB objective, a 500 KB summary. What
 * the API returns must stay small anyway; the whiteboard polls `/api/analytics/all` every 5 s.
 */
describe("HTTP API: responses stay small whatever the documents hold (emulator)", function () {
  this.timeout(60_000);
  const owner = uniqueId("hoarder");
  const running = uniqueId("huge-running");
  const done = uniqueId("huge-done");
  let token: string;

  before(async () => {
    const missions = db().collection("missions");
    await missions
      .doc(running)
      .set(executingMission(running, owner, { step: "tool_execution", objective: "o".repeat(1_000_000) }));
    const finished = finishedMission(done, owner);
    await missions.doc(done).set({
      ...finished,
      objective: "😀".repeat(100_000),
      execution_record: { ...(finished.execution_record as object), result_summary: "s".repeat(500_000) },
    });
    token = await idTokenFor(owner);
  });

  it("answers /api/analytics/all in a few KB, with previews marked as cut", async () => {
    const response = await fetch(hostingUrl("/api/analytics/all"), { headers: bearer(token) });
    const text = await response.text();
    assert.equal(response.status, 200, text.slice(0, 200));
    assert.ok(text.length < 16_000, `${text.length} characters`);
    const body = JSON.parse(text) as AnalyticsResponse;
    const agent = body.live_agents.find((entry) => entry.id === running);
    assert.equal(agent?.objective.length, OBJECTIVE_PREVIEW_CHARS);
    assert.ok(agent?.objective.endsWith("…"));
    const entry = body.task_pipeline.find((candidate) => candidate.id === done);
    assert.ok(entry, "the finished mission is in the pipeline");
    assert.ok(entry.objective.length <= OBJECTIVE_PREVIEW_CHARS && entry.objective.endsWith("…"));
    assert.ok(!entry.objective.includes("\uFFFD") && /^(😀)+…$/u.test(entry.objective), "an emoji was cut in half");
    assert.equal(entry.result_summary?.length, SUMMARY_PREVIEW_CHARS);
  });

  it("keeps the past-step list and the progress stream small too", async () => {
    const list = await fetch(hostingUrl("/api/missions?past_step=verification"), { headers: bearer(token) });
    const text = await list.text();
    assert.equal(list.status, 200);
    assert.ok(text.length < 4_000, `${text.length} characters`);
    const stream = await fetch(functionUrl(`/missions/${done}/progress`), { headers: bearer(token) });
    const events = await readEventStream(stream, { timeoutMs: 10_000, what: "the finished mission's progress stream" });
    assert.deepEqual(
      events.map((event) => event.event),
      ["progress", "end"],
    );
    assert.ok(JSON.stringify(events).length < 4_000, `${JSON.stringify(events).length} characters`);
  });
});
