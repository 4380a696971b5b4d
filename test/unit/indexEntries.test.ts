import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { FieldValue, Timestamp } from "firebase-admin/firestore";
import { allQueryShapes, requiredIndex } from "../../functions/src/analytics/queries";
import { missionUpdate } from "../../functions/src/pipeline/record/recordWrites";
import { renewedLease } from "../../functions/src/pipeline/claim/leaseRenewal";
import { parseCheckpoint } from "../../functions/src/pipeline/record/checkpoint";
import { MissionProgressTracker } from "../../functions/src/progress/tracker";

/**
 * Issue 20, item 4: the index entries one progress write touches, derived from a real
 * progress write (the tracker's snapshot and a checkpoint, through the one write side) and
 * firestore.indexes.json, before (no fieldOverrides) and after.
 *
 * Firestore's automatic single-field indexing (Standard edition, "Index overview"): a scalar
 * field has an ascending and a descending entry; a map has both for the whole value and
 * recurses into its subfields; an array has both for the whole value plus one array-contains
 * entry per distinct element. A composite index has one entry per document (times the
 * elements of its array-contains field). An exempted field (and, for a map, its subfields)
 * has no single-field entries; composite indexes are declared separately and unaffected.
 */
interface IndexFile {
  indexes: { collectionGroup: string; fields: { fieldPath: string; arrayConfig?: string }[] }[];
  fieldOverrides?: { collectionGroup: string; fieldPath: string; indexes: unknown[] }[];
}
const FILE = JSON.parse(readFileSync(join(__dirname, "..", "..", "firestore.indexes.json"), "utf8")) as IndexFile;

function exemptions(file: IndexFile): string[] {
  return (file.fieldOverrides ?? [])
    .filter((override) => override.collectionGroup === "missions" && override.indexes.length === 0)
    .map((override) => override.fieldPath);
}

const isExempt = (path: string, exempt: string[]) =>
  exempt.some((field) => path === field || path.startsWith(`${field}.`));

function isMap(value: unknown): value is Record<string, unknown> {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !(value instanceof Timestamp) &&
    !(value instanceof FieldValue)
  );
}

function singleFieldEntries(path: string, value: unknown, exempt: string[]): number {
  if (value === undefined) return 0;
  const own = isExempt(path, exempt) ? 0 : 2;
  if (Array.isArray(value)) {
    return isExempt(path, exempt) ? 0 : own + new Set(value.map((element) => JSON.stringify(element))).size;
  }
  if (!isMap(value)) return own;
  return Object.entries(value).reduce(
    (sum, [key, sub]) => sum + singleFieldEntries(`${path}.${key}`, sub, exempt),
    own,
  );
}

function valueAt(update: Record<string, unknown>, path: string): unknown {
  for (const [written, value] of Object.entries(update)) {
    if (written === path) return value;
    if (path.startsWith(`${written}.`)) {
      return path
        .slice(written.length + 1)
        .split(".")
        .reduce<unknown>((node, key) => (isMap(node) ? node[key] : undefined), value);
    }
  }
  return undefined;
}

/** Entries of composite indexes on `missions` that include a field this write sets. */
function compositeEntries(update: Record<string, unknown>, file: IndexFile): number {
  return file.indexes
    .filter((index) => index.collectionGroup === "missions")
    .filter((index) => index.fields.some((field) => valueAt(update, field.fieldPath) !== undefined))
    .reduce((sum, index) => {
      const arrayField = index.fields.find((field) => field.arrayConfig === "CONTAINS");
      const elements = arrayField ? valueAt(update, arrayField.fieldPath) : undefined;
      return sum + (Array.isArray(elements) ? new Set(elements).size : 1);
    }, 0);
}

function entriesTouched(update: Record<string, unknown>, file: IndexFile): { single: number; composite: number } {
  const exempt = exemptions(file);
  const single = Object.entries(update).reduce(
    (sum, [path, value]) => sum + singleFieldEntries(path, value, exempt),
    0,
  );
  return { single, composite: compositeEntries(update, file) };
}

/** A progress write in the middle of a search run (step 5, three steps behind it), as the sink builds it. */
function midRunProgressWrite(withLease: boolean): Record<string, unknown> {
  let nowMs = Date.parse("2026-12-01T10:00:00Z");
  const tracker = new MissionProgressTracker("m-1", { now: () => nowMs });
  for (const step of ["verification", "intent_classification", "budget_check", "tool_selection"] as const) {
    tracker.startStep(step);
    nowMs += 150;
    tracker.completeStep(step);
  }
  tracker.startStep("tool_execution", "web_search: searching");
  tracker.reportSubProgress({ fraction: 0.4, message: "page 2 of 5", itemsCollected: 8 });
  const checkpoint = parseCheckpoint({
    intent: { decision_type: "search", confidence: 0.9, reason: "asks to find", derived_input: { query: "otters" } },
    estimate_microusd: 5_000,
    budget_reserved: true,
    choice: {
      tool: "web_search",
      source: "dynamic",
      planRejected: false,
      reason: "search",
      input: { query: "otters" },
    },
    tool_selected: true,
  });
  assert.ok(checkpoint.ok);
  return missionUpdate({
    record: {
      progress_tracker: tracker.snapshot(),
      checkpoint: checkpoint.value,
      ...(withLease ? { lease_expires_at: Timestamp.fromMillis(nowMs + 600_000) } : {}),
    },
    touchUpdatedAt: false,
  });
}

describe("index entries one progress write touches (issue 20)", () => {
  const noOverrides: IndexFile = { ...FILE, fieldOverrides: [] };

  it("falls from about a hundred to a handful of composite entries with the declared fieldOverrides", () => {
    const write = midRunProgressWrite(false);
    // Before: no overrides, and updated_at rewritten with every progress write.
    const before = entriesTouched({ ...write, updated_at: FieldValue.serverTimestamp() }, noOverrides);
    const after = entriesTouched(write, FILE);
    // Figures for docs/capacity.md (printed so a change of the data model shows in the log).
    console.log(`      progress write: before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`);
    assert.ok(before.single > 50, `before: ${before.single} single-field entries`);
    assert.equal(after.single, 0, "no single-field entry is touched by a progress write");
    // Only the two step-name composites, once per completed step name (4 here): a progress
    // write leaves updated_at (and its composites with status) alone.
    assert.equal(after.composite, 2 * 4);
  });

  it("renews the lease (an indexed, ever-increasing field) at most once per half lease", () => {
    const claimLease = 1_000_000 + 600_000;
    assert.equal(renewedLease(claimLease, 1_000_000 + 1_000, 600_000), null);
    assert.equal(renewedLease(claimLease, 1_000_000 + 299_000, 600_000), null);
    assert.equal(renewedLease(claimLease, 1_000_000 + 300_000, 600_000), 1_000_000 + 900_000);
    const withLease = entriesTouched(midRunProgressWrite(true), FILE);
    assert.equal(withLease.composite, 2 * 4 + 1, "(status, lease_expires_at) once per renewal");
  });

  it("keeps the single-field indexes every query without a composite index needs", () => {
    const exempt = exemptions(FILE);
    for (const shape of allQueryShapes().filter((candidate) => requiredIndex(candidate) === null)) {
      for (const filter of shape.filters) {
        assert.ok(!isExempt(filter.field, exempt), `${shape.name} filters on exempted ${filter.field}`);
      }
      for (const order of shape.orderBy) {
        assert.ok(!isExempt(order.field, exempt), `${shape.name} orders by exempted ${order.field}`);
      }
    }
  });
});
