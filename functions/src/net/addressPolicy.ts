import { isIP } from "node:net";
import ipaddr from "ipaddr.js";
import { FetchRefusedError } from "./fetchErrors";

export interface AddressPolicy {
  /** Loopback is allowed only where configuration says so (emulator, tests). */
  allowLoopback: boolean;
}

export type AddressVerdict = { allowed: true } | { allowed: false; reason: string };

/**
 * Host names refused before any lookup: the cloud metadata server answers on a link-local
 * address that the address check refuses anyway, but naming it gives a clearer error and
 * does not depend on how the resolver of the day answers.
 */
const BLOCKED_HOSTNAMES = new Map([
  ["metadata.google.internal", "the Google Cloud metadata server"],
  ["metadata.goog", "the Google Cloud metadata server"],
  ["metadata", "the cloud metadata server"],
]);

/** Words people understand for ipaddr.js range names. */
const RANGE_WORDS: Record<string, string> = {
  unspecified: "unspecified",
  broadcast: "broadcast",
  multicast: "multicast",
  linkLocal: "link-local",
  loopback: "loopback",
  carrierGradeNat: "carrier-grade NAT",
  private: "private",
  reserved: "reserved",
  benchmarking: "benchmarking",
  uniqueLocal: "unique-local",
  ipv4Mapped: "IPv4-mapped IPv6",
  rfc6145: "IPv4-translated IPv6",
  rfc6052: "NAT64 IPv6",
  "6to4": "6to4 IPv6",
  teredo: "Teredo IPv6",
};

/**
 * Classifies one IP address. Only ipaddr.js's `unicast` (globally routable) passes, plus
 * loopback when the policy allows it; every special range (private, link-local including
 * 169.254.169.254, unique-local, IPv4-mapped and other IPv6 transition forms, multicast,
 * reserved…) is refused. Addresses that embed an IPv4 address are refused whatever they
 * embed: a mapped public address has no business being dialled either.
 */
export function classifyAddress(address: string, policy: AddressPolicy): AddressVerdict {
  const bare = address.replace(/^\[|\]$/g, "");
  if (!ipaddr.isValid(bare)) return { allowed: false, reason: `${address} is not an IP address` };
  const parsed = ipaddr.parse(bare);
  const range = parsed.range();
  if (parsed.kind() === "ipv6" && range !== "loopback" && range !== "unspecified") {
    // ipaddr.js calls IPv4-compatible IPv6 (::/96, deprecated by RFC 4291) unicast, yet
    // [::127.0.0.1] and [::a9fe:a9fe] embed loopback and metadata addresses: refuse them all.
    const parts = (parsed as ipaddr.IPv6).parts;
    if (parts.slice(0, 6).every((part) => part === 0)) {
      const inner = ipaddr.fromByteArray((parsed as ipaddr.IPv6).toByteArray().slice(12));
      return {
        allowed: false,
        reason: `address ${bare} is IPv4-compatible IPv6 of ${inner.toString()}, ${RANGE_WORDS[inner.range()] ?? inner.range()} (not public)`,
      };
    }
  }
  if (range === "unicast") return { allowed: true };
  if (range === "loopback" && policy.allowLoopback) return { allowed: true };
  let words = RANGE_WORDS[range] ?? range;
  if (parsed.kind() === "ipv6" && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    const inner = (parsed as ipaddr.IPv6).toIPv4Address();
    words += ` of ${inner.toString()}, ${RANGE_WORDS[inner.range()] ?? inner.range()}`;
  }
  const loopbackHint =
    range === "loopback" ? "; loopback is allowed only with FETCH_ALLOW_LOOPBACK=true (emulator)" : "";
  return { allowed: false, reason: `address ${bare} is ${words} (not public)${loopbackHint}` };
}

/**
 * Parses and checks a URL before anything is dialled. WHATWG URL parsing already
 * normalises every literal-IP spelling (decimal 2130706433, hex 0x7f.1, octal 0177.0.0.1,
 * [::ffff:127.0.0.1]) into its canonical form, so checking the parsed hostname covers them;
 * a DNS lookup hook alone never sees literal IPs because Node skips the lookup for them.
 */
export function checkUrl(input: string | URL, policy: AddressPolicy, redirectedFrom?: string): URL {
  const shown = String(input);
  const context = redirectedFrom ? ` (redirected from ${redirectedFrom})` : "";
  const refuse = (reason: string) => new FetchRefusedError(`refused to fetch ${shown}${context}: ${reason}`);
  let url: URL;
  try {
    url = new URL(shown);
  } catch {
    throw refuse("it is not a valid absolute URL");
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") {
    throw refuse(`scheme ${url.protocol} is not allowed (only http and https)`);
  }
  if (url.username || url.password) throw refuse("URLs with credentials are not allowed");
  const host = url.hostname
    .replace(/^\[|\]$/g, "")
    .replace(/\.$/, "")
    .toLowerCase();
  if (host === "") throw refuse("it has no host");
  const blocked = BLOCKED_HOSTNAMES.get(host);
  if (blocked) throw refuse(`${host} is ${blocked}`);
  if (isIP(host) !== 0) {
    const verdict = classifyAddress(host, policy);
    if (!verdict.allowed) throw refuse(verdict.reason);
  }
  return url;
}
