import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  equalityFilterCount,
  indexServes,
  requiredIndex,
  type CompositeIndex,
  type QueryDescriptor,
} from "../../functions/src/analytics/queries";

/** Checks query descriptors against firestore.indexes.json (the emulator enforces no index). */
const ROOT = join(__dirname, "..", "..");

export function declaredIndexes(): CompositeIndex[] {
  const file = JSON.parse(readFileSync(join(ROOT, "firestore.indexes.json"), "utf8")) as { indexes: CompositeIndex[] };
  return file.indexes;
}

/** Why a query is not served by the declared indexes, or null when it is. */
export function missingIndex(descriptor: QueryDescriptor, indexes = declaredIndexes()): string | null {
  const needed = requiredIndex(descriptor);
  if (!needed) return null;
  const served = indexes.some((declared) => indexServes(declared, needed, equalityFilterCount(descriptor)));
  return served
    ? null
    : `query "${descriptor.name}" needs ${JSON.stringify(needed.fields)} on ${needed.collectionGroup}, which firestore.indexes.json lacks`;
}
