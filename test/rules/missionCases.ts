import {
  MAX_NOTIFY_URL_CHARS,
  MAX_OBJECTIVE_CHARS,
  MAX_PLAN_REASON_CHARS,
  PLAN_INPUT_LIMITS,
} from "../../functions/src/missions/schema";
import { MISSION_STATUSES, TERMINAL_STATUSES } from "../../functions/src/missions/status";
import { TOOL_NAMES } from "../../functions/src/shared/toolNames";

/**
 * One table of client writes to `missions/{id}`, run against `firestore.rules` (on the
 * emulator, test/rules/missionTable.test.ts) and against the zod mission schema (pure,
 * test/unit/missionTable.test.ts), so the two cannot drift apart again.
 *
 * Every case says what the rules do. The schema parses the document the write would leave
 * (the existing mission with the written fields over it) and must agree: valid exactly when
 * the rules allow, except where `rulesOnly` names why the rules refuse a well-shaped
 * document (who writes, which move, a time only the server knows). The other way round (a
 * document the rules let in and verification then fails) is never allowed.
 */

/** Stands for the client SDK's serverTimestamp(): the rules see `request.time`. */
export const SERVER_TIME = Symbol("server time");
/** A time the client chose itself, as a Timestamp. */
export class ClientTime {
  constructor(readonly date: Date) {}
}

export type Who = "owner" | "stranger" | "admin";
export const UIDS: Record<Who, string> = { owner: "alice", stranger: "bob", admin: "root" };

export interface MissionCase {
  name: string;
  /** The stored mission an update starts from; absent for a create. */
  existing?: Record<string, unknown>;
  /** The whole document (create) or the top-level fields set (update). */
  write: Record<string, unknown>;
  as: Who;
  rules: "allowed" | "denied";
  rulesOnly?: string;
}

const OWNER = UIDS.owner;
const draft = {
  owner_uid: OWNER,
  objective: "What is 1+1?",
  status: "draft",
  created_at: SERVER_TIME,
  updated_at: SERVER_TIME,
};
const stored = (status: string) => ({
  owner_uid: OWNER,
  objective: "What is 1+1?",
  status,
  created_at: new ClientTime(new Date("2026-01-01T00:00:00Z")),
  updated_at: new ClientTime(new Date("2026-01-01T00:00:00Z")),
});
const stamped = { updated_at: SERVER_TIME };

const WHO_MAY_WRITE = "only the owner writes their missions; the schema does not know who writes";
const SERVER_STAMP = "a client must stamp this with the server's time; the schema cannot know the request time";
const MOVES = "clients make only these moves; status transitions are not the schema's concern";
const BACKEND_FIELDS = "clients may not write backend fields; the schema passes them through";
const NOTIFY_SHAPE =
  "notify_url must be https with a host; the backend's address policy refuses the rest at verification (notify/notifyUrl.ts)";

/** Every whitespace character JavaScript's trim() removes (the schema trims with it). */
const JS_WHITESPACE = [
  "\t",
  "\n",
  "\v",
  "\f",
  "\r",
  " ",
  "\u00a0",
  "\u1680",
  ...Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)),
  "\u2028",
  "\u2029",
  "\u202f",
  "\u205f",
  "\u3000",
  "\ufeff",
];

const codePoint = (text: string) => `U+${(text.codePointAt(0) ?? 0).toString(16).padStart(4, "0")}`;

