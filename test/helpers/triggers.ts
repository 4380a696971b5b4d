/**
 * The Functions emulator runs `onMissionWritten` for every mission write, creates included. A
 * test that calls the pipeline directly on a mission it creates as `approved` must not race
 * the trigger for the claim, so such suites switch the emulator's background triggers off
 * for their duration (the emulator hub's own endpoints) and back on afterwards.
 */
async function hub(path: string): Promise<void> {
  const host = process.env.FIREBASE_EMULATOR_HUB;
  if (!host) throw new Error("FIREBASE_EMULATOR_HUB is not set: run emulator tests through `npm test`");
  const response = await fetch(`http://${host}${path}`, { method: "PUT", signal: AbortSignal.timeout(120_000) });
  if (!response.ok) throw new Error(`emulator hub ${path} answered ${response.status}: ${await response.text()}`);
}

/** Switches the emulator's background triggers off or on (for a test that needs a gap). */
export function setTriggers(enabled: boolean): Promise<void> {
  return hub(enabled ? "/functions/enableBackgroundTriggers" : "/functions/disableBackgroundTriggers");
}

/** Registers mocha hooks: background triggers off for the enclosing describe, on again after it. */
export function withoutTriggers(): void {
  before(async function () {
    this.timeout(130_000);
    await hub("/functions/disableBackgroundTriggers");
  });
  after(async function () {
    this.timeout(130_000);
    await hub("/functions/enableBackgroundTriggers");
  });
}
