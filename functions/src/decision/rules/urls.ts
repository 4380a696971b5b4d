/**
 * Finds the first web address in an objective, as a person writes it: with or without a
 * scheme (`books.toscrape.com`, `www.x.org/…`, `shop.example.co.uk/…`), inside quotes or
 * brackets, followed by punctuation (`, . ! ? 。 ：`) or by text in another script.
 */

/** Characters that end an address: spaces, quotes, angle brackets, CJK text and full-width punctuation. */
const STOP = "\\s<>\"'`“”‘’«»「」『』【】\\u3000-\\u303f\\u3400-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef";
const WITH_SCHEME = new RegExp(`\\bhttps?:\\/\\/[^${STOP}]+`, "i");
/**
 * A host without a scheme: labels, then a top-level domain from the list below (so "Node.js",
 * "e.g." and "3.5" are not hosts), then an optional port and path. Not after "@" (an email
 * address) nor after a "/" or "." (part of something else).
 */
const BARE_HOST = new RegExp(
  `(?<![@\\w./-])((?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+([a-z]{2,24}))(?::\\d{2,5})?(?:[/?#][^${STOP}]*)?`,
  "gi",
);
/** Top-level domains people name; file extensions (.js, .py, .md, .txt) are left out on purpose. */
const KNOWN_TLDS = new Set(
  (
    "com org net edu gov mil int io co uk de fr es it nl be ch at se no dk fi pl pt ie cz ru ua jp cn kr tw hk sg in " +
    "au nz ca us mx br ar cl eu info biz dev app ai me tv xyz site online tech blog news wiki page store shop cloud " +
    "museum travel name pro art studio gg ly fm ac"
  ).split(" "),
);
/** Punctuation that ends a sentence or a clause, never an address. */
const TRAILING = /[.,;:!?。，、；：！？…)\]}]+$/u;

export interface FoundUrl {
  /** The address, with https:// added when the objective left the scheme out. */
  url: string;
  /** As written in the objective. */
  written: string;
  /** False for a bare host or www. address the person wrote without a scheme. */
  hadScheme: boolean;
  /** True when the address names only a host (no path, query or fragment). */
  hostOnly: boolean;
}

/** Drops trailing punctuation, but keeps a closing bracket that closes one inside the address. */
function trimTrailing(candidate: string): string {
  let text = candidate;
  for (;;) {
    const match = TRAILING.exec(text);
    if (!match) return text;
    // Walk the trailing run from its end: drop a ")" only when it has no "(" to close.
    const last = text.slice(-1);
    const pair: Record<string, string> = { ")": "(", "]": "[", "}": "{" };
    const opener = pair[last];
    if (opener && count(text, opener) >= count(text, last)) return text;
    text = text.slice(0, -1);
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function hostOnly(url: string): boolean {
  try {
    const parsed = new URL(url);
    return (parsed.pathname === "/" || parsed.pathname === "") && !parsed.search && !parsed.hash;
  } catch {
    return false;
  }
}

/** The first address in the text, or null. */
export function findUrl(text: string): FoundUrl | null {
  const withScheme = WITH_SCHEME.exec(text);
  let best: { index: number; written: string; hadScheme: boolean } | null = withScheme
    ? { index: withScheme.index, written: trimTrailing(withScheme[0]), hadScheme: true }
    : null;
  for (const match of text.matchAll(BARE_HOST)) {
    if (best && match.index >= best.index) break;
    if (!KNOWN_TLDS.has((match[2] ?? "").toLowerCase())) continue;
    best = { index: match.index, written: trimTrailing(match[0]), hadScheme: false };
    break;
  }
  if (!best) return null;
  // An empty query ("…/menu?") is the sentence's question mark.
  const written = best.written.replace(/\?$/, "");
  const url = best.hadScheme ? written : `https://${written}`;
  try {
    new URL(url);
  } catch {
    return null;
  }
  return { url, written, hadScheme: best.hadScheme, hostOnly: hostOnly(url) };
}
