import { createHash } from "node:crypto";
import type { Response } from "express";
import { FieldValue, type Firestore } from "firebase-admin/firestore";
import type { Request } from "firebase-functions/v2/https";
import { buildQuery, missionListQuery } from "../../analytics/queries";
import { isAlreadyExists } from "../../errors";
import { MISSIONS } from "../../firebase";
import { authenticate } from "../auth";
import { HttpError } from "../errors";
import { listingOwner, requireAccess, requireReadableId } from "./missionAccess";
import { missionSummary, missionView } from "./missionView";
import { createMissionBody, idempotencyKeySchema, listQuery, parseOr400, type CreateMissionBody } from "./restSchemas";

/**
 * The id of a mission created with an `Idempotency-Key`: derived from the owner and the key,
 * so two concurrent POSTs with one key race to create ONE document and the loser reads it.
 */
export function idempotentMissionId(ownerUid: string, key: string): string {
  return `idem-${createHash("sha256").update(`${ownerUid}\n${key}`).digest("hex").slice(0, 40)}`;
}

function sameRequest(existing: Record<string, unknown>, body: CreateMissionBody): boolean {
  const fields = (value: { objective?: unknown; budget?: unknown; plan?: unknown }) =>
    JSON.stringify([value.objective, value.budget ?? null, value.plan ?? null]);
  return fields(existing) === fields(body);
}

/**
 * `POST /api/missions`: a draft owned by the caller (approved at once with `approve: true`).
 * With an `Idempotency-Key`, a repeat of the request answers the first mission (200,
 * `Idempotent-Replayed: true`); the same key with a different body is refused (422).
 */
export async function postMission(db: Firestore, request: Request, response: Response): Promise<void> {
  const viewer = await authenticate(request);
  const body = parseOr400(createMissionBody, request.body, "body");
  const rawKey = request.get("idempotency-key");
  const key = rawKey === undefined ? undefined : parseOr400(idempotencyKeySchema, rawKey, "Idempotency-Key header");
  const collection = db.collection(MISSIONS);
  const ref = key ? collection.doc(idempotentMissionId(viewer.uid, key)) : collection.doc();
  const now = FieldValue.serverTimestamp();
  const fields = {
    owner_uid: viewer.uid,
    objective: body.objective,
    status: body.approve ? "approved" : "draft",
    created_at: now,
    updated_at: now,
    ...(body.approve ? { approved_at: now } : {}),
    ...(body.budget === undefined ? {} : { budget: body.budget }),
    ...(body.plan === undefined ? {} : { plan: body.plan }),
  };
  try {
    await ref.create(fields);
  } catch (error) {
    if (!isAlreadyExists(error)) throw error;
    const existing = await ref.get();
    if (!sameRequest(existing.data() ?? {}, body)) {
      throw new HttpError(
        422,
        "idempotency_key_reused",
        "Idempotency-Key header: this key already created a mission with a different body; use a new key",
      );
    }
    response.set({ "Cache-Control": "no-store", "Idempotent-Replayed": "true" });
    response.status(200).json(missionView(existing));
    return;
  }
  response.set({ "Cache-Control": "no-store", Location: `/api/missions/${ref.id}` });
  response.status(201).json(missionView(await ref.get()));
}

/** `GET /api/missions/{id}`: the mission and its record, for its owner or an admin. */
export async function getMission(db: Firestore, request: Request, response: Response, id: string): Promise<void> {
  const viewer = await authenticate(request);
  requireReadableId(id);
  const doc = await db.collection(MISSIONS).doc(id).get();
  requireAccess(viewer, id, doc);
  response.set({ "Cache-Control": "private, no-cache", Vary: "Authorization" });
  response.status(200).json(missionView(doc));
}

const encodeCursor = (id: string) => Buffer.from(id, "utf8").toString("base64url");
const decodeCursor = (cursor: string) => Buffer.from(cursor, "base64url").toString("utf8");

/** `GET /api/missions?status=&since=&limit=&cursor=&owner=`: newest first, paged. */
export async function listMissions(db: Firestore, request: Request, response: Response): Promise<void> {
  const viewer = await authenticate(request);
  const query = parseOr400(listQuery, request.query, "query");
  const owner = listingOwner(viewer, query.owner);
  let built = buildQuery(
    db,
    missionListQuery(owner, {
      ...(query.status ? { status: query.status } : {}),
      ...(query.since ? { since: new Date(query.since) } : {}),
      limit: query.limit + 1,
    }),
  );
  if (query.cursor) {
    const afterId = decodeCursor(query.cursor);
    const after = /^[A-Za-z0-9_.~-]{1,256}$/.test(afterId) ? await db.collection(MISSIONS).doc(afterId).get() : null;
    if (!after?.exists || after.get("owner_uid") !== owner) {
      throw new HttpError(400, "bad_request", "query: cursor is not one this listing returned");
    }
    built = built.startAfter(after);
  }
  const docs = (await built.get()).docs;
  const page = docs.slice(0, query.limit);
  const last = page.at(-1);
  response.set({ "Cache-Control": "private, no-cache", Vary: "Authorization" });
  response.status(200).json({
    missions: page.map(missionSummary),
    next_cursor: docs.length > query.limit && last ? encodeCursor(last.id) : null,
  });
}
