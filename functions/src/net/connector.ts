import { lookup as dnsLookup, type LookupAddress } from "node:dns";
import type { LookupFunction } from "node:net";
import { buildConnector } from "undici";
import { classifyAddress, type AddressPolicy } from "./addressPolicy";
import { AddressRefusal } from "./fetchErrors";

/**
 * A DNS lookup that hands the socket only addresses the policy allows. Node calls it for
 * host names (never for literal IPs, which `checkUrl` covers), with `all: true` when it
 * races address families.
 */
export function guardedLookup(policy: AddressPolicy): LookupFunction {
  return (hostname, options, callback) => {
    dnsLookup(hostname, { ...options, all: true }, (error, addresses: LookupAddress[]) => {
      if (error) {
        callback(error, "");
        return;
      }
      const allowed = addresses.filter((entry) => classifyAddress(entry.address, policy).allowed);
      const first = allowed[0];
      if (!first) {
        const reasons = addresses.map((entry) => {
          const verdict = classifyAddress(entry.address, policy);
          return verdict.allowed ? entry.address : verdict.reason;
        });
        callback(new AddressRefusal(`${hostname} resolves only to non-public addresses: ${reasons.join("; ")}`), "");
        return;
      }
      if (options.all) callback(null, allowed);
      else callback(null, first.address, first.family);
    });
  };
}

/**
 * undici's connector with two guards: the lookup above (so no packet goes to a refused
 * address), and a check of the socket's actual remote address once connected, which is
 * the address that matters (it also catches DNS rebinding between two lookups and any
 * path that bypasses the lookup). Libraries that guard `http.Agent` (ssrf-req-filter,
 * request-filtering-agent) do not cover undici or Node's built-in fetch; this does.
 */
export function guardedConnector(policy: AddressPolicy, connectTimeoutMs: number): buildConnector.connector {
  const connect = buildConnector({ timeout: connectTimeoutMs, lookup: guardedLookup(policy) });
  return (options, callback) => {
    connect(options, (...result) => {
      const [error, socket] = result;
      if (error !== null) {
        callback(error, null);
        return;
      }
      const address = socket.remoteAddress;
      const verdict = address
        ? classifyAddress(address, policy)
        : ({ allowed: false, reason: `the connected address of ${options.hostname} is unknown` } as const);
      if (!verdict.allowed) {
        socket.destroy();
        callback(new AddressRefusal(verdict.reason), null);
        return;
      }
      callback(null, socket);
    });
  };
}
