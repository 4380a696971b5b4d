/**
 * Counts the Firestore operations this process makes, per collection, by reading the Firestore
 * client's own request log (setLogFunction, a public API of the Admin SDK): every RPC it sends
 * is logged with its request, every response with its payload. From those:
 *  - a write is one entry of a commit's `writes` (set, update, create, delete; a transform
 *    inside an update is part of that write), attributed to the document's collection;
 *  - a read is one document returned by a get (batchGetDocuments `found`) or a query
 *    (runQuery `document`); a get of a missing document is counted apart (`missing`);
 *  - an aggregation (count()) is counted as one query;
 *  - each RPC's time, from its request to its first response, by kind ("commit", "get", ...).
 * Counting runs only while a mission runs in process, with no listener open in this process.
 */
import { setLogFunction } from "firebase-admin/firestore";
import * as z from "zod";

export interface OpCounts {
  reads: Record<string, number>;
  missing: Record<string, number>;
  writes: Record<string, number>;
  queries: Record<string, number>;
  /** RPCs by kind, with the milliseconds each took (request to first response). */
  rpcs: Record<string, number[]>;
}

const LINE =
  /^Firestore \([^)]*\) \S+ (\S+) \[Firestore\.(request|requestStream)\]: (Sending request|Received response): (.*)$/s;

const docName = z.string();
const request = z.looseObject({
  writes: z
    .array(
      z.looseObject({
        update: z.looseObject({ name: docName }).optional(),
        delete: docName.optional(),
        updateMask: z.looseObject({ fieldPaths: z.array(z.string()) }).optional(),
      }),
    )
    .optional(),
  documents: z.array(docName).optional(),
  structuredQuery: z.looseObject({ from: z.array(z.looseObject({ collectionId: z.string() })).optional() }).optional(),
  structuredAggregationQuery: z.unknown().optional(),
  transaction: z.unknown().optional(),
  options: z.unknown().optional(),
});
const response = z.looseObject({
  found: z.looseObject({ name: docName }).optional(),
  missing: docName.optional(),
  document: z.looseObject({ name: docName }).optional(),
});

/** `projects/p/databases/d/documents/budget_ledger/2026-11-24/entries/x` → `budget_ledger/*\/entries`. */
export function collectionOf(name: string): string {
  const path = name.split("/documents/")[1] ?? name;
  const segments = path.split("/");
  return segments
    .slice(0, -1)
    .map((segment, index) => (index % 2 === 0 ? segment : "*"))
    .join("/");
}

function kindOf(parsed: z.infer<typeof request>): string {
  if (parsed.writes) return "commit";
  if (parsed.documents) return "get";
  if (parsed.structuredQuery) return "query";
  if (parsed.structuredAggregationQuery) return "aggregation";
  if (parsed.options !== undefined) return "beginTransaction";
  if (parsed.transaction !== undefined) return "rollback";
  return "other";
}

function bump(counts: Record<string, number>, key: string, by = 1): void {
  counts[key] = (counts[key] ?? 0) + by;
}

export class OpCounter {
  readonly counts: OpCounts = { reads: {}, missing: {}, writes: {}, queries: {}, rpcs: {} };
  /** The field paths of each update, in commit order (a set of a whole document has none). */
  readonly updateMasks: { collection: string; fieldPaths: string[] }[] = [];
  /** The RPC in flight per request tag (a transaction's RPCs share one tag, one at a time). */
  private readonly pending = new Map<string, { kind: string; startedMs: number; answered: boolean }>();
  unparsed = 0;

  private readonly onLine = (line: string): void => {
    const match = LINE.exec(line);
    if (!match) return;
    const [, tag = "", , phase, json = ""] = match;
    let body: unknown;
    try {
      body = JSON.parse(json);
    } catch {
      this.unparsed += 1;
      return;
    }
    if (phase === "Sending request") this.onRequest(tag, body);
    else this.onResponse(tag, body);
  };

  private onRequest(tag: string, body: unknown): void {
    const parsed = request.safeParse(body);
    if (!parsed.success) {
      this.unparsed += 1;
      return;
    }
    const kind = kindOf(parsed.data);
    this.pending.set(tag, { kind, startedMs: performance.now(), answered: false });
    for (const write of parsed.data.writes ?? []) {
      const name = write.update?.name ?? write.delete;
      if (name) bump(this.counts.writes, collectionOf(name));
      if (name && write.updateMask) {
        this.updateMasks.push({ collection: collectionOf(name), fieldPaths: write.updateMask.fieldPaths });
      }
    }
    const from = parsed.data.structuredQuery?.from?.[0]?.collectionId;
    if (kind === "query" && from) bump(this.counts.queries, from);
    if (kind === "aggregation") bump(this.counts.queries, "(aggregation)");
  }

  private onResponse(tag: string, body: unknown): void {
    const inFlight = this.pending.get(tag);
    if (inFlight && !inFlight.answered) {
      inFlight.answered = true;
      (this.counts.rpcs[inFlight.kind] ??= []).push(performance.now() - inFlight.startedMs);
    }
    const parsed = response.safeParse(body);
    if (!parsed.success) return;
    const found = parsed.data.found?.name ?? parsed.data.document?.name;
    if (found) bump(this.counts.reads, collectionOf(found));
    if (parsed.data.missing) bump(this.counts.missing, collectionOf(parsed.data.missing));
  }

  /** Counts what `work` does, and stops counting when it settles. */
  async during<T>(work: () => Promise<T>): Promise<T> {
    setLogFunction(this.onLine);
    try {
      return await work();
    } finally {
      setLogFunction(null);
    }
  }
}

export function total(counts: Record<string, number>): number {
  return Object.values(counts).reduce((sum, value) => sum + value, 0);
}
