import {
  FieldValue,
  Timestamp,
  type DocumentData,
  type DocumentReference,
  type Firestore,
} from "firebase-admin/firestore";
import * as z from "zod";
import { notifyUrlRefusal } from "./notifyUrl";

/** Where endings are delivered from (one document per run) and where each owner's inbox lives. */
export const NOTIFICATIONS = "notifications";
export const USERS = "users";
export const INBOX = "inbox";

/** What a transaction and a write batch both do: an ending's documents commit through either. */
export interface EndingWriter {
  set(ref: DocumentReference, data: DocumentData): unknown;
}

/** A mission's end, as its owner and their webhook are told of it. */
export interface MissionEnding {
  missionId: string;
  runId: string;
  status: "completed" | "failed" | "cancelled";
  resultSummary: string | null;
  error: { step: string; kind: string; message: string } | null;
  costMicroUsd: number;
  artifactReference: string | null;
}

/** Who hears of an ending: the mission's owner (inbox) and its `notify_url` (webhook), when readable. */
export interface EndingAudience {
  ownerUid: string | null;
  notifyUrl: string | null;
}

const audienceFields = z.object({
  owner_uid: z.string().min(1).max(128).catch(""),
  notify_url: z.string().min(1).max(2048).catch(""),
});

/**
 * The audience of a mission as stored, read field by field, so an ending of a mission too
 * malformed to run still reaches whoever can be named. A `notify_url` the address policy
 * refuses is dropped (its mission fails verification for it; nothing is posted there).
 */
export function endingAudience(data: unknown): EndingAudience {
  const parsed = audienceFields.safeParse(typeof data === "object" && data !== null ? data : {});
  const fields = parsed.success ? parsed.data : { owner_uid: "", notify_url: "" };
  const notifyUrl = fields.notify_url && notifyUrlRefusal(fields.notify_url) === null ? fields.notify_url : null;
  return { ownerUid: fields.owner_uid || null, notifyUrl };
}

/** The result fields an ending's record write holds (pipeline/record/recordWrites.ts names them). */
export interface EndingRecordFields {
  result_summary?: string | null;
  error?: { step: string; kind: string; message: string } | null;
  actual_cost_microusd?: number;
  artifact_reference?: string | null;
}

/** A mission's ending, from the record fields its ending write stores. */
export function endingOf(
  missionId: string,
  runId: string,
  status: MissionEnding["status"],
  record: EndingRecordFields,
): MissionEnding {
  return {
    missionId,
    runId,
    status,
    resultSummary: record.result_summary ?? null,
    error: record.error ?? null,
    costMicroUsd: record.actual_cost_microusd ?? 0,
    artifactReference: record.artifact_reference ?? null,
  };
}

/** The webhook's JSON body (also the inbox entry's content): the contract in the README. */
export function endingPayload(ending: MissionEnding) {
  const artifactId = ending.artifactReference?.split("/").pop() ?? null;
  return {
    mission_id: ending.missionId,
    run_id: ending.runId,
    status: ending.status,
    result_summary: ending.resultSummary,
    error: ending.error,
    cost_microusd: ending.costMicroUsd,
    artifact_reference: ending.artifactReference,
    artifact_link: artifactId ? `/api/artifacts/${artifactId}` : null,
  };
}

/**
 * Adds a mission's ending to the commit that ends it: the owner's inbox entry and, when the
 * mission has a `notify_url`, the notification its delivery works from. Keyed by the run, and
 * written only by the one commit that moves the mission to its terminal status (every ending
 * is fenced on the status it read), so no ending is missed and none is announced twice.
 */
export function writeMissionEnding(
  writer: EndingWriter,
  db: Firestore,
  ending: MissionEnding,
  audience: EndingAudience,
  nowMs: number,
): void {
  const payload = endingPayload(ending);
  if (audience.ownerUid) {
    writer.set(db.collection(USERS).doc(audience.ownerUid).collection(INBOX).doc(ending.runId), {
      ...payload,
      owner_uid: audience.ownerUid,
      read: false,
      created_at: FieldValue.serverTimestamp(),
    });
  }
  if (audience.notifyUrl) {
    writer.set(db.collection(NOTIFICATIONS).doc(ending.runId), {
      mission_id: ending.missionId,
      run_id: ending.runId,
      owner_uid: audience.ownerUid,
      url: audience.notifyUrl,
      // The exact bytes every attempt sends and signs.
      body: JSON.stringify(payload),
      state: "pending",
      attempt_count: 0,
      attempts: [],
      next_attempt_at: Timestamp.fromMillis(nowMs),
      lease_until: null,
      created_at: Timestamp.fromMillis(nowMs),
    });
  }
}