function createCases(): MissionCase[] {
  const create = (name: string, write: Record<string, unknown>, rules: MissionCase["rules"], rulesOnly?: string) => ({
    name: `create: ${name}`,
    write,
    as: "owner" as const,
    rules,
    rulesOnly,
  });
  const without = (key: string) => Object.fromEntries(Object.entries(draft).filter(([name]) => name !== key));
  const cases: MissionCase[] = [
    create("a minimal draft", draft, "allowed"),
    create(
      "a draft with a budget and a plan",
      { ...draft, budget: 0.5, plan: { tool: "web_extract", input: { url: "https://example.com/", target: 20 } } },
      "allowed",
    ),
    create("without created_at", without("created_at"), "denied", SERVER_STAMP),
    create("without updated_at", without("updated_at"), "denied", SERVER_STAMP),
    create("created_at a 900 KB string", { ...draft, created_at: "x".repeat(900_000) }, "denied"),
    create("created_at a number", { ...draft, created_at: 1_700_000_000 }, "denied"),
    create("created_at a map", { ...draft, created_at: { seconds: 1 } }, "denied"),
    create("created_at a client time", { ...draft, created_at: new ClientTime(new Date()) }, "denied", SERVER_STAMP),
    create(
      "updated_at in the year 9999",
      { ...draft, updated_at: new ClientTime(new Date("9999-12-31T00:00:00Z")) },
      "denied",
      SERVER_STAMP,
    ),
    create("for someone else", { ...draft, owner_uid: UIDS.stranger }, "denied", WHO_MAY_WRITE),
    create("owner_uid a number", { ...draft, owner_uid: 42 }, "denied"),
    create("status approved", { ...draft, status: "approved" }, "denied", MOVES),
    create("status unknown", { ...draft, status: "warp" }, "denied"),
    create("with approved_at", { ...draft, approved_at: SERVER_TIME }, "denied", MOVES),
    create("with cancel_requested_at", { ...draft, cancel_requested_at: SERVER_TIME }, "denied", MOVES),
    create("with execution_record", { ...draft, execution_record: { success: true } }, "denied", BACKEND_FIELDS),
    create("with an unknown field", { ...draft, priority: 1 }, "denied", BACKEND_FIELDS),
    // objective
    create("without an objective", without("objective"), "denied"),
    create("objective empty", { ...draft, objective: "" }, "denied"),
    create("objective of spaces", { ...draft, objective: "     " }, "denied"),
    ...JS_WHITESPACE.map((space) =>
      create(`objective only ${codePoint(space)}`, { ...draft, objective: space.repeat(3) }, "denied"),
    ),
    ...["\u200b", "\u0001", "\u0085", "\u180e"].map((char) =>
      create(`objective only ${codePoint(char)} (not whitespace to trim())`, { ...draft, objective: char }, "allowed"),
    ),
    create("objective of several lines", { ...draft, objective: "\n first line\nsecond line\n" }, "allowed"),
    create("objective at the limit", { ...draft, objective: "x".repeat(MAX_OBJECTIVE_CHARS) }, "allowed"),
    create("objective over the limit", { ...draft, objective: "x".repeat(MAX_OBJECTIVE_CHARS + 1) }, "denied"),
    create(
      "objective over the limit by padding",
      { ...draft, objective: `${" ".repeat(MAX_OBJECTIVE_CHARS)}x` },
      "denied",
    ),
    // Both count UTF-16 code units, as JavaScript's length does: an emoji is two.
    create("objective of emoji at the limit", { ...draft, objective: "😀".repeat(MAX_OBJECTIVE_CHARS / 2) }, "allowed"),
    create(
      "objective of emoji over the limit",
      { ...draft, objective: `${"😀".repeat(MAX_OBJECTIVE_CHARS / 2)}x` },
      "denied",
    ),
    create("objective of accents at the limit", { ...draft, objective: "é".repeat(MAX_OBJECTIVE_CHARS) }, "allowed"),
    ...[42, true, null, ["a"], { text: "a" }].map((value) =>
      create(`objective ${JSON.stringify(value)}`, { ...draft, objective: value }, "denied"),
    ),
    // budget
    ...[0, 0.5, 1e300].map((budget) => create(`budget ${budget}`, { ...draft, budget }, "allowed")),
    ...[-1, -0.01, Infinity, -Infinity, NaN, "10", true, null, { usd: 1 }].map((budget) =>
      create(`budget ${String(JSON.stringify(budget) ?? budget)}`, { ...draft, budget }, "denied"),
    ),
    // plan
    create("an empty plan", { ...draft, plan: {} }, "allowed"),
    ...TOOL_NAMES.map((tool) => create(`plan.tool ${tool}`, { ...draft, plan: { tool } }, "allowed")),
    ...["teleport", 1, null].map((tool) =>
      create(`plan.tool ${JSON.stringify(tool)}`, { ...draft, plan: { tool } }, "denied"),
    ),
    ...["a plan", ["calculate"]].map((plan) => create(`plan ${JSON.stringify(plan)}`, { ...draft, plan }, "denied")),
    create("plan with an unknown key", { ...draft, plan: { budget: 1 } }, "denied"),
    create("plan.reason at the limit", { ...draft, plan: { reason: "r".repeat(MAX_PLAN_REASON_CHARS) } }, "allowed"),
    create(
      "plan.reason over the limit",
      { ...draft, plan: { reason: "r".repeat(MAX_PLAN_REASON_CHARS + 1) } },
      "denied",
    ),
    create("plan.reason a number", { ...draft, plan: { reason: 7 } }, "denied"),
    create("plan.input a list", { ...draft, plan: { input: ["https://example.com/"] } }, "denied"),
    create("plan.input with an unknown key", { ...draft, plan: { input: { blob: "x" } } }, "denied"),
    create("plan.input a 400 KB query", { ...draft, plan: { input: { query: "x".repeat(400_000) } } }, "denied"),
    create(
      "plan.input.url of 2048 control characters",
      { ...draft, plan: { input: { url: "\u0001".repeat(PLAN_INPUT_LIMITS.url) } } },
      "allowed",
    ),
    ...Object.entries(PLAN_INPUT_LIMITS).flatMap(([key, limit]) => [
      create(`plan.input.${key} at the limit`, { ...draft, plan: { input: { [key]: "a".repeat(limit) } } }, "allowed"),
      create(
        `plan.input.${key} over the limit`,
        { ...draft, plan: { input: { [key]: "a".repeat(limit + 1) } } },
        "denied",
      ),
      create(`plan.input.${key} a number`, { ...draft, plan: { input: { [key]: 5 } } }, "denied"),
    ]),
    create(
      "plan.input.query of emoji over the limit",
      { ...draft, plan: { input: { query: "😀".repeat(PLAN_INPUT_LIMITS.query / 2 + 1) } } },
      "denied",
    ),
    ...[1, 1000].map((target) =>
      create(`plan.input.target ${target}`, { ...draft, plan: { input: { target } } }, "allowed"),
    ),
    // notify_url
    create("notify_url https", { ...draft, notify_url: "https://hooks.example.com/mission?key=1" }, "allowed"),
    create(
      "notify_url at the limit",
      { ...draft, notify_url: `https://example.com/${"a".repeat(MAX_NOTIFY_URL_CHARS - 20)}` },
      "allowed",
    ),
    create(
      "notify_url over the limit",
      { ...draft, notify_url: `https://example.com/${"a".repeat(MAX_NOTIFY_URL_CHARS - 19)}` },
      "denied",
    ),
    ...["http://hooks.example.com/", "ftp://example.com/", "https://user@example.com/", "https:///path", "hooks"].map(
      (url) => create(`notify_url ${url}`, { ...draft, notify_url: url }, "denied", NOTIFY_SHAPE),
    ),
    create("notify_url a number", { ...draft, notify_url: 5 }, "denied"),
    ...[0, -1, 1001, 2.5, "5", null].map((target) =>
      create(`plan.input.target ${JSON.stringify(target)}`, { ...draft, plan: { input: { target } } }, "denied"),
    ),
  ];
  return cases;
}

