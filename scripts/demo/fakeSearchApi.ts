import type { IncomingMessage, ServerResponse } from "node:http";

/**
 * A loopback server speaking the Brave Search API web search protocol:
 *   GET /res/v1/web/search?q=…&count=N   with header X-Subscription-Token
 * It answers from a small built-in corpus, with Brave's response shape (<strong> marks,
 * HTML entities) and rate-limit headers. Query words switch on failure modes for tests:
 *   "ratelimited"  the first request for that query gets 429 (Retry-After: 1), later ones succeed
 *   "overloaded"   always HTTP 500
 *   "quota"        429 with a spent monthly window (X-RateLimit-Reset far away)
 */
export const FAKE_SEARCH_PATH = "/res/v1/web/search";
export const DEMO_SEARCH_KEY = "demo-loopback-key";

export interface FakeSearchApi {
  handle(request: IncomingMessage, response: ServerResponse): boolean;
  /** Every request received, for assertions: query and the key it carried. */
  readonly requests: { query: string; key: string | undefined }[];
}

interface Doc {
  title: string;
  url: string;
  description: string;
}

const CORPUS: Doc[] = [
  {
    title: "Firebase Local Emulator Suite",
    url: "https://firebase.google.com/docs/emulator-suite",
    description: "Run <strong>Firebase</strong> services locally with the <strong>emulator</strong> suite.",
  },
  {
    title: "Install the Emulator Suite",
    url: "https://firebase.google.com/docs/emulator-suite/#install",
    description: "Duplicate of the page above, with a fragment: de-duplicated.",
  },
  {
    title: "Cloud Functions for Firebase",
    url: "https://firebase.google.com/docs/functions",
    description: "Serverless <strong>functions</strong> that respond to events &amp; HTTPS requests.",
  },
  {
    title: "Firestore triggers",
    url: "https://firebase.google.com/docs/functions/firestore-events",
    description: "Trigger <strong>functions</strong> on Firestore document writes.",
  },
  {
    title: "Brave Search API",
    url: "https://brave.com/search/api/",
    description: "An independent <strong>search</strong> index with a web search API.",
  },
  {
    title: "SSRF prevention cheat sheet",
    url: "https://cheatsheetseries.owasp.org/cheatsheets/Server_Side_Request_Forgery_Prevention_Cheat_Sheet.html",
    description: "How to defend against server-side request forgery (<strong>SSRF</strong>).",
  },
  {
    title: "Kettles compared",
    url: "https://example.com/reviews/kettles",
    description: "The best <strong>kettle</strong> for your kitchen, tested.",
  },
  {
    title: "Lanterns for camping",
    url: "https://example.com/reviews/lanterns",
    description: "Bright, light <strong>lantern</strong> picks.",
  },
];

function words(text: string): string[] {
  return text.toLowerCase().match(/[a-z0-9]+/g) ?? [];
}

/** Corpus documents sharing a word with the query, else a few synthetic results. */
function search(query: string, count: number): Doc[] {
  const wanted = new Set(words(query).filter((word) => word.length > 2));
  const hits = CORPUS.filter((doc) => words(`${doc.title} ${doc.description}`).some((word) => wanted.has(word)));
  if (hits.length > 0) return hits.slice(0, count);
  const slug = words(query).join("-") || "query";
  return Array.from({ length: Math.min(count, 5) }, (_, i) => ({
    title: `Result ${i + 1} about ${query}`,
    url: `https://example.com/${slug}/${i + 1}`,
    description: `A page about <strong>${query}</strong>.`,
  }));
}

function json(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json",
    "content-length": Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}

/** `acceptKey`: the only key accepted (any non-empty key when omitted). */
export function createFakeSearchApi(acceptKey?: string): FakeSearchApi {
  const requests: { query: string; key: string | undefined }[] = [];
  const seenQueries = new Map<string, number>();
  return {
    requests,
    handle(request, response) {
      const url = new URL(request.url ?? "/", "http://search.local");
      if (url.pathname !== FAKE_SEARCH_PATH) return false;
      const query = url.searchParams.get("q") ?? "";
      const rawKey = request.headers["x-subscription-token"];
      const key = Array.isArray(rawKey) ? rawKey[0] : rawKey;
      requests.push({ query, key });
      if (!key || (acceptKey !== undefined && key !== acceptKey)) {
        json(response, 401, { type: "ErrorResponse", error: { code: "SUBSCRIPTION_TOKEN_INVALID", status: 401 } });
        return true;
      }
      const times = (seenQueries.get(query) ?? 0) + 1;
      seenQueries.set(query, times);
      const limits = { "x-ratelimit-limit": "1, 15000", "x-ratelimit-policy": "1;w=1, 15000;w=2592000" };
      if (/\bratelimited\b/i.test(query) && times === 1) {
        json(
          response,
          429,
          { type: "ErrorResponse", error: { code: "RATE_LIMITED", status: 429 } },
          {
            ...limits,
            "retry-after": "1",
            "x-ratelimit-remaining": "0, 14000",
            "x-ratelimit-reset": "1, 1419704",
          },
        );
        return true;
      }
      if (/\bquota\b/i.test(query)) {
        json(
          response,
          429,
          { type: "ErrorResponse", error: { code: "RATE_LIMITED", status: 429 } },
          {
            ...limits,
            "x-ratelimit-remaining": "1, 0",
            "x-ratelimit-reset": "1, 1419704",
          },
        );
        return true;
      }
      if (/\boverloaded\b/i.test(query)) {
        json(response, 500, { type: "ErrorResponse", error: { code: "INTERNAL", status: 500 } });
        return true;
      }
      const count = Math.min(20, Math.max(1, Number(url.searchParams.get("count") ?? "20") || 20));
      const results = search(query, count).map((doc) => ({ type: "search_result", ...doc, family_friendly: true }));
      json(
        response,
        200,
        { type: "search", query: { original: query }, web: { type: "search", results } },
        { ...limits, "x-ratelimit-remaining": "0, 13999", "x-ratelimit-reset": "1, 1419703" },
      );
      return true;
    },
  };
}
