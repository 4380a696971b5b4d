import { booleanSetting, intSetting, loadSettings, type SettingValues } from "../settings";

/**
 * Limits of the shared outbound fetch layer. Every value is a setting with a safe default;
 * the emulator's `functions/.env.local` sets them (and only there is loopback allowed).
 */
export const netParams = {
  allowLoopback: booleanSetting({
    name: "FETCH_ALLOW_LOOPBACK",
    default: false,
    description:
      "Allow fetching loopback addresses (127.0.0.0/8, ::1). Only for the emulator and tests; never set in production.",
  }),
  maxRedirects: intSetting({
    name: "FETCH_MAX_REDIRECTS",
    default: 5,
    min: 0,
    max: 20,
    description: "Most redirect hops one outbound request follows; every hop is checked again.",
  }),
  maxResponseBytes: intSetting({
    name: "FETCH_MAX_RESPONSE_BYTES",
    default: 2 * 1024 * 1024,
    min: 1024,
    max: 64 * 1024 * 1024,
    description: "Largest response body read from any outbound request; larger responses are refused.",
  }),
  connectTimeoutMs: intSetting({
    name: "FETCH_CONNECT_TIMEOUT_MS",
    default: 5_000,
    min: 100,
    max: 60_000,
    description: "Time allowed to open a connection (TCP and TLS) for an outbound request.",
  }),
  totalTimeoutMs: intSetting({
    name: "FETCH_TOTAL_TIMEOUT_MS",
    default: 15_000,
    min: 100,
    max: 300_000,
    description: "Time allowed for one outbound request from connecting to the last body byte, redirects included.",
  }),
};

export type NetLimits = SettingValues<typeof netParams>;

export function loadNetLimits(overrides: Partial<NetLimits> = {}): NetLimits {
  return { ...loadSettings(netParams), ...overrides };
}
