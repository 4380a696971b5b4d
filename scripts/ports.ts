/**
 * Every port the local suite uses, from one place.
 *
 * With MC_PORT_BASE unset the suite keeps the ports it always had (the ones in the committed
 * firebase.json and functions/.env.local, which a test holds equal to DEFAULT_PORTS). With
 * MC_PORT_BASE=6000 every service moves to 6000 + its offset, so a second checkout, or a second
 * CI job, can run its own suite beside the first.
 *
 *   eval "$(npm run --silent ports)"   # exports HUB, FIRESTORE, FUNCTIONS, HOSTING, AUTH, ... as host:port
 */
import * as z from "zod";
import { FAKE_SEARCH_PATH } from "./demo/fakeSearchApi";

export const LOOPBACK = "127.0.0.1";
export const PORT_BASE_VARIABLE = "MC_PORT_BASE";

/** The names of the services, in offset order (a service's offset is its index). */
export const SERVICES = [
  "hub",
  "logging",
  "firestore",
  "firestoreWebsocket",
  "functions",
  "hosting",
  "auth",
  "eventarc",
  "tasks",
  "demoSite",
  "demoSearch",
] as const;
export type Service = (typeof SERVICES)[number];
export type Ports = Readonly<Record<Service, number>>;

/** Today's ports: what the suite uses when MC_PORT_BASE is not set. */
export const DEFAULT_PORTS: Ports = {
  hub: 4400,
  logging: 4500,
  firestore: 8080,
  firestoreWebsocket: 9150,
  functions: 5001,
  hosting: 5002,
  auth: 9099,
  eventarc: 9299,
  tasks: 9499,
  demoSite: 5055,
  demoSearch: 5056,
};

const MAX_PORT = 65_535;
/**
 * Ports above 1024 that fetch() refuses to connect to (the Fetch standard's "bad ports"): the page,
 * the tests and the function's own calls to the emulator hub all use fetch, so no service may sit
 * on one. (Found the hard way: MC_PORT_BASE=6000 put the hub on 6000, X11's port.)
 */
export const FETCH_BLOCKED_PORTS: readonly number[] = [
  1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
];
const baseSchema = z.coerce
  .number({ error: `${PORT_BASE_VARIABLE} must be a number` })
  .int(`${PORT_BASE_VARIABLE} must be a whole number`)
  .min(1024, `${PORT_BASE_VARIABLE} must be at least 1024 (lower ports need root)`)
  .max(MAX_PORT - SERVICES.length, `${PORT_BASE_VARIABLE} must leave room for ${SERVICES.length} ports below 65536`);

/** The port base in force, or undefined for the default ports. Throws a readable error on a bad value. */
export function portBase(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const raw = env[PORT_BASE_VARIABLE];
  if (raw === undefined || raw.trim() === "") return undefined;
  const parsed = baseSchema.safeParse(raw.trim());
  if (!parsed.success) throw new Error(`${parsed.error.issues[0]?.message ?? "invalid"} (got "${raw}")`);
  return parsed.data;
}

export function portsFor(base: number | undefined): Ports {
  if (base === undefined) return DEFAULT_PORTS;
  const ports = Object.fromEntries(SERVICES.map((service, offset) => [service, base + offset])) as Record<
    Service,
    number
  >;
  const blocked = SERVICES.filter((service) => FETCH_BLOCKED_PORTS.includes(ports[service]));
  if (blocked.length > 0) {
    throw new Error(
      `${PORT_BASE_VARIABLE}=${base} puts ${blocked.map((service) => `${service} on ${ports[service]}`).join(", ")}, ` +
        "a port fetch() refuses to use; pick another base",
    );
  }
  return ports;
}

/** The ports of the suite this process belongs to (MC_PORT_BASE is passed down to every child). */
export function suitePorts(env: NodeJS.ProcessEnv = process.env): Ports {
  return portsFor(portBase(env));
}

export function address(port: number): string {
  return `${LOOPBACK}:${port}`;
}

export function httpOrigin(port: number): string {
  return `http://${address(port)}`;
}

/** `SEARCH_API_ENDPOINT` for the emulator: the demo search server of this suite. */
export function searchEndpoint(ports: Ports): string {
  return `${httpOrigin(ports.demoSearch)}${FAKE_SEARCH_PATH}`;
}

function shellName(service: Service): string {
  return service.replace(/[A-Z]/g, (letter) => `_${letter}`).toUpperCase();
}

// `tsx scripts/ports.ts` prints `export NAME=host:port` lines for a shell (docs' curl lines use them).
if (typeof require !== "undefined" && require.main === module) {
  const ports = suitePorts();
  for (const service of SERVICES) process.stdout.write(`export ${shellName(service)}=${address(ports[service])}\n`);
}
