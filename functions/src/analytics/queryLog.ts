import type { Firestore, QueryDocumentSnapshot } from "firebase-admin/firestore";
import { buildQuery, type QueryDescriptor } from "./queries";

/**
 * What a request read from Firestore, and what that is billed in document reads:
 * - a query returning documents: one read per document returned (at least one);
 * - an aggregation (count): one read per batch of up to 1000 index entries matched (at least one);
 * - a direct get: one read per document asked for, whether it exists or not.
 * The bench and the tests use it; in production nobody passes one and nothing is recorded.
 */
export interface IssuedRead {
  name: string;
  kind: "query" | "count" | "get";
  /** The descriptor, for queries and counts (the index test checks it). */
  descriptor?: QueryDescriptor;
  /** Documents returned, entries counted, or documents asked for. */
  results: number;
  billedReads: number;
  /** How long the read took, start to answer. */
  ms: number;
}

export class QueryLog {
  readonly entries: IssuedRead[] = [];

  record(entry: IssuedRead): void {
    this.entries.push(entry);
  }

  get billedReads(): number {
    return this.entries.reduce((sum, entry) => sum + entry.billedReads, 0);
  }
}

export async function runQuery(
  db: Firestore,
  descriptor: QueryDescriptor,
  log?: QueryLog,
): Promise<QueryDocumentSnapshot[]> {
  const started = performance.now();
  const snapshot = await buildQuery(db, descriptor).get();
  log?.record({
    ms: performance.now() - started,
    name: descriptor.name,
    kind: "query",
    descriptor,
    results: snapshot.size,
    billedReads: Math.max(1, snapshot.size),
  });
  return snapshot.docs;
}

export async function runCount(db: Firestore, descriptor: QueryDescriptor, log?: QueryLog): Promise<number> {
  const started = performance.now();
  const snapshot = await buildQuery(db, descriptor).count().get();
  const count = snapshot.data().count;
  log?.record({
    ms: performance.now() - started,
    name: descriptor.name,
    kind: "count",
    descriptor,
    results: count,
    billedReads: Math.max(1, Math.ceil(count / 1000)),
  });
  return count;
}
