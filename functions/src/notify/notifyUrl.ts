import { checkUrl } from "../net/addressPolicy";
import { loadNetLimits } from "../net/netConfig";

/**
 * Why a mission's `notify_url` may not be used, or null. The rules check its shape (https);
 * here the same address policy as every fetch refuses private, link-local, metadata and
 * loopback targets written as literals, so a mission naming one fails at verification, before
 * anything runs. Host names are checked again on every delivery (DNS, the connected socket).
 * Plain http is accepted only for loopback in the emulator (FETCH_ALLOW_LOOPBACK).
 */
export function notifyUrlRefusal(url: string, allowLoopback = loadNetLimits().allowLoopback): string | null {
  let parsed: URL;
  try {
    parsed = checkUrl(url, { allowLoopback });
  } catch (error) {
    return `notify_url is not allowed: ${(error as Error).message}`;
  }
  const loopbackHost = ["127.0.0.1", "localhost", "[::1]"].includes(parsed.hostname);
  if (parsed.protocol !== "https:" && !(allowLoopback && loopbackHost)) {
    return `notify_url must use https, got ${parsed.protocol.replace(":", "")}`;
  }
  if (parsed.hostname === "localhost" && !allowLoopback) return "notify_url is not allowed: localhost is loopback";
  return null;
}
