import assert from "node:assert/strict";
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  allQueryShapes,
  FIELDS,
  pastStepQuery,
  requiredIndex,
  type CompositeIndex,
} from "../../functions/src/analytics/queries";
import { declaredIndexes, missingIndex } from "./indexCheck";

const ROOT = join(__dirname, "..", "..");

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

describe("analytics queries and firestore.indexes.json", () => {
  it("every query shape the analytics code can issue has its composite index", () => {
    const problems = allQueryShapes()
      .map((shape) => missingIndex(shape))
      .filter(Boolean);
    assert.deepEqual(problems, []);
  });

  it("the spec's completed_steps index is declared on the step-name array and serves 'got past step X'", () => {
    const indexes = declaredIndexes();
    const onStepNames = indexes.filter((index) =>
      index.fields.some((field) => field.fieldPath === FIELDS.completedStepNames && field.arrayConfig === "CONTAINS"),
    );
    assert.ok(onStepNames.length >= 1, "no array-contains index on completed_step_names");
    for (const scope of [{ kind: "all" } as const, { kind: "owner", uid: "u" } as const]) {
      const query = pastStepQuery(scope, "tool_selection", 10);
      assert.deepEqual(query.filters.at(-1), {
        field: FIELDS.completedStepNames,
        op: "array-contains",
        value: "tool_selection",
      });
      assert.equal(missingIndex(query, onStepNames), null, `past-step query (${scope.kind}) not served by it`);
    }
  });

  it("the checker itself notices a missing index and a wrong order direction", () => {
    const shape = allQueryShapes().find((candidate) => candidate.name === "live_agents");
    assert.ok(shape);
    assert.match(missingIndex(shape, []) ?? "", /live_agents/);
    const needed = requiredIndex(shape);
    assert.ok(needed);
    const flipped: CompositeIndex = {
      ...needed,
      fields: needed.fields.map((field) => (field.order === "DESCENDING" ? { ...field, order: "ASCENDING" } : field)),
    };
    assert.match(missingIndex(shape, [flipped]) ?? "", /needs/);
    assert.equal(missingIndex(shape, [needed]), null);
  });

  it("no aggregation query asks for more than Firestore's 5 aggregations (each is a single count)", () => {
    for (const shape of allQueryShapes().filter((candidate) => candidate.aggregate)) {
      assert.equal(shape.aggregate, "count");
      assert.ok(shape.limit <= 1000, `${shape.name} scans at most 1000 entries (one billed read)`);
    }
  });

  it("analytics and HTTP code builds queries only from descriptors (no ad-hoc where/orderBy)", () => {
    const files = [
      ...sourceFiles(join(ROOT, "functions", "src", "analytics")),
      ...sourceFiles(join(ROOT, "functions", "src", "http")),
    ].filter((path) => !path.endsWith(join("analytics", "queries.ts")));
    // A range over document ids (the analytics shards, analytics/shards.ts) is served by the
    // built-in `__name__` index: it has no composite index to check, so it needs no descriptor.
    const offenders = files.filter((path) =>
      /\.(where|orderBy|findNearest)\(/.test(
        readFileSync(path, "utf8").replace(/\.where\(FieldPath\.documentId\(\)/g, ""),
      ),
    );
    assert.deepEqual(offenders, []);
  });
});
