import { FieldValue, type Firestore } from "firebase-admin/firestore";
import { ARTIFACTS } from "../firebase";
import type { ToolName } from "../tools/names";

export const TRUNCATION_MARKER = "\n…[truncated: content exceeded the artifact size cap]";

/**
 * Serialises content and caps it at `maxBytes` of UTF-8, cutting on a character boundary
 * and appending a marker, so an artifact write never fails on Firestore's 1 MiB limit.
 */
export function capContent(content: unknown, maxBytes: number): { text: string; bytes: number; truncated: boolean } {
  const text = typeof content === "string" ? content : JSON.stringify(content, null, 2);
  const bytes = Buffer.byteLength(text, "utf8");
  if (bytes <= maxBytes) return { text, bytes, truncated: false };
  const budget = Math.max(0, maxBytes - Buffer.byteLength(TRUNCATION_MARKER, "utf8"));
  // Decoding a byte-cut buffer may end in a broken character; drop the replacement char.
  const cut = Buffer.from(text, "utf8")
    .subarray(0, budget)
    .toString("utf8")
    .replace(/\uFFFD$/, "");
  const capped = cut + TRUNCATION_MARKER;
  return { text: capped, bytes: Buffer.byteLength(capped, "utf8"), truncated: true };
}

export interface ArtifactInput {
  executionId: string;
  missionId: string;
  ownerUid: string;
  tool: ToolName;
  summary: string;
  content: unknown;
  maxBytes: number;
}

/** Writes `artifacts/{executionId}`; the id makes a repeated write land on the same document. */
export async function writeArtifact(
  db: Firestore,
  input: ArtifactInput,
): Promise<{ reference: string; truncated: boolean; bytes: number }> {
  const { text, bytes, truncated } = capContent(input.content, input.maxBytes);
  const ref = db.collection(ARTIFACTS).doc(input.executionId);
  await ref.set({
    artifact_id: ref.id,
    mission_id: input.missionId,
    owner_uid: input.ownerUid,
    execution_id: input.executionId,
    tool: input.tool,
    summary: input.summary,
    content: text,
    content_bytes: bytes,
    truncated,
    created_at: FieldValue.serverTimestamp(),
  });
  return { reference: ref.path, truncated, bytes };
}
