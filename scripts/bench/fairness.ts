/**
 * Per-person fairness (issue 21): 10 people approve 50 missions each, one person's burst after
 * another, on a deployment that runs WORKERS trigger invocations at once (its instances). The
 * invocations take the events in order, in process against the emulator's Firestore. Without
 * a per-person limit the last person's first mission waits behind everyone's whole burst; with
 * USER_MAX_RUNNING, an approval beyond its owner's limit is a short claim that queues it, so
 * every person's first mission starts within the first events, and a promotion is an event at
 * the back. Measured: each person's first completed mission, from the moment of the approvals.
 *
 * Two kinds of mission: a calculate (its run is about as short as the claim that queues it, so
 * a limit can only add work) and a web_extract of one page from a loopback shop answering in
 * PAGE_MS (a mission with real work in it, as most paid missions are). MC_BENCH_FAIRNESS_KINDS
 * picks them ("extract,calculate" by default).
 */
import type { Timestamp } from "firebase-admin/firestore";
import { asPipelineError } from "../../functions/src/errors";
import { executeMission, type MissionOutcome } from "../../functions/src/pipeline/run/executeMission";
import { countingShop } from "../../test/helpers/countingShop";
import { db, uniqueId } from "../../test/helpers/emulator";
import { useEmulatorParams } from "../../test/helpers/params";
import { pipelineDeps } from "../../test/helpers/pipeline";
import { withTriggersOff } from "./measure";
import { ms, type Scenario } from "./scenario";
import { median } from "./stats";

const OWNERS = 10;
const EACH = 50;
const WORKERS = 10;
const LIMIT = 3;
/** How long the loopback shop takes to answer a page for the web_extract missions. */
const PAGE_MS = 500;
const KINDS = (process.env.MC_BENCH_FAIRNESS_KINDS ?? "extract,calculate").split(",").map((kind) => kind.trim());

/** What each mission does: its objective and plan, given its index in its owner's burst. */
type MissionOf = (index: number) => Record<string, unknown>;

const calculateMission: MissionOf = (index) => ({ objective: `What is ${index} * 9?` });
const extractMission =
  (shopUrl: string): MissionOf =>
  () => ({
    objective: `List the products at ${shopUrl}/catalog`,
    plan: { tool: "web_extract", input: { url: `${shopUrl}/catalog`, target: 5 } },
  });

interface FairnessRun {
  kind: string;
  limit: number;
  firstDoneMs: number[];
  allDoneMs: number;
  queued: number;
  redelivered: number;
}

async function approveAll(owners: readonly string[], missionOf: MissionOf): Promise<string[]> {
  const ids: string[] = [];
  for (const owner of owners) {
    const batch = db().batch();
    for (let index = 0; index < EACH; index += 1) {
      const ref = db().collection("missions").doc(uniqueId("fair"));
      ids.push(ref.id);
      batch.set(ref, {
        owner_uid: owner,
        ...missionOf(index),
        status: "approved",
        created_at: new Date(),
      });
    }
    await batch.commit();
  }
  return ids;
}

