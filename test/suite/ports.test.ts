import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  DEFAULT_PORTS,
  FETCH_BLOCKED_PORTS,
  portBase,
  portsFor,
  searchEndpoint,
  SERVICES,
  suitePorts,
} from "../../scripts/ports";
import { emulatorEnv, emulatorSection, readCommittedConfig } from "../../scripts/suiteConfig";

const ROOT = join(__dirname, "..", "..");

/** No emulator needed: the port table, and that the committed files agree with its defaults. */
describe("suite ports (MC_PORT_BASE)", () => {
  it("keeps today's ports when MC_PORT_BASE is unset or empty", () => {
    assert.equal(portBase({}), undefined);
    assert.equal(portBase({ MC_PORT_BASE: " " }), undefined);
    assert.deepEqual(suitePorts({}), DEFAULT_PORTS);
  });

  it("moves every service to base + its offset, all distinct", () => {
    const ports = suitePorts({ MC_PORT_BASE: "6100" });
    assert.deepEqual(
      SERVICES.map((service) => ports[service]),
      SERVICES.map((_, offset) => 6100 + offset),
    );
    assert.equal(new Set(Object.values(DEFAULT_PORTS)).size, SERVICES.length, "default ports are distinct");
  });

  it("refuses a base that is not a port, or that lands a service on a port fetch() blocks", () => {
    assert.throws(() => portBase({ MC_PORT_BASE: "abc" }), /MC_PORT_BASE must be a number \(got "abc"\)/);
    assert.throws(() => portBase({ MC_PORT_BASE: "80" }), /at least 1024/);
    assert.throws(() => portBase({ MC_PORT_BASE: "65530" }), /must leave room for 11 ports/);
    assert.throws(() => portBase({ MC_PORT_BASE: "6100.5" }), /whole number/);
    assert.throws(() => portsFor(5990), /MC_PORT_BASE=5990 puts demoSearch on 6000, a port fetch\(\) refuses to use/);
    assert.throws(() => portsFor(5995), /hosting on 6000/);
    assert.ok(FETCH_BLOCKED_PORTS.every((port) => !Object.values(DEFAULT_PORTS).includes(port)));
  });

  it("the committed firebase.json holds exactly the default ports (what `firebase` alone would use)", () => {
    const committed = readCommittedConfig(ROOT);
    assert.deepEqual(
      emulatorSection(committed, DEFAULT_PORTS),
      committed.emulators,
      "firebase.json's emulator ports differ from scripts/ports.ts DEFAULT_PORTS",
    );
  });

  it("the committed functions/.env.local points at the default demo search port, and is re-pointed per suite", () => {
    const committedEnv = readFileSync(join(ROOT, "functions", ".env.local"), "utf8");
    assert.match(committedEnv, new RegExp(`^SEARCH_API_ENDPOINT=${searchEndpoint(DEFAULT_PORTS)}$`, "m"));
    const moved = emulatorEnv(committedEnv, portsFor(7100));
    assert.match(moved, /^SEARCH_API_ENDPOINT=http:\/\/127\.0\.0\.1:7110\/res\/v1\/web\/search$/m);
    assert.equal(moved.match(/^SEARCH_API_ENDPOINT=/gm)?.length, 1);
    assert.throws(() => emulatorEnv("FOO=1\n", DEFAULT_PORTS), /no SEARCH_API_ENDPOINT line/);
  });

  it("the effective emulator section pins the Firestore websocket and Cloud Tasks ports", () => {
    const section = emulatorSection(readCommittedConfig(ROOT), portsFor(7100));
    assert.deepEqual(section.firestore, { host: "127.0.0.1", port: 7102, websocketPort: 7103 });
    assert.deepEqual(section.tasks, { host: "127.0.0.1", port: 7108 });
    assert.deepEqual(section.ui, { enabled: false });
  });
});
