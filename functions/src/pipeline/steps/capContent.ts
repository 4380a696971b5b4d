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
