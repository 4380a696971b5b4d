import { ToolFailedError, ToolInputError } from "../errors";

/**
 * The fetch layer refused a URL or an address (non-public target, blocked host, bad scheme).
 * It is the mission's input that is at fault, so it is never retried.
 */
export class FetchRefusedError extends ToolInputError {}

/** A request was made and did not succeed: timeout, too large, too many redirects, network. */
export class FetchFailedError extends ToolFailedError {}

/**
 * Raised inside the connector (DNS lookup or connected socket) where the URL is not known;
 * the fetcher turns it into a FetchRefusedError that names the URL.
 */
export class AddressRefusal extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "AddressRefusal";
  }
}

/** The first error of `type` in `error`'s cause chain (undici may wrap what a connector throws). */
export function findCause<T extends Error>(error: unknown, type: abstract new (...args: never[]) => T): T | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 8 && current instanceof Error; depth += 1) {
    if (current instanceof type) return current;
    current = current.cause;
  }
  return undefined;
}
