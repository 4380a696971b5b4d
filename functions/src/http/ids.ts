/**
 * Document ids taken from request paths. The route pattern admits Firestore auto-ids and
 * the ids tests and the CLI make; `isReadableId` also refuses what Firestore itself refuses
 * (`__name__`, `__x__`: "Resource id is reserved"), so such a path is an unknown id (404)
 * instead of a failed read (500) or a failed listener (503).
 */
export const MAX_ID_CHARS = 256;
export const ID_PATTERN = `([A-Za-z0-9_~-][A-Za-z0-9_.~-]{0,${MAX_ID_CHARS - 1}})`;

const RESERVED = /^__.*__$/;

export function isReadableId(id: string): boolean {
  return new RegExp(`^${ID_PATTERN}$`).test(id) && !RESERVED.test(id);
}
