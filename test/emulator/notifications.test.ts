import assert from "node:assert/strict";
import { createHmac, timingSafeEqual } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import { listen, type RunningServer } from "../../scripts/demo/listen";
import { loadNotifyConfig } from "../../functions/src/notify/notifyConfig";
import { sweepNotifications } from "../../functions/src/notify/sweep";
import { deliverNotification } from "../../functions/src/notify/deliver";
import { db, sleep, uniqueId, waitFor, waitForTerminal } from "../helpers/emulator";
import { useEmulatorParams } from "../helpers/params";

interface Received {
  delivery: string;
  signatureValid: boolean;
  body: Record<string, unknown>;
  answered: number;
}

/**
 * A webhook receiver as a customer would write one: it recomputes the signature over the raw
 * body with the shared secret, and answers each delivery id with `answers(n)` for its n-th try.
 */
async function receiver(secret: string, answers: (attempt: number) => number) {
  const received: Received[] = [];
  const server: RunningServer = await listen((request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const raw = Buffer.concat(chunks);
      const delivery = String(request.headers["x-mission-delivery"] ?? "");
      const expected = Buffer.from(`sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`);
      const given = Buffer.from(String(request.headers["x-mission-signature"] ?? ""));
      const signatureValid = expected.length === given.length && timingSafeEqual(expected, given);
      const attempt = received.filter((entry) => entry.delivery === delivery).length + 1;
      const answered = signatureValid ? answers(attempt) : 401;
      received.push({ delivery, signatureValid, body: JSON.parse(raw.toString("utf8")), answered });
      response.writeHead(answered, { "content-type": "text/plain" });
      response.end(answered < 300 ? "ok" : "not now");
    });
  });
  return { server, received };
}

/** A calculate mission (fast, free) approved by its owner the way a client does it. */
async function approveMission(fields: Record<string, unknown>): Promise<string> {
  const ref = db().collection("missions").doc(uniqueId("notify"));
  await ref.set({
    owner_uid: fields.owner_uid ?? uniqueId("owner"),
    objective: "What is 6*7?",
    status: "draft",
    created_at: new Date(),
    updated_at: new Date(),
    plan: { tool: "calculate", input: { expression: "6*7" } },
    ...fields,
  });
  await ref.update({ status: "approved", updated_at: new Date() });
  return ref.id;
}

/** Runs the retry sweep (the scheduled function's body: the emulator does not run schedules) until `done`. */
async function sweepUntil(what: string, done: () => Promise<boolean>): Promise<void> {
  const deps = { db: db(), config: loadNotifyConfig(), now: Date.now };
  await waitFor(
    what,
    async () => {
      await sweepNotifications(deps);
      return (await done()) ? true : undefined;
    },
    { timeoutMs: 20_000, intervalMs: 150 },
  );
}

describe("notifications when a mission ends (emulator, through the trigger)", function () {
  this.timeout(60_000);
  const secret = "demo-webhook-secret"; // functions/.env.local: the emulator's WEBHOOK_SECRET
  before(() => useEmulatorParams());

  it("retries 503s with backoff until one signed delivery is accepted, once per run, every attempt recorded", async () => {
    const hook = await receiver(secret, (attempt) => (attempt <= 2 ? 503 : 200));
    try {
      const owner = uniqueId("owner");
      const missions = [
        await approveMission({ owner_uid: owner, notify_url: `${hook.server.url}/hook` }),
        await approveMission({ owner_uid: owner, notify_url: `${hook.server.url}/hook` }),
      ];
      const runIds: string[] = [];
      for (const missionId of missions) {
        const data = await waitForTerminal(db().collection("missions").doc(missionId));
        assert.equal(data.status, "completed");
        runIds.push(data.execution_record.run_id as string);
      }
      await sweepUntil("both notifications delivered", async () => {
        const docs = await Promise.all(runIds.map((id) => db().collection("notifications").doc(id).get()));
        return docs.every((doc) => doc.get("state") === "delivered");
      });
      // A sweep after delivery sends nothing more.
      await sweepNotifications({ db: db(), config: loadNotifyConfig(), now: Date.now });
      for (const [index, runId] of runIds.entries()) {
        const mine = hook.received.filter((entry) => entry.delivery === runId);
        assert.deepEqual(
          mine.map((entry) => entry.answered),
          [503, 503, 200],
          `run ${runId}: three tries, one accepted`,
        );
        assert.ok(mine.every((entry) => entry.signatureValid));
        assert.deepEqual(mine[2]?.body, {
          mission_id: missions[index],
          run_id: runId,
          status: "completed",
          result_summary: mine[2]?.body.result_summary,
          error: null,
          cost_microusd: 0,
          artifact_reference: `artifacts/${runId}`,
          artifact_link: `/api/artifacts/${runId}`,
        });
        assert.match(String(mine[2]?.body.result_summary), /42/);
        const notification = (await db().collection("notifications").doc(runId).get()).data();
        assert.equal(notification?.attempt_count, 3);
        assert.deepEqual(
          (notification?.attempts as { http_status: number; outcome: string }[]).map((a) => [a.http_status, a.outcome]),
          [
            [503, "retry"],
            [503, "retry"],
            [200, "delivered"],
          ],
        );
        const inbox = await db().collection("users").doc(owner).collection("inbox").doc(runId).get();
        assert.equal(inbox.get("status"), "completed");
        assert.equal(inbox.get("mission_id"), missions[index]);
      }
    } finally {
      await hook.server.close();
    }
  });

  it("does not retry a 400", async () => {
    const hook = await receiver(secret, () => 400);
    try {
      const missionId = await approveMission({ notify_url: `${hook.server.url}/hook` });
      const data = await waitForTerminal(db().collection("missions").doc(missionId));
      const runId = data.execution_record.run_id as string;
      const ref = db().collection("notifications").doc(runId);
      await waitFor("the first attempt to be recorded", async () =>
        (await ref.get()).get("attempt_count") === 1 ? true : undefined,
      );
      await sleep(500); // past the first retry's time, were there one
      await sweepNotifications({ db: db(), config: loadNotifyConfig(), now: Date.now });
      assert.equal(await deliverNotification(runId, { db: db(), config: loadNotifyConfig(), now: Date.now }), null);
      const notification = (await ref.get()).data();
      assert.equal(notification?.state, "failed");
      assert.equal(notification?.attempt_count, 1);
      assert.equal(notification?.attempts[0].outcome, "rejected");
      assert.equal(hook.received.length, 1);
    } finally {
      await hook.server.close();
    }
  });

  it("fails a mission whose notify_url is a private, link-local or plain-http address, and posts nothing", async () => {
    for (const url of ["https://10.0.0.8/hook", "https://169.254.169.254/latest", "http://hooks.example.com/"]) {
      const owner = uniqueId("owner");
      const missionId = await approveMission({ owner_uid: owner, notify_url: url });
      const data = await waitForTerminal(db().collection("missions").doc(missionId));
      assert.equal(data.status, "failed", url);
      assert.equal(data.execution_record.error.step, "verification");
      assert.match(data.execution_record.error.message, /notify_url/);
      const runId = data.execution_record.run_id as string;
      assert.equal((await db().collection("notifications").doc(runId).get()).exists, false, url);
      const inbox = await db().collection("users").doc(owner).collection("inbox").doc(runId).get();
      assert.equal(inbox.get("status"), "failed", "the owner still hears of it in the inbox");
    }
  });
});
