/**
 * Measures GET /api/analytics/all at 100 and at 10,000 missions on the emulator suite:
 * document reads (computed from the queries the handler issues: a query bills one read per
 * document returned, an aggregation one per 1000 index entries matched, a get one per
 * document) and median latency, both in process (the queries alone) and over HTTP through
 * the Hosting rewrite (auth included). For contrast it also times reading every mission.
 *
 *   MC_BENCH_ONLY=analytics npm run bench
 */
import type { Firestore, WriteBatch } from "firebase-admin/firestore";
import { ms, ratio, type Cell, type Scenario } from "./scenario";
import { median } from "./stats";
import { recordMissionFinished } from "../../functions/src/analytics/aggregateWrites";
import type { Scope } from "../../functions/src/analytics/queries";
import { QueryLog } from "../../functions/src/analytics/queryLog";
import { loadAnalytics } from "../../functions/src/analytics/report";
import { executingMission, finishedFacts, finishedMission, writeInBatches } from "../../test/analytics/seed";
import { db } from "../../test/helpers/emulator";
import { bearer, hostingUrl, idTokenFor } from "../../test/http/helpers";

const OWNER = "bench-owner";
const SIZES = [100, 10_000];
const RUNS = 15;
const WARMUP = 3;
const RECORD_CONCURRENCY = 64;

interface Measurement {
  missions: number;
  scope: string;
  reads: number;
  inProcessMs: number;
  httpMs: number;
  /** Median time of each read of the request (they run in parallel). */
  perRead: Record<string, number>;
}

/** Missions n0..n1-1: a few in flight (a constant 5 executing), the rest finished, drafts and cancellations. */
async function seed(store: Firestore, from: number, to: number): Promise<void> {
  const now = Date.now();
  const writes: ((batch: WriteBatch) => void)[] = [];
  const finished: ReturnType<typeof finishedFacts>[] = [];
  for (let i = from; i < to; i += 1) {
    const id = `bench-${String(i).padStart(6, "0")}`;
    const ref = store.collection("missions").doc(id);
    const finishedAtMs = now - (to - i) * 1000;
    if (i < 5) {
      writes.push((batch) => batch.set(ref, executingMission(id, OWNER, { startedAtMs: now - 5000 })));
    } else if (i % 33 === 0) {
      writes.push((batch) => batch.set(ref, { owner_uid: OWNER, objective: `draft ${i}`, status: "draft" }));
    } else if (i % 101 === 0) {
      writes.push((batch) => batch.set(ref, { owner_uid: OWNER, objective: `cancelled ${i}`, status: "cancelled" }));
    } else {
      const outcome = i % 10 === 7 ? "failed" : "completed";
      writes.push((batch) => batch.set(ref, finishedMission(id, OWNER, { outcome, finishedAtMs })));
      finished.push(
        finishedFacts(id, OWNER, { outcome, finishedAtMs, tool: i % 3 === 0 ? "web_extract" : "calculate" }),
      );
    }
  }
  await writeInBatches(store, writes);
  // The aggregates exactly as the pipeline maintains them, through the same function.
  for (let i = 0; i < finished.length; i += RECORD_CONCURRENCY) {
    await Promise.all(finished.slice(i, i + RECORD_CONCURRENCY).map((facts) => recordMissionFinished(store, facts)));
  }
}

async function measure(store: Firestore, missions: number, scope: Scope, token: string): Promise<Measurement> {
  const log = new QueryLog();
  await loadAnalytics(store, scope, { log });
  const inProcess: number[] = [];
  const http: number[] = [];
  const perRead: Record<string, number[]> = {};
  for (let run = 0; run < WARMUP + RUNS; run += 1) {
    let started = performance.now();
    const runLog = new QueryLog();
    await loadAnalytics(store, scope, { log: runLog });
    if (run >= WARMUP) {
      inProcess.push(performance.now() - started);
      for (const entry of runLog.entries) (perRead[entry.name] ??= []).push(entry.ms);
    }
    started = performance.now();
    const response = await fetch(hostingUrl("/api/analytics/all"), { headers: bearer(token) });
    if (!response.ok) throw new Error(`analytics answered ${response.status}: ${await response.text()}`);
    await response.json();
    if (run >= WARMUP) http.push(performance.now() - started);
  }
  return {
    missions,
    scope: scope.kind === "all" ? "admin (all)" : "owner",
    reads: log.billedReads,
    inProcessMs: median(inProcess),
    httpMs: median(http),
    perRead: Object.fromEntries(Object.entries(perRead).map(([name, values]) => [name, median(values)])),
  };
}

async function naiveFullRead(store: Firestore): Promise<{ reads: number; ms: number }> {
  const started = performance.now();
  const snapshot = await store.collection("missions").get();
  return { reads: snapshot.size, ms: performance.now() - started };
}

/** Analytics request cost at 100 and 10,000 missions (seeds the suite; run it last). */
export const analytics: Scenario = {
  name: "analytics",
  async run() {
    const store = db();
    const adminToken = await idTokenFor("bench-admin", { admin: true });
    const ownerToken = await idTokenFor(OWNER);
    const results: Measurement[] = [];
    const naive: Record<number, { reads: number; ms: number }> = {};
    let seeded = 0;
    for (const size of SIZES) {
      await seed(store, seeded, size);
      seeded = size;
      results.push(await measure(store, size, { kind: "all" }, adminToken));
      results.push(await measure(store, size, { kind: "owner", uid: OWNER }, ownerToken));
      naive[size] = await naiveFullRead(store);
    }

    const rows: Cell[][] = results.map((r) => [r.missions, r.scope, r.reads, ms(r.inProcessMs, 1), ms(r.httpMs, 1)]);
    const [small, large] = SIZES as [number, number];
    for (const scope of ["admin (all)", "owner"]) {
      const a = results.find((r) => r.missions === small && r.scope === scope);
      const b = results.find((r) => r.missions === large && r.scope === scope);
      if (a && b) {
        rows.push([
          `ratio ${large}/${small}`,
          scope,
          ratio(b.reads / a.reads),
          ratio(b.inProcessMs / a.inProcessMs),
          ratio(b.httpMs / a.httpMs),
        ]);
      }
    }
    const names = Object.keys(results[0]?.perRead ?? {}).sort();
    return {
      tables: [
        {
          title: "GET /api/analytics/all at 100 and 10,000 missions",
          head: ["missions", "scope", "reads", "median in process", "median HTTP (Hosting → function)"],
          rows,
          notes: SIZES.map(
            (size) =>
              `For contrast, reading every mission at ${size}: ${naive[size]?.reads} reads, ${naive[size]?.ms.toFixed(1)} ms.`,
          ),
        },
        {
          title: "Median time of each read inside the request (in process; they run in parallel)",
          head: ["missions", "scope", ...names],
          rows: results.map((r) => [r.missions, r.scope, ...names.map((name) => (r.perRead[name] ?? 0).toFixed(1))]),
        },
      ],
      figures: { results, naive },
    };
  },
};
