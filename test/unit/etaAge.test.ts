import assert from "node:assert/strict";
import { etaAsOf } from "../../functions/src/progress/etaAge";
import type { ProgressSnapshot } from "../../functions/src/progress/schema";

const MADE_AT = Date.parse("2026-12-03T10:00:00.000Z");

function snapshotWith(eta: Partial<ProgressSnapshot>): ProgressSnapshot {
  return {
    eta_at: new Date(MADE_AT).toISOString(),
    eta_seconds: 8,
    eta_low_seconds: 6,
    eta_high_seconds: 11,
    ...eta,
  } as ProgressSnapshot;
}

const finishOf = (snapshot: ProgressSnapshot) => Date.parse(snapshot.eta_at ?? "") + (snapshot.eta_seconds ?? 0) * 1000;

describe("the ETA a coalesced progress write carries", () => {
  it("is the time left at the write, with the implied finish exactly where the estimate put it", () => {
    const made = snapshotWith({});
    const written = etaAsOf(made, MADE_AT + 900);
    assert.equal(written.eta_seconds, 7.1);
    assert.equal(written.eta_at, new Date(MADE_AT + 900).toISOString());
    assert.equal(finishOf(written), finishOf(made));
    assert.equal(written.eta_low_seconds, 5.1);
    assert.equal(written.eta_high_seconds, 10.1);
  });

  it("never goes below zero, for the estimate or its range", () => {
    const written = etaAsOf(
      snapshotWith({ eta_seconds: 0.5, eta_low_seconds: 0.2, eta_high_seconds: 0.8 }),
      MADE_AT + 1000,
    );
    assert.deepEqual([written.eta_seconds, written.eta_low_seconds, written.eta_high_seconds], [0, 0, 0]);
  });

  it("leaves a snapshot alone when it has no estimate, or the write is not later than the estimate", () => {
    const none = snapshotWith({ eta_seconds: null });
    assert.equal(etaAsOf(none, MADE_AT + 500), none);
    const fresh = snapshotWith({});
    assert.equal(etaAsOf(fresh, MADE_AT), fresh);
    assert.equal(etaAsOf(fresh, MADE_AT - 10), fresh);
  });
});
