import type { IncomingHttpHeaders } from "node:http";
import { Agent, errors as undiciErrors, request } from "undici";
import { DeadlineError, errorMessage } from "../errors";
import { checkUrl } from "./addressPolicy";
import { guardedConnector } from "./connector";
import { AddressRefusal, FetchFailedError, FetchRefusedError, findCause } from "./fetchErrors";
import type { NetLimits } from "./netConfig";

export const USER_AGENT = "MissionControlBot/1.0 (+https://firebase.google.com/docs/functions)";

export interface ResponseHead {
  /** The final URL, after redirects. */
  url: string;
  status: number;
  headers: IncomingHttpHeaders;
}

export interface FetchedResponse extends ResponseHead {
  body: Buffer;
  /** Every URL fetched before the final one, in order. */
  redirects: string[];
}

export interface FetchOptions {
  headers?: Record<string, string>;
  /** The caller's stop signal (the run's deadline); its abort becomes a DeadlineError. */
  signal?: AbortSignal;
  /** A lower byte cap than the configured one (robots.txt, API responses). */
  maxBytes?: number;
  /** A shorter total timeout than the configured one. */
  timeoutMs?: number;
  /** Sees status and headers before the body is read; throw to refuse (non-HTML, …). */
  inspect?: (head: ResponseHead) => void;
  /** Send a POST with this body instead of a GET; its answer is final (redirects are not followed). */
  post?: { body: string };
}

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Caller headers still sent after a redirect to another origin. */
const CROSS_ORIGIN_SAFE_HEADERS = new Set(["accept", "accept-language"]);

function crossOriginHeaders(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(headers).filter(([name]) => CROSS_ORIGIN_SAFE_HEADERS.has(name.toLowerCase())),
  );
}

