import assert from "node:assert/strict";
import { Timestamp, type DocumentData, type DocumentReference } from "firebase-admin/firestore";
import { maxOverlap } from "../../scripts/bench/stats";
import { loadPipelineConfig } from "../../functions/src/config";
import { USER_SLOTS, refillSlots } from "../../functions/src/queue/userSlots";
import { sweepStaleMissions } from "../../functions/src/triggers/sweeper";
import { db, isTerminalSnapshot, sleep, uniqueId, waitFor, waitForTerminal } from "../helpers/emulator";
import { driveOwners } from "../helpers/ownerDriver";
import { withoutTriggers } from "../helpers/triggers";
import { killWorker, startWorker } from "../helpers/worker";

/**
 * Per-person concurrency (issue 21, queue/userSlots.ts) against the emulator's Firestore, with
 * real transactions racing: the pipeline runs in this process, started for every approval and
 * promotion by the trigger's own handler (helpers/ownerDriver.ts), so several runs of one
 * owner really overlap, which the one-at-a-time Functions emulator would not show.
 */

/** Writes `count` missions of `owner` in one batch, each with the fields `fieldsOf(index)` adds. */
async function writeMissions(
  owner: string,
  count: number,
  prefix: string,
  fieldsOf: (index: number) => DocumentData,
): Promise<DocumentReference[]> {
  const batch = db().batch();
  const refs = Array.from({ length: count }, (_, index) =>
    db()
      .collection("missions")
      .doc(uniqueId(`${prefix}${index}`)),
  );
  refs.forEach((ref, index) =>
    batch.set(ref, { owner_uid: owner, objective: `What is ${index + 2} * 3?`, ...fieldsOf(index) }),
  );
  await batch.commit();
  return refs;
}

function approve(owner: string, count: number, prefix: string): Promise<DocumentReference[]> {
  return writeMissions(owner, count, prefix, () => ({ status: "approved", created_at: new Date() }));
}

/** `count` missions of `owner` waiting in the queue, oldest first (as a claim that found no slot leaves them). */
function queue(owner: string, count: number): Promise<DocumentReference[]> {
  const start = Date.now() - 60_000;
  return writeMissions(owner, count, "queued-", (index) => ({
    status: "queued",
    created_at: new Date(start),
    execution_record: { queue: { place: index + 1, queued_at: Timestamp.fromMillis(start + index * 1_000) } },
  }));
}

async function slotsOf(owner: string): Promise<string[]> {
  return ((await db().collection(USER_SLOTS).doc(owner).get()).get("running") as string[] | undefined) ?? [];
}

/** The most runs whose [claimed, finished] intervals overlap (both decided inside the commits that bound them). */
function maxRunning(records: DocumentData[]): number {
  return maxOverlap(
    records.map((record) => ({
      start: (record.attempt_started_at as Timestamp).toMillis(),
      end: (record.finished_at as Timestamp).toMillis(),
    })),
  );
}

/** `execution_record.queue` as the backend writes it (queue/userSlots.ts). */
interface QueueEntry {
  place: number;
  queued_at: Timestamp;
  promoted_at?: Timestamp;
}

/** A gate the runs wait at (before their tool runs) until the test opens it. */
function gate(): { wait: () => Promise<void>; open: () => void } {
  let open: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { wait: () => opened, open: () => open() };
}

async function settled<T>(runs: Promise<T>[]): Promise<void> {
  const outcomes = await Promise.allSettled(runs);
  const failures = outcomes.filter((outcome) => outcome.status === "rejected");
  assert.equal(failures.length, 0, `a run threw: ${JSON.stringify(failures.slice(0, 2))}`);
}

