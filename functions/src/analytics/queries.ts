import type { Firestore, Query } from "firebase-admin/firestore";
import { MISSIONS } from "../firebase";
import type { MissionStatus } from "../missions/status";
import type { StepName } from "../shared/steps";

/**
 * Every Firestore query the analytics code issues is described here, as data, and built
 * from that description by `buildQuery`. The index test derives each descriptor's composite
 * index and checks that `firestore.indexes.json` has it (the emulator does not enforce
 * indexes, production does): a query added here without its index fails `npm test`.
 */

/** Whose missions a request may see: an `admin` sees all, anyone else only their own. */
export type Scope = { kind: "all" } | { kind: "owner"; uid: string };

export type FilterOp = "==" | "in" | "array-contains" | ">=";

export interface QueryFilter {
  field: string;
  op: FilterOp;
  value: unknown;
}

export interface QueryOrder {
  field: string;
  direction: "asc" | "desc";
}

export interface QueryDescriptor {
  /** What the query is for; the query log and the index test report it. */
  name: string;
  collection: typeof MISSIONS;
  filters: readonly QueryFilter[];
  orderBy: readonly QueryOrder[];
  /** Every query is bounded; for a count it caps the entries scanned (and billed). */
  limit: number;
  /** Fields to fetch (a projection); the read count is the same, the bytes are fewer. */
  select?: readonly string[];
  aggregate?: "count";
}

export const LIVE_AGENTS_LIMIT = 20;
export const TASK_PIPELINE_LIMIT = 5;
/**
 * Counts of non-terminal statuses are counted by a count() over at most this many index
 * entries, i.e. at most one billed read each; a count that reaches it is shown as "1000+".
 */
export const COUNT_CAP = 1000;
export const PAST_STEP_MAX_LIMIT = 50;

/** Statuses a task-pipeline row can have: approved and executing read "In Progress". */
export const PIPELINE_STATUSES: readonly MissionStatus[] = ["approved", "executing", "completed", "failed"];
/** Statuses counted live; completed and failed come from the incremental aggregates. */
export const COUNTED_STATUSES = [
  "draft",
  "approved",
  "executing",
  "cancelled",
] as const satisfies readonly MissionStatus[];

export const FIELDS = {
  owner: "owner_uid",
  status: "status",
  updatedAt: "updated_at",
  createdAt: "created_at",
  startedAt: "execution_record.started_at",
  /**
   * The spec asks for an index on `execution_record.progress_tracker.completed_steps`. That
   * field is an array of maps, and array-contains on it would have to match a whole step
   * (timestamps and messages included), so no query can use such an index. The tracker keeps
   * the companion array `completed_step_names` (["verification", "intent_classification", …]);
   * the index is on it and serves "missions that got past step X" (`pastStepQuery`).
   */
  completedStepNames: "execution_record.progress_tracker.completed_step_names",
} as const;

const LIVE_AGENT_FIELDS = [
  "objective",
  "owner_uid",
  "status",
  "updated_at",
  "execution_record.started_at",
  "execution_record.progress_tracker.progress_percent",
  "execution_record.progress_tracker.current_step",
  "execution_record.progress_tracker.completed_step_names",
  "execution_record.progress_tracker.eta_seconds",
  "execution_record.progress_tracker.start_time",
];

const PIPELINE_FIELDS = [
  "objective",
  "owner_uid",
  "status",
  "updated_at",
  "execution_record.started_at",
  "execution_record.finished_at",
  "execution_record.progress_tracker.progress_percent",
  "execution_record.artifact_reference",
  "execution_record.tool_used",
  "execution_record.result_summary",
  "execution_record.duration_ms",
];

function scopeFilters(scope: Scope): QueryFilter[] {
  return scope.kind === "owner" ? [{ field: FIELDS.owner, op: "==", value: scope.uid }] : [];
}

/** Executing missions, most recently started first. Also the live stream's listener query. */
export function liveAgentsQuery(scope: Scope): QueryDescriptor {
  return {
    name: "live_agents",
    collection: MISSIONS,
    filters: [...scopeFilters(scope), { field: FIELDS.status, op: "==", value: "executing" }],
    orderBy: [{ field: FIELDS.startedAt, direction: "desc" }],
    limit: LIVE_AGENTS_LIMIT,
    select: LIVE_AGENT_FIELDS,
  };
}

/** The last missions that entered the pipeline, most recently active first. */
export function taskPipelineQuery(scope: Scope): QueryDescriptor {
  return {
    name: "task_pipeline",
    collection: MISSIONS,
    filters: [...scopeFilters(scope), { field: FIELDS.status, op: "in", value: [...PIPELINE_STATUSES] }],
    orderBy: [{ field: FIELDS.updatedAt, direction: "desc" }],
    limit: TASK_PIPELINE_LIMIT,
    select: PIPELINE_FIELDS,
  };
}

export function statusCountQuery(scope: Scope, status: MissionStatus): QueryDescriptor {
  return {
    name: `count_${status}`,
    collection: MISSIONS,
    filters: [...scopeFilters(scope), { field: FIELDS.status, op: "==", value: status }],
    orderBy: [],
    limit: COUNT_CAP,
    aggregate: "count",
  };
}

