import { deployedRegion } from "../region";
import type { WhiteboardConfig } from "../shared/whiteboardConfig";

export type { WhiteboardConfig };

/** The name `api` is deployed as; its region is the FUNCTIONS_REGION param (region.ts). */
export const API_FUNCTION = "api";
export const POLL_MS = 5000;
const EMULATOR_API_KEY = "fake-api-key";

export function isEmulator(): boolean {
  return process.env.FUNCTIONS_EMULATOR === "true";
}

/** The Functions emulator's address, from the emulator hub (only asked on the emulator). */
async function functionsEmulatorOrigin(): Promise<string> {
  const hub = process.env.FIREBASE_EMULATOR_HUB;
  if (hub) {
    try {
      const response = await fetch(`http://${hub}/emulators`, { signal: AbortSignal.timeout(2000) });
      const emulators = (await response.json()) as { functions?: { host?: string; port?: number } };
      const { host, port } = emulators.functions ?? {};
      if (host && port) return `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
    } catch {
      // fall through to the default port
    }
  }
  return "http://127.0.0.1:5001";
}

export async function whiteboardConfig(): Promise<WhiteboardConfig> {
  const project = process.env.GCLOUD_PROJECT ?? "";
  const authHost = process.env.FIREBASE_AUTH_EMULATOR_HOST;
  if (isEmulator()) {
    const origin = await functionsEmulatorOrigin();
    return {
      auth: authHost
        ? { mode: "emulator", emulatorOrigin: `http://${authHost}`, apiKey: EMULATOR_API_KEY }
        : { mode: "password", apiKey: "" },
      streamBase: `${origin}/${project}/${deployedRegion()}/${API_FUNCTION}`,
      pollMs: POLL_MS,
    };
  }
  // The web API key is public; Hosting serves it to the page at /__/firebase/init.json.
  return {
    auth: { mode: "password", apiKey: "" },
    streamBase: `https://${deployedRegion()}-${project}.cloudfunctions.net/${API_FUNCTION}`,
    pollMs: POLL_MS,
  };
}