describe("per-person concurrency: USER_MAX_RUNNING and the queue", function () {
  this.timeout(240_000);
  withoutTriggers();

  it("never runs more than the limit of one person, starts another person's first mission at once, and works the queue oldest first", async () => {
    const limit = 3;
    const [busy, other] = [uniqueId("busy"), uniqueId("other")];
    const driver = driveOwners([busy, other], {
      userMaxRunning: limit,
      // Long enough for runs of one person to overlap.
      hooks: { beforeStep: (step) => (step === "tool_execution" ? sleep(300) : undefined) },
    });
    try {
      const many = await approve(busy, 20, "busy-");
      const first = await approve(other, 1, "other-");
      const all = [...many, ...first];
      const done = await Promise.all(all.map((ref) => waitForTerminal(ref, 200_000)));
      await settled(driver.runs);

      for (const [index, data] of done.entries())
        assert.equal(data.status, "completed", `${all[index]?.id}: ${JSON.stringify(data.execution_record?.error)}`);
      const busyRecords = done.slice(0, 20).map((data) => data.execution_record as DocumentData);
      assert.equal(maxRunning(busyRecords), limit, "the busy person's runs overlapped up to the limit, never beyond");
      assert.ok(
        (driver.maxExecuting.get(busy) ?? 0) <= limit,
        `a listener saw ${driver.maxExecuting.get(busy)} running`,
      );

      // Claim order, from the claims' own times: the other person's first mission is among the first limit + 1.
      const claims = all
        .map((ref, index) => ({
          id: ref.id,
          at: (done[index]?.execution_record.attempt_started_at as Timestamp).toMillis(),
        }))
        .sort((a, b) => a.at - b.at);
      const otherPlace = claims.findIndex((claim) => claim.id === first[0]?.id);
      assert.ok(otherPlace >= 0 && otherPlace <= limit, `the other person's mission was claim ${otherPlace + 1}`);

      // The queue: approvals that found every slot taken waited, each with a place, and left it
      // oldest first. (How many: those whose claim came while 3 ran; a claim retried after
      // contention may come when a slot is free again.)
      const queued = busyRecords.flatMap((record) => (record.queue ? [record.queue as QueueEntry] : []));
      assert.ok(queued.length >= 1 && queued.length <= 20 - limit, `${queued.length} waited in the queue`);
      for (const entry of queued) {
        assert.ok(Number.isInteger(entry.place) && entry.place >= 1 && entry.place <= 20 - limit);
        assert.ok(entry.promoted_at instanceof Timestamp, "promoted when a slot freed");
      }
      const byPromotion = [...queued].sort(
        (a, b) =>
          (a.promoted_at?.toMillis() ?? 0) - (b.promoted_at?.toMillis() ?? 0) ||
          a.queued_at.toMillis() - b.queued_at.toMillis(),
      );
      const queuedAt = byPromotion.map((entry) => entry.queued_at.toMillis());
      assert.deepEqual(
        queuedAt,
        [...queuedAt].sort((a, b) => a - b),
        "promoted in the order they were queued",
      );
      assert.deepEqual(await slotsOf(busy), [], "every slot freed");
      assert.deepEqual(await slotsOf(other), []);
    } finally {
      driver.stop();
    }
  });

  it("is exact when claims race: 12 approvals of one person at once, limit 2 → 2 claimed, 10 queued", async () => {
    const owner = uniqueId("racer");
    const held = gate();
    const driver = driveOwners([owner], {
      userMaxRunning: 2,
      hooks: { beforeStep: (step) => (step === "tool_execution" ? held.wait() : undefined) },
    });
    try {
      const refs = await approve(owner, 12, "race-");
      // Decided: every claim made (executing or queued), or a mission ended, which no later
      // change can undo (reported with its error rather than waited out).
      const decided = await waitFor(
        "12 claims decided: 2 executing, 10 queued",
        async (note) => {
          const docs = await Promise.all(refs.map((ref) => ref.get()));
          const counts = { executing: 0, queued: 0 };
          const others: Record<string, string> = {};
          let ended = false;
          for (const doc of docs) {
            const status = doc.get("status") as string;
            if (status === "executing" || status === "queued") counts[status] += 1;
            else others[doc.id] = `${status} ${JSON.stringify(doc.get("execution_record.error") ?? null)}`;
            ended ||= isTerminalSnapshot(doc);
          }
          note({ ...counts, others, deliveryErrors: driver.errors.slice(-3) });
          return counts.executing + counts.queued === 12 || ended ? { ...counts, others } : undefined;
        },
        // Generous: claims decide in under 3 s alone, but once took over 60 s in a full suite
        // (the emulator's lock waits, see budget.test.ts).
        { timeoutMs: 120_000 },
      );
      assert.deepEqual(decided, { executing: 2, queued: 10, others: {} });
      assert.equal((await slotsOf(owner)).length, 2);
      held.open();
      const done = await Promise.all(refs.map((ref) => waitForTerminal(ref, 120_000)));
      await settled(driver.runs);
      assert.deepEqual(new Set(done.map((data) => String(data.status))), new Set(["completed"]));
      assert.equal(maxRunning(done.map((data) => data.execution_record as DocumentData)), 2);
      assert.deepEqual(await slotsOf(owner), []);
    } finally {
      held.open();
      driver.stop();
    }
  });

  it("cancels a queued mission like an approved one: it ends cancelled, told to its owner, and takes no slot", async () => {
    const owner = uniqueId("canceller");
    const held = gate();
    const driver = driveOwners([owner], {
      userMaxRunning: 1,
      hooks: { beforeStep: (step) => (step === "tool_execution" ? held.wait() : undefined) },
    });
    try {
      const [running] = await approve(owner, 1, "running-");
      assert.ok(running);
      // Generous: right after the race above, the emulator may still be timing out that test's
      // lock waits (seen once in a full suite: the first claim had not landed after 15 s).
      await waitFor(
        "the first mission to run",
        async () => ((await running.get()).get("status") === "executing" ? true : undefined),
        { timeoutMs: 60_000 },
      );
      const [waiting] = await approve(owner, 1, "waiting-");
      assert.ok(waiting);
      const queued = await waitFor("the second mission to be queued", async () => {
        const doc = await waiting.get();
        return doc.get("status") === "queued" ? doc.data() : undefined;
      });
      assert.equal(queued?.execution_record.queue.place, 1);
      // What the cancel route (http/cancel.ts) and a client (firestore.rules) both write.
      await waiting.update({ cancel_requested_at: Timestamp.now(), updated_at: Timestamp.now() });
      const ended = await waitForTerminal(waiting, 30_000);
      assert.equal(ended.status, "cancelled");
      assert.match(ended.execution_record.result_summary, /cancelled before it started/);
      const inbox = await db().collection("users").doc(owner).collection("inbox").get();
      assert.deepEqual(
        inbox.docs.map((doc) => [String(doc.get("mission_id")), String(doc.get("status"))]),
        [[waiting.id, "cancelled"]],
      );
      assert.deepEqual(await slotsOf(owner), [running.id], "the running mission keeps its slot");
      held.open();
      assert.equal((await waitForTerminal(running, 60_000)).status, "completed");
      await settled(driver.runs);
      assert.deepEqual(await slotsOf(owner), []);
    } finally {
      held.open();
      driver.stop();
    }
  });

  it("is exact when promotions race: 8 refills at once over 6 queued missions, limit 2 → 2 promoted, oldest first", async () => {
    const owner = uniqueId("refiller");
    const queued = await queue(owner, 6);
    const promoted = (await Promise.all(Array.from({ length: 8 }, () => refillSlots(db(), owner, 2)))).flat();
    assert.deepEqual(promoted.sort(), [queued[0]?.id, queued[1]?.id].sort(), "the two oldest, each once");
    assert.deepEqual((await slotsOf(owner)).sort(), [...promoted].sort());
    const statuses = await Promise.all(queued.map(async (ref) => (await ref.get()).get("status") as string));
    assert.deepEqual(statuses, ["approved", "approved", "queued", "queued", "queued", "queued"]);
  });

  it("drops a listed mission that no longer runs when the list fills the limit, and promotes in its place", async () => {
    const owner = uniqueId("leftover");
    const [stillRunning, ended] = [uniqueId("running"), uniqueId("ended")];
    await db().collection("missions").doc(stillRunning).set({ owner_uid: owner, status: "executing" });
    await db().collection("missions").doc(ended).set({ owner_uid: owner, status: "completed" });
    // A slot document that lists a finished mission (its release lost) and one that is gone.
    await db()
      .collection(USER_SLOTS)
      .doc(owner)
      .set({ owner_uid: owner, running: [stillRunning, ended, uniqueId("deleted")] });
    const [next] = await queue(owner, 1);
    assert.deepEqual(await refillSlots(db(), owner, 3), [next?.id]);
    assert.deepEqual(await slotsOf(owner), [stillRunning, next?.id]);
    assert.deepEqual(await refillSlots(db(), owner, 3), [], "nothing left to promote");
  });

  it("frees the slot of a killed worker when its lease is swept, and starts the owner's next mission", async () => {
    const owner = uniqueId("crashed");
    const limitBefore = process.env.USER_MAX_RUNNING;
    process.env.USER_MAX_RUNNING = "1"; // the worker process reads its params from the environment
    try {
      const [victim] = await approve(owner, 1, "victim-");
      assert.ok(victim);
      const worker = startWorker(victim.id, "before:tool_execution");
      await worker.parked;
      await killWorker(worker.child);
      assert.deepEqual(await slotsOf(owner), [victim.id], "the dead worker's run holds the slot");

      const driver = driveOwners([owner], { userMaxRunning: 1 });
      try {
        const [next] = await approve(owner, 1, "next-");
        assert.ok(next);
        await waitFor("the next mission to wait for the slot", async () =>
          (await next.get()).get("status") === "queued" ? true : undefined,
        );
        const lease = (await victim.get()).get("execution_record.lease_expires_at") as Timestamp;
        // One attempt allowed: the sweep ends the dead run (lease_expired) rather than re-queueing it.
        const swept = await sweepStaleMissions({
          db: db(),
          config: loadPipelineConfig({ maxAttempts: 1, userMaxRunning: 1 }),
          now: () => lease.toMillis() + 1,
        });
        // The sweep sees the whole shared database: other suites' stale missions may be failed too.
        assert.ok(swept.failed.includes(victim.id), `the victim is among the failed: ${swept.failed.join(", ")}`);
        assert.equal((await victim.get()).get("execution_record.error.kind"), "lease_expired");
        const done = await waitForTerminal(next, 60_000);
        assert.equal(done.status, "completed", JSON.stringify(done.execution_record?.error));
        assert.ok(done.execution_record.queue.promoted_at instanceof Timestamp);
        await settled(driver.runs);
        assert.deepEqual(await slotsOf(owner), []);
      } finally {
        driver.stop();
      }
    } finally {
      if (limitBefore === undefined) delete process.env.USER_MAX_RUNNING;
      else process.env.USER_MAX_RUNNING = limitBefore;
    }
  });
});
