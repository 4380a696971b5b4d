import robotsParser, { type Robot } from "robots-parser";
import { DeadlineError } from "../../errors";
import { FetchRefusedError } from "../../net/fetchErrors";
import type { GuardedFetcher } from "../../net/guardedFetch";

/** The product token robots.txt groups are matched against. */
export const ROBOTS_AGENT = "missioncontrolbot";
const MAX_ROBOTS_BYTES = 512 * 1024;

/** What one origin's robots.txt says about us. */
export interface RobotsRules {
  /** Set when the whole site is off limits (RFC 9309: robots.txt unreachable or 5xx). */
  disallowAllBecause?: string;
  /** The parsed file; absent when there is none (4xx), which allows everything. */
  parsed?: Robot;
}

/**
 * Parses one origin's robots.txt with robots-parser (maintained, RFC 9309 matching: the
 * group naming our product token wins over `*`, case-insensitively; the longest matching
 * rule decides, allow winning a tie; `*` and a final `$` are wildcards; paths and rules are
 * compared percent-encoded, with escapes in either case). Its matcher walks the pattern
 * once against the set of matching prefix lengths: no regex is built from the site's text,
 * so hostile rules cannot make it backtrack.
 */
export function parseRobots(text: string, origin: string): RobotsRules {
  return { parsed: robotsParser(`${origin}/robots.txt`, text) };
}

export function isAllowed(robots: RobotsRules, url: URL): boolean {
  if (robots.disallowAllBecause) return false;
  if (!robots.parsed) return true;
  // Undefined means the URL is not on the origin the file was read from: never our case,
  // as the cache keys files by origin, and refused rather than guessed.
  return robots.parsed.isAllowed(url.href, ROBOTS_AGENT) ?? false;
}

/**
 * Fetches and caches robots.txt per origin for one run (never shared between runs).
 * 4xx means "no rules"; 5xx or unreachable means "disallow all" (RFC 9309 §2.3.1).
 */
export class RobotsCache {
  private readonly byOrigin = new Map<string, RobotsRules>();

  constructor(
    private readonly fetcher: GuardedFetcher,
    private readonly signal: AbortSignal,
  ) {}

  async check(url: URL): Promise<{ allowed: boolean; reason: string }> {
    const robotsUrl = `${url.origin}/robots.txt`;
    let robots = this.byOrigin.get(url.origin);
    if (!robots) {
      robots = await this.load(robotsUrl);
      this.byOrigin.set(url.origin, robots);
    }
    if (isAllowed(robots, url)) return { allowed: true, reason: "" };
    return {
      allowed: false,
      reason: robots.disallowAllBecause
        ? `${robotsUrl} could not be read (${robots.disallowAllBecause}), so crawling ${url.origin} is not allowed`
        : `${robotsUrl} disallows ${url.pathname} for ${ROBOTS_AGENT}`,
    };
  }

  private async load(robotsUrl: string): Promise<RobotsRules> {
    try {
      const response = await this.fetcher.get(robotsUrl, { signal: this.signal, maxBytes: MAX_ROBOTS_BYTES });
      if (response.status >= 500) return { disallowAllBecause: `HTTP ${response.status}` };
      if (response.status >= 400) return {};
      return parseRobots(response.body.toString("utf8"), new URL(robotsUrl).origin);
    } catch (error) {
      // A refused or deadline-stopped robots.txt is the caller's problem, not a "disallow".
      if (error instanceof FetchRefusedError || error instanceof DeadlineError) throw error;
      return { disallowAllBecause: (error as Error).message };
    }
  }
}