/** Missions whose run completed step `step` (and so got past it), most recently active first. */
export function pastStepQuery(scope: Scope, step: StepName, limit: number): QueryDescriptor {
  return {
    name: "past_step",
    collection: MISSIONS,
    filters: [...scopeFilters(scope), { field: FIELDS.completedStepNames, op: "array-contains", value: step }],
    orderBy: [{ field: FIELDS.updatedAt, direction: "desc" }],
    limit: Math.min(Math.max(1, Math.floor(limit)), PAST_STEP_MAX_LIMIT),
    select: ["objective", "owner_uid", "status", "updated_at", FIELDS.completedStepNames],
  };
}

/**
 * One owner's missions, newest first (`GET /api/missions`, http/missions/missionRoutes.ts); `since`
 * is a range on the order field, which the same index serves.
 */
export function missionListQuery(
  ownerUid: string,
  options: { status?: MissionStatus; since?: Date; limit: number },
): QueryDescriptor {
  return {
    name: "mission_list",
    collection: MISSIONS,
    filters: [
      { field: FIELDS.owner, op: "==", value: ownerUid },
      ...(options.status ? [{ field: FIELDS.status, op: "==" as const, value: options.status }] : []),
      ...(options.since ? [{ field: FIELDS.createdAt, op: ">=" as const, value: options.since }] : []),
    ],
    orderBy: [{ field: FIELDS.createdAt, direction: "desc" }],
    limit: options.limit,
  };
}

/** Every query shape the code can issue, for both kinds of scope (the index test walks this). */
export function allQueryShapes(): QueryDescriptor[] {
  const scopes: Scope[] = [{ kind: "all" }, { kind: "owner", uid: "any-user" }];
  return scopes
    .flatMap((scope) => [
      liveAgentsQuery(scope),
      taskPipelineQuery(scope),
      ...COUNTED_STATUSES.map((status) => statusCountQuery(scope, status)),
      pastStepQuery(scope, "tool_execution", 10),
    ])
    .concat([
      missionListQuery("any-user", { limit: 20 }),
      missionListQuery("any-user", { status: "failed", since: new Date(0), limit: 20 }),
    ]);
}

export function buildQuery(db: Firestore, descriptor: QueryDescriptor): Query {
  let query: Query = db.collection(descriptor.collection);
  for (const filter of descriptor.filters) query = query.where(filter.field, filter.op, filter.value);
  for (const order of descriptor.orderBy) query = query.orderBy(order.field, order.direction);
  if (descriptor.select) query = query.select(...descriptor.select);
  return query.limit(descriptor.limit);
}

// ---- composite index derivation ----

export interface IndexField {
  fieldPath: string;
  order?: "ASCENDING" | "DESCENDING";
  arrayConfig?: "CONTAINS";
}

export interface CompositeIndex {
  collectionGroup: string;
  queryScope: "COLLECTION";
  fields: IndexField[];
}

/**
 * The composite index a query needs, or null when single-field indexes serve it (one field
 * in all). Equality filters come first, then array-contains, then the order-by fields.
 * Queries that combine several equality filters could be served by index merging, but a
 * composite index is cheaper to scan and makes the requirement explicit, so one is required.
 */
export function requiredIndex(descriptor: QueryDescriptor): CompositeIndex | null {
  const equality = descriptor.filters.filter((filter) => filter.op === "==" || filter.op === "in");
  const contains = descriptor.filters.filter((filter) => filter.op === "array-contains");
  const fields: IndexField[] = [
    ...equality.map((filter) => ({ fieldPath: filter.field, order: "ASCENDING" as const })),
    ...contains.map((filter) => ({ fieldPath: filter.field, arrayConfig: "CONTAINS" as const })),
    ...descriptor.orderBy.map((order) => ({
      fieldPath: order.field,
      order: order.direction === "asc" ? ("ASCENDING" as const) : ("DESCENDING" as const),
    })),
  ];
  const distinct = new Set(fields.map((field) => field.fieldPath));
  if (distinct.size <= 1) return null;
  return { collectionGroup: descriptor.collection, queryScope: "COLLECTION", fields };
}

function sameField(a: IndexField, b: IndexField): boolean {
  return a.fieldPath === b.fieldPath && a.order === b.order && a.arrayConfig === b.arrayConfig;
}

/**
 * True when `declared` can serve `needed`: same collection, the equality fields in any order
 * (either direction serves an equality), then the remaining fields exactly.
 */
export function indexServes(declared: CompositeIndex, needed: CompositeIndex, equalityCount: number): boolean {
  if (declared.collectionGroup !== needed.collectionGroup || declared.queryScope !== needed.queryScope) return false;
  if (declared.fields.length !== needed.fields.length) return false;
  const head = declared.fields.slice(0, equalityCount);
  const wantedHead = new Set(needed.fields.slice(0, equalityCount).map((field) => field.fieldPath));
  if (!head.every((field) => wantedHead.has(field.fieldPath) && field.arrayConfig === undefined)) return false;
  return declared.fields.slice(equalityCount).every((field, i) => {
    const wanted = needed.fields[equalityCount + i];
    return wanted !== undefined && sameField(field, wanted);
  });
}

export function equalityFilterCount(descriptor: QueryDescriptor): number {
  return descriptor.filters.filter((filter) => filter.op === "==" || filter.op === "in").length;
}
