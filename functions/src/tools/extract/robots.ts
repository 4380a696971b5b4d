import { DeadlineError } from "../../errors";
import { FetchRefusedError } from "../../net/fetchErrors";
import type { GuardedFetcher } from "../../net/guardedFetch";

/** The product token robots.txt groups are matched against. */
export const ROBOTS_AGENT = "missioncontrolbot";
const MAX_ROBOTS_BYTES = 512 * 1024;

interface Rule {
  allow: boolean;
  pattern: string;
}

/** What one origin's robots.txt says about us. */
export interface RobotsRules {
  /** Set when the whole site is off limits (RFC 9309: robots.txt unreachable or 5xx). */
  disallowAllBecause?: string;
  rules: Rule[];
}

/**
 * A small RFC 9309 parser: the group naming our agent wins, otherwise the `*` group;
 * the longest matching pattern decides, allow winning a tie; `*` and `$` are wildcards.
 */
export function parseRobots(text: string, agent = ROBOTS_AGENT): RobotsRules {
  const groups: { agents: string[]; rules: Rule[] }[] = [];
  let current: { agents: string[]; rules: Rule[] } | undefined;
  let lastWasAgent = false;
  for (const rawLine of text.split(/\r?\n/)) {
    const line = rawLine.replace(/#.*$/, "").trim();
    const match = /^([A-Za-z-]+)\s*:\s*(.*)$/.exec(line);
    if (!match) continue;
    const field = (match[1] ?? "").toLowerCase();
    const value = (match[2] ?? "").trim();
    if (field === "user-agent") {
      if (!current || !lastWasAgent) {
        current = { agents: [], rules: [] };
        groups.push(current);
      }
      current.agents.push(value.toLowerCase());
      lastWasAgent = true;
    } else if ((field === "allow" || field === "disallow") && current) {
      lastWasAgent = false;
      // An empty Disallow allows everything; it adds no rule.
      if (value !== "") current.rules.push({ allow: field === "allow", pattern: value });
    } else {
      lastWasAgent = false;
    }
  }
  const ours = groups.filter((group) => group.agents.includes(agent));
  const chosen = ours.length > 0 ? ours : groups.filter((group) => group.agents.includes("*"));
  return { rules: chosen.flatMap((group) => group.rules) };
}

/**
 * Whether a robots.txt pattern matches a path (RFC 9309 §2.2.3): `*` matches any run of
 * characters, a final `$` anchors the end, and an unanchored pattern matches a prefix.
 * A greedy two-pointer match that backtracks only to the last `*`: O(pattern × path) in
 * the worst case and no regex built from the site's text, so hostile rules cannot stall.
 */
export function patternMatches(pattern: string, path: string): boolean {
  const anchored = pattern.endsWith("$");
  // An unanchored pattern behaves as if it ended in `*`.
  const body = anchored ? pattern.slice(0, -1) : `${pattern}*`;
  let p = 0;
  let s = 0;
  let star = -1;
  let resume = 0;
  while (s < path.length) {
    if (p < body.length && body[p] === "*") {
      star = p;
      p += 1;
      resume = s;
    } else if (p < body.length && body[p] === path[s]) {
      p += 1;
      s += 1;
    } else if (star !== -1) {
      p = star + 1;
      resume += 1;
      s = resume;
    } else {
      return false;
    }
  }
  while (p < body.length && body[p] === "*") p += 1;
  return p === body.length;
}

export function isAllowed(robots: RobotsRules, url: URL): boolean {
  if (robots.disallowAllBecause) return false;
  const path = `${url.pathname}${url.search}`;
  let best: Rule | undefined;
  for (const rule of robots.rules) {
    if (!patternMatches(rule.pattern, path)) continue;
    if (
      !best ||
      rule.pattern.length > best.pattern.length ||
      (rule.pattern.length === best.pattern.length && rule.allow)
    ) {
      best = rule;
    }
  }
  return best?.allow ?? true;
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
      if (response.status >= 500) return { disallowAllBecause: `HTTP ${response.status}`, rules: [] };
      if (response.status >= 400) return { rules: [] };
      return parseRobots(response.body.toString("utf8"));
    } catch (error) {
      // A refused or deadline-stopped robots.txt is the caller's problem, not a "disallow".
      if (error instanceof FetchRefusedError || error instanceof DeadlineError) throw error;
      return { disallowAllBecause: (error as Error).message, rules: [] };
    }
  }
}