function updateCases(): MissionCase[] {
  const update = (
    name: string,
    existing: Record<string, unknown>,
    write: Record<string, unknown>,
    rules: MissionCase["rules"],
    rulesOnly?: string,
    as: Who = "owner",
  ): MissionCase => ({ name: `update ${String(existing.status)}: ${name}`, existing, write, as, rules, rulesOnly });
  const drafted = stored("draft");
  const cases: MissionCase[] = [
    // edit
    update("edit the objective", drafted, { objective: "What is 2+2?", ...stamped }, "allowed"),
    update("edit budget and plan", drafted, { budget: 2, plan: { tool: "calculate" }, ...stamped }, "allowed"),
    update("set notify_url", drafted, { notify_url: "https://example.com/hook", ...stamped }, "allowed"),
    update(
      "set notify_url once approved",
      stored("approved"),
      { notify_url: "https://example.com/hook", ...stamped },
      "denied",
      MOVES,
    ),
    update(
      "set notify_url of someone else's",
      drafted,
      { notify_url: "https://example.com/hook", ...stamped },
      "denied",
      WHO_MAY_WRITE,
      "stranger",
    ),
    update("edit without updated_at", drafted, { objective: "What is 2+2?" }, "denied", SERVER_STAMP),
    update(
      "edit with a client updated_at",
      drafted,
      { objective: "x", updated_at: new ClientTime(new Date()) },
      "denied",
      SERVER_STAMP,
    ),
    update("edit with updated_at a 900 KB string", drafted, { updated_at: "x".repeat(900_000) }, "denied"),
    update("edit budget to Infinity", drafted, { budget: Infinity, ...stamped }, "denied"),
    update("edit the objective to spaces", drafted, { objective: " \u3000 ", ...stamped }, "denied"),
    update("edit the owner", drafted, { owner_uid: UIDS.stranger, ...stamped }, "denied", WHO_MAY_WRITE),
    update("edit created_at", drafted, { created_at: SERVER_TIME, ...stamped }, "denied", SERVER_STAMP),
    update("edit someone else's", drafted, { objective: "mine now", ...stamped }, "denied", WHO_MAY_WRITE, "stranger"),
    update("admin edits a user's", drafted, { objective: "x", ...stamped }, "denied", WHO_MAY_WRITE, "admin"),
    // approve
    update("approve", drafted, { status: "approved", ...stamped }, "allowed"),
    update(
      "approve with approved_at",
      drafted,
      { status: "approved", approved_at: SERVER_TIME, ...stamped },
      "allowed",
    ),
    update(
      "approve with a client approved_at",
      drafted,
      { status: "approved", approved_at: new ClientTime(new Date()), ...stamped },
      "denied",
      SERVER_STAMP,
    ),
    update("approve without updated_at", drafted, { status: "approved" }, "denied", SERVER_STAMP),
    update(
      "approve with updated_at a 900 KB string",
      drafted,
      { status: "approved", updated_at: "x".repeat(900_000) },
      "denied",
    ),
    update("approve and edit", drafted, { status: "approved", objective: "other", ...stamped }, "denied", MOVES),
    update("approve someone else's", drafted, { status: "approved", ...stamped }, "denied", WHO_MAY_WRITE, "stranger"),
    update(
      "approve with an execution_record",
      drafted,
      { status: "approved", execution_record: { attempt: 0 }, ...stamped },
      "denied",
      BACKEND_FIELDS,
    ),
    // cancel a draft
    update("cancel", drafted, { status: "cancelled", ...stamped }, "allowed"),
    update("cancel with updated_at a number", drafted, { status: "cancelled", updated_at: 5 }, "denied"),
    update(
      "request cancellation of a draft",
      drafted,
      { cancel_requested_at: SERVER_TIME, ...stamped },
      "denied",
      "a draft is cancelled directly",
    ),
  ];
  for (const status of ["approved", "queued", "executing"]) {
    const running = stored(status);
    const request = { cancel_requested_at: SERVER_TIME, ...stamped };
    cases.push(
      update("request cancellation", running, request, "allowed"),
      update(
        "request cancellation without updated_at",
        running,
        { cancel_requested_at: SERVER_TIME },
        "denied",
        SERVER_STAMP,
      ),
      update(
        "request cancellation with a client time",
        running,
        { cancel_requested_at: new ClientTime(new Date()), ...stamped },
        "denied",
        SERVER_STAMP,
      ),
      update("request cancellation with a string", running, { cancel_requested_at: "now", ...stamped }, "denied"),
      update("request cancellation and edit", running, { ...request, objective: "other" }, "denied", MOVES),
      update("request cancellation of someone else's", running, request, "denied", WHO_MAY_WRITE, "stranger"),
    );
  }
  // Every move a client might try out of every status but draft: none is the client's.
  for (const from of MISSION_STATUSES.filter((status) => status !== "draft")) {
    for (const to of MISSION_STATUSES) {
      cases.push(update(`move to ${to}`, stored(from), { status: to, ...stamped }, "denied", MOVES));
    }
  }
  for (const from of TERMINAL_STATUSES) {
    cases.push(
      update("request cancellation", stored(from), { cancel_requested_at: SERVER_TIME, ...stamped }, "denied", MOVES),
    );
  }
  for (const to of ["queued", "executing", "completed", "failed"]) {
    cases.push(update(`move to ${to}`, drafted, { status: to, ...stamped }, "denied", MOVES));
  }
  return cases;
}

export const MISSION_CASES: readonly MissionCase[] = [...createCases(), ...updateCases()];

/** Replaces the symbolic times with what one SDK writes or reads. */
export function materialize<T>(value: unknown, times: { server: () => T; client: (date: Date) => T }): unknown {
  if (value === SERVER_TIME) return times.server();
  if (value instanceof ClientTime) return times.client(value.date);
  if (Array.isArray(value)) return value.map((item) => materialize(item, times));
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, materialize(item, times)]));
  }
  return value;
}
