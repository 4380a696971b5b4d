import assert from "node:assert/strict";
import { connect } from "node:net";
import * as z from "zod";
import { address, httpOrigin, LOOPBACK, suitePorts, type Service } from "../../scripts/ports";
import { requireEmulators } from "../helpers/emulator";

const hubListing = z.record(z.string(), z.object({ host: z.string(), port: z.number() }).loose());

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: LOOPBACK, port, timeout: 2000 });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => resolve(false));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
  });
}

/** Whatever MC_PORT_BASE this suite was started with, it listens exactly where scripts/ports.ts says. */
describe("the running suite's ports (emulator)", function () {
  this.timeout(10_000);
  const ports = suitePorts();

  before(() => requireEmulators());

  it("hands the tests the suite's Firestore, Auth and hub addresses", () => {
    assert.equal(process.env.FIRESTORE_EMULATOR_HOST, address(ports.firestore));
    assert.equal(process.env.FIREBASE_AUTH_EMULATOR_HOST, address(ports.auth));
    assert.equal(process.env.FIREBASE_EMULATOR_HUB, address(ports.hub));
  });

  it("runs every emulator on its port, as the hub reports it", async () => {
    const response = await fetch(`${httpOrigin(ports.hub)}/emulators`, { signal: AbortSignal.timeout(5000) });
    const listed = hubListing.parse(await response.json());
    const expected: [string, Service][] = [
      ["hub", "hub"],
      ["firestore", "firestore"],
      ["functions", "functions"],
      ["hosting", "hosting"],
      ["auth", "auth"],
      ["eventarc", "eventarc"],
      ["tasks", "tasks"],
    ];
    for (const [name, service] of expected) {
      assert.equal(listed[name]?.port, ports[service], `${name} listens on ${ports[service]}`);
    }
  });

  it("pins the Firestore websocket (firebase-tools would otherwise pick 9150 or the next free port)", async () => {
    assert.equal(await listening(ports.firestoreWebsocket), true, `nothing listens on ${ports.firestoreWebsocket}`);
  });
});