export function headerValue(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * The one way this backend fetches anything from the network. Every URL and every redirect
 * hop is checked (scheme, host, literal IPs) before it is dialled, DNS answers and the
 * connected socket's address are checked by the connector, redirects are followed by hand
 * (bounded, loops detected), and bodies are read under a byte cap and a total timeout.
 * One instance per tool run: it owns a connection pool, closed by `close()`.
 */
export class GuardedFetcher {
  private readonly agent: Agent;

  constructor(readonly limits: NetLimits) {
    this.agent = new Agent({
      connect: guardedConnector(limits, limits.connectTimeoutMs),
      headersTimeout: limits.totalTimeoutMs,
      bodyTimeout: limits.totalTimeoutMs,
    });
  }

  async get(input: string | URL, options: FetchOptions = {}): Promise<FetchedResponse> {
    const timeoutMs = Math.min(options.timeoutMs ?? this.limits.totalTimeoutMs, this.limits.totalTimeoutMs);
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([timeout, options.signal]) : timeout;
    const maxBytes = Math.min(options.maxBytes ?? this.limits.maxResponseBytes, this.limits.maxResponseBytes);
    const first = String(input);
    const redirects: string[] = [];
    let url = checkUrl(input, this.limits);
    // Caller headers (API keys, authorization) go to the first origin only: once a redirect
    // leaves it they are dropped for good, bar harmless content negotiation.
    let callerHeaders = options.headers ?? {};
    const fail = (error: unknown): never => {
      throw this.explain(error, url.href, first, { signal: options.signal, timeout, timeoutMs });
    };

    for (;;) {
      let response: Awaited<ReturnType<typeof request>>;
      try {
        response = await request(url, {
          dispatcher: this.agent,
          method: options.post ? "POST" : "GET",
          headers: { "user-agent": USER_AGENT, ...callerHeaders },
          body: options.post?.body,
          signal,
        });
      } catch (error) {
        return fail(error);
      }
      const location = headerValue(response.headers, "location");
      if (REDIRECT_STATUSES.has(response.statusCode) && location && !options.post) {
        discard(response.body);
        redirects.push(url.href);
        const next = resolveRedirect(location, url);
        if (redirects.includes(next.href)) {
          throw new FetchFailedError(`redirect loop fetching ${first}: ${[...redirects, next.href].join(" → ")}`);
        }
        if (redirects.length > this.limits.maxRedirects) {
          throw new FetchFailedError(
            `too many redirects fetching ${first}: more than ${this.limits.maxRedirects} (FETCH_MAX_REDIRECTS)`,
          );
        }
        const checked = checkUrl(next, this.limits, url.href);
        if (checked.origin !== url.origin) callerHeaders = crossOriginHeaders(callerHeaders);
        url = checked;
        continue;
      }
      const head: ResponseHead = { url: url.href, status: response.statusCode, headers: response.headers };
      try {
        options.inspect?.(head);
      } catch (error) {
        discard(response.body);
        throw error;
      }
      try {
        const body = await readCapped(
          response.body,
          maxBytes,
          url.href,
          headerValue(response.headers, "content-length"),
        );
        return { ...head, body, redirects };
      } catch (error) {
        discard(response.body);
        if (error instanceof FetchFailedError) throw error;
        return fail(error);
      }
    }
  }

  /** Closes the pool; in-flight requests are aborted. */
  async close(): Promise<void> {
    await this.agent.destroy();
  }

  /** Turns whatever undici threw into a typed error that says which URL and why. */
  private explain(
    error: unknown,
    url: string,
    first: string,
    context: { signal: AbortSignal | undefined; timeout: AbortSignal; timeoutMs: number },
  ): Error {
    const via = url === first ? "" : ` (redirected from ${first})`;
    const refusal = findCause(error, AddressRefusal);
    if (refusal) return new FetchRefusedError(`refused to fetch ${url}${via}: ${refusal.reason}`);
    if (context.signal?.aborted) return new DeadlineError(`stopped fetching ${url}: the run's deadline arrived`);
    if (
      context.timeout.aborted ||
      findCause(error, undiciErrors.HeadersTimeoutError) ||
      findCause(error, undiciErrors.BodyTimeoutError)
    ) {
      return new FetchFailedError(
        `timed out after ${context.timeoutMs} ms fetching ${url}${via} (FETCH_TOTAL_TIMEOUT_MS)`,
      );
    }
    if (findCause(error, undiciErrors.ConnectTimeoutError)) {
      return new FetchFailedError(
        `could not connect within ${this.limits.connectTimeoutMs} ms fetching ${url}${via} (FETCH_CONNECT_TIMEOUT_MS)`,
      );
    }
    const code = (error as { code?: unknown }).code;
    return new FetchFailedError(
      `could not fetch ${url}${via}: ${errorMessage(error)}${typeof code === "string" ? ` (${code})` : ""}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * Where a `Location` header leads, resolved as a browser resolves it: relative paths,
 * scheme-relative `//host`, and backslashes read as slashes in http(s) URLs, so
 * `\\169.254.169.254` is a host, not a path. The caller then checks the result like any
 * URL. A Location that is no URL at all is the server's failure, not the mission's input.
 */
export function resolveRedirect(location: string, from: URL): URL {
  try {
    return new URL(location, from);
  } catch {
    const shown = location.length > 200 ? `${location.slice(0, 200)}…` : location;
    throw new FetchFailedError(`${from.href} redirected to ${JSON.stringify(shown)}, which is not a valid URL`);
  }
}

/**
 * Drops a body we will not read. Destroying undici's BodyReadable emits an abort error,
 * which would crash the process if nobody listened for it.
 */
function discard(body: NodeJS.ReadableStream & { destroy(): void }): void {
  body.on("error", () => undefined);
  body.destroy();
}

/** Reads a body, refusing it as soon as it is known to exceed `maxBytes`. */
async function readCapped(
  body: AsyncIterable<Buffer>,
  maxBytes: number,
  url: string,
  contentLength: string | undefined,
): Promise<Buffer> {
  const tooLarge = (detail: string) =>
    new FetchFailedError(
      `response from ${url} exceeds the ${maxBytes}-byte limit (FETCH_MAX_RESPONSE_BYTES): ${detail}`,
    );
  const declared = contentLength === undefined ? NaN : Number(contentLength);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(`it declares ${declared} bytes`);
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    total += chunk.length;
    if (total > maxBytes) throw tooLarge(`stopped reading at ${total} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, total);
}
