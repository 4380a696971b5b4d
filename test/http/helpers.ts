import { getApps, initializeApp } from "firebase-admin/app";
import { getAuth } from "firebase-admin/auth";
import { httpOrigin, suitePorts } from "../../scripts/ports";
import { requireEmulators } from "../helpers/emulator";
import { readEventStream as readStream, type SseEvent } from "../../web/whiteboard/src/sse";

export type { SseEvent };

/** Where the emulator suite listens: this suite's ports (MC_PORT_BASE, scripts/ports.ts). */
function emulatorPort(name: "functions" | "hosting"): string {
  return httpOrigin(suitePorts()[name]);
}

/** The `api` function's own URL on the Functions emulator (what the page streams from). */
export function functionUrl(path = ""): string {
  requireEmulators();
  return `${emulatorPort("functions")}/${process.env.GCLOUD_PROJECT}/us-central1/api${path}`;
}

/** The same function behind the Hosting rewrite of /api/**. */
export function hostingUrl(path = ""): string {
  return `${emulatorPort("hosting")}${path}`;
}

function authEmulatorHost(): string {
  const host = process.env.FIREBASE_AUTH_EMULATOR_HOST;
  if (!host)
    throw new Error(
      "FIREBASE_AUTH_EMULATOR_HOST is not set: run through `npm test` (the suite starts the Auth emulator)",
    );
  return host;
}

/**
 * A real Firebase ID token from the Auth emulator: the Admin SDK mints a custom token
 * (unsigned, as it does against the emulator) and the emulator's REST API exchanges it.
 * Claims are also stored as the user's custom claims.
 */
export async function idTokenFor(uid: string, claims: Record<string, unknown> = {}): Promise<string> {
  requireEmulators();
  if (!getApps().some((app) => app.name === "[DEFAULT]")) initializeApp();
  const customToken = await getAuth().createCustomToken(uid, claims);
  const response = await fetch(
    `http://${authEmulatorHost()}/identitytoolkit.googleapis.com/v1/accounts:signInWithCustomToken?key=fake-api-key`,
    {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ token: customToken, returnSecureToken: true }),
    },
  );
  const body = (await response.json()) as { idToken?: string; error?: unknown };
  if (!response.ok || !body.idToken)
    throw new Error(`Auth emulator refused the custom token: ${JSON.stringify(body.error)}`);
  // The API reads an admin's current claims too (http/currentClaims.ts): store them on the user
  // as a real deployment does (setCustomUserClaims), not only in this one token.
  if (Object.keys(claims).length > 0) await getAuth().setCustomUserClaims(uid, claims);
  return body.idToken;
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/**
 * Reads a server-sent-events response until the server ends it (or `timeoutMs` passes,
 * which fails saying what was received), handing each event to `onEvent` as it arrives.
 * The parsing is the page's own (web/whiteboard/src/sse.ts), so these tests exercise it.
 */
export async function readEventStream(
  response: Response,
  options: { timeoutMs: number; what: string; onEvent?: (event: SseEvent) => void | Promise<void> },
): Promise<SseEvent[]> {
  if (!response.body) throw new Error(`${options.what}: the response has no body`);
  const events: SseEvent[] = [];
  const timeout = AbortSignal.timeout(options.timeoutMs);
  await readStream(
    response.body,
    async (event) => {
      events.push(event);
      await options.onEvent?.(event);
    },
    timeout,
  );
  if (timeout.aborted) {
    throw new Error(
      `timed out after ${options.timeoutMs} ms waiting for ${options.what} to end; got ${events.map((e) => e.event).join(", ")}`,
    );
  }
  return events;
}