async function runWithLimit(kind: string, missionOf: MissionOf, limit: number): Promise<FairnessRun> {
  const owners = Array.from({ length: OWNERS }, () => uniqueId("fair-owner"));
  const ids = await approveAll(owners, missionOf);
  const deps = pipelineDeps({ config: { userMaxRunning: limit } });
  const events: string[] = [...ids]; // the approvals' trigger events, in the order they were written
  const firstDone = new Map<string, number>();
  const status = new Map<string, string>();
  let queued = 0;
  let redelivered = 0;
  let ended = 0;
  const started = performance.now();
  let wake: () => void = () => undefined;
  const finished = new Promise<void>((resolve, reject) => {
    const stop = db()
      .collection("missions")
      .where("owner_uid", "in", owners)
      .onSnapshot(
        (snapshot) => {
          for (const change of snapshot.docChanges()) {
            const now = change.doc.get("status") as string;
            // A listener may see queued → approved as one change: a promotion is told by its time.
            const promotedAt = change.doc.get("execution_record.queue.promoted_at") as Timestamp | undefined;
            const state = `${now} ${promotedAt?.toMillis() ?? ""}`;
            const before = status.get(change.doc.id);
            status.set(change.doc.id, state);
            if (state === before) continue;
            if (now === "queued") queued += 1;
            // A promotion fires the trigger again: its event joins the back of the line.
            if (now === "approved" && promotedAt) {
              events.push(change.doc.id);
              wake();
            }
            if (before?.startsWith(now)) continue;
            if (now === "completed" || now === "failed" || now === "cancelled") {
              ended += 1;
              const owner = String(change.doc.get("owner_uid"));
              if (!firstDone.has(owner)) firstDone.set(owner, performance.now() - started);
            }
          }
          if (ended === ids.length) {
            stop();
            resolve();
          }
        },
        (error) => reject(error),
      );
  });
  let done = false;
  void finished.then(() => {
    done = true;
    wake();
  });
  const outcomes: MissionOutcome[] = [];
  const worker = async () => {
    while (!done) {
      const id = events.shift();
      if (id === undefined) {
        await new Promise<void>((resolve) => {
          wake = resolve;
          setTimeout(resolve, 200);
        });
        continue;
      }
      try {
        outcomes.push(await executeMission(id, deps));
      } catch (error) {
        // A retryable failure (contention) is delivered again by the platform: here, at the back.
        if (!asPipelineError(error).retryable) throw error;
        redelivered += 1;
        events.push(id);
      }
    }
  };
  await Promise.all([finished, ...Array.from({ length: WORKERS }, worker)]);
  const failed = outcomes.filter((outcome) => outcome.kind === "failed" || outcome.kind === "cancelled");
  if (failed.length > 0)
    throw new Error(`fairness (${kind}, limit ${limit}): ${failed.length} missions did not complete`);
  return {
    kind,
    limit,
    firstDoneMs: owners.map((owner) => firstDone.get(owner) ?? Number.NaN),
    allDoneMs: performance.now() - started,
    queued,
    redelivered,
  };
}

export const fairness: Scenario = {
  name: "fairness",
  async run() {
    useEmulatorParams(); // loopback fetches, as the emulator's functions have them
    const shop = await countingShop(PAGE_MS);
    const runs: FairnessRun[] = [];
    try {
      for (const kind of KINDS) {
        const missionOf = kind === "extract" ? extractMission(shop.server.url) : calculateMission;
        for (const limit of [0, LIMIT]) runs.push(await withTriggersOff(() => runWithLimit(kind, missionOf, limit)));
      }
    } finally {
      await shop.server.close();
    }
    const label = (kind: string) =>
      kind === "extract" ? `web_extract, one page answered in ${ms(PAGE_MS)}` : "calculate";
    return {
      tables: [
        {
          title: `Fairness: ${OWNERS} people × ${EACH} missions, approved one person after another, ${WORKERS} invocations at once (in process)`,
          head: [
            "missions",
            "USER_MAX_RUNNING",
            "first mission done: median",
            "max",
            "all done",
            "times queued",
            "redelivered",
          ],
          rows: runs.map((run) => [
            label(run.kind),
            run.limit === 0 ? "0 (no per-person limit)" : run.limit,
            ms(median(run.firstDoneMs)),
            ms(Math.max(...run.firstDoneMs)),
            ms(run.allDoneMs),
            run.queued,
            run.redelivered,
          ]),
          notes: [
            "First mission done: from the approvals to each person's first completed mission.",
            "Without the limit, the invocations work through the events in order, so the last person waits for the 450 missions ahead.",
            "With it, the claims of a person's 4th to 50th approvals only queue them, and promotions go to the back of the line.",
            "Redelivered: events whose run threw a retryable error (contention), put back at the end of the line as the platform redelivers them.",
          ],
        },
      ],
      figures: { runs },
    };
  },
};
