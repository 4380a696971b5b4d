import { projectID } from "firebase-functions/params";
import { settingValue, stringSetting } from "../settings";
import { isEmulator } from "../whiteboard/config";

/**
 * Which browser origins may read `/api` responses. The whiteboard is served by this
 * project's Hosting and reads its event streams from the function's own URL, so the
 * project's own Hosting origins must be allowed; nobody else's site (`*.web.app` is
 * anyone's) and no local page outside the emulator.
 */
export const corsParams = {
  extraOrigins: stringSetting({
    name: "CORS_EXTRA_ORIGINS",
    default: "",
    description:
      "More browser origins allowed to call /api, comma-separated, each https://host[:port] (another Hosting site, a custom domain). The project's own web.app and firebaseapp.com origins are always allowed.",
  }),
};

/** The Hosting emulator's origins (firebase.json: emulators.hosting), allowed only in the emulator. */
export const EMULATOR_HOSTING_ORIGINS: readonly string[] = ["http://127.0.0.1:5002", "http://localhost:5002"];

export interface CorsSettings {
  projectId: string;
  /** The CORS_EXTRA_ORIGINS value. */
  extraOrigins: string;
  emulator: boolean;
}

/**
 * An origin exactly as a browser sends it (scheme, host, optional port; no path), https
 * only, or local http in the emulator. Anything else in the configuration is left out
 * rather than widened into a pattern.
 */
function acceptableOrigin(candidate: string, emulator: boolean): boolean {
  let url: URL;
  try {
    url = new URL(candidate);
  } catch {
    return false;
  }
  // WHATWG URL keeps `*` in a host name; a wildcard would be read as a literal host anyway.
  const plainHost = /^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(url.hostname) || url.hostname === "[::1]";
  if (url.origin !== candidate || !plainHost) return false;
  if (url.protocol === "https:") return true;
  return emulator && url.protocol === "http:" && ["127.0.0.1", "localhost", "[::1]"].includes(url.hostname);
}

export function allowedOrigins(settings: CorsSettings): string[] {
  const own = /^[a-z0-9-]+$/.test(settings.projectId)
    ? [`https://${settings.projectId}.web.app`, `https://${settings.projectId}.firebaseapp.com`]
    : [];
  const extras = settings.extraOrigins
    .split(",")
    .map((origin) => origin.trim())
    .filter((origin) => acceptableOrigin(origin, settings.emulator));
  const local = settings.emulator ? EMULATOR_HOSTING_ORIGINS : [];
  return [...new Set([...own, ...extras, ...local])];
}

/** The origins for this deployment, from the project id, the param and where it runs. */
export function apiCorsOrigins(): string[] {
  return allowedOrigins({
    projectId: projectID.value(),
    extraOrigins: settingValue(corsParams.extraOrigins),
    emulator: isEmulator(),
  });
}
