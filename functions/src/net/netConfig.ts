import { defineBoolean, defineInt } from "firebase-functions/params";
import { paramValue } from "../paramValue";

/**
 * Limits of the shared outbound fetch layer. Every value is a Functions param with a safe
 * default; the emulator's `functions/.env.local` sets them (and only there is loopback allowed).
 */
export const netParams = {
  allowLoopback: defineBoolean("FETCH_ALLOW_LOOPBACK", {
    default: false,
    description:
      "Allow fetching loopback addresses (127.0.0.0/8, ::1). Only for the emulator and tests; never set in production.",
  }),
  maxRedirects: defineInt("FETCH_MAX_REDIRECTS", {
    default: 5,
    description: "Most redirect hops one outbound request follows; every hop is checked again.",
  }),
  maxResponseBytes: defineInt("FETCH_MAX_RESPONSE_BYTES", {
    default: 2 * 1024 * 1024,
    description: "Largest response body read from any outbound request; larger responses are refused.",
  }),
  connectTimeoutMs: defineInt("FETCH_CONNECT_TIMEOUT_MS", {
    default: 5_000,
    description: "Time allowed to open a connection (TCP and TLS) for an outbound request.",
  }),
  totalTimeoutMs: defineInt("FETCH_TOTAL_TIMEOUT_MS", {
    default: 15_000,
    description: "Time allowed for one outbound request from connecting to the last body byte, redirects included.",
  }),
};

export interface NetLimits {
  allowLoopback: boolean;
  maxRedirects: number;
  maxResponseBytes: number;
  connectTimeoutMs: number;
  totalTimeoutMs: number;
}

export function loadNetLimits(overrides: Partial<NetLimits> = {}): NetLimits {
  return {
    allowLoopback: paramValue(netParams.allowLoopback),
    maxRedirects: paramValue(netParams.maxRedirects),
    maxResponseBytes: paramValue(netParams.maxResponseBytes),
    connectTimeoutMs: paramValue(netParams.connectTimeoutMs),
    totalTimeoutMs: paramValue(netParams.totalTimeoutMs),
    ...overrides,
  };
}
