import assert from "node:assert/strict";
import { etaText, nextEtaEnd } from "../../web/whiteboard/src/format";

/** The page's own countdown logic (the module the bundle uses), on a fixed clock. */
describe("whiteboard ETA countdown", () => {
  const now = 1_000_000;

  it("starts from the first estimate and counts down", () => {
    const end = nextEtaEnd(null, 10, now);
    assert.equal(end, now + 10_000);
    assert.equal(etaText(end, now + 4_000), "about 6 s left");
  });

  it("never counts up: a longer estimate holds the shown end, a shorter one moves it earlier", () => {
    const shown = now + 10_000;
    assert.equal(nextEtaEnd(shown, 30, now + 2_000), shown);
    assert.equal(nextEtaEnd(shown, 3, now + 2_000), now + 5_000);
  });

  it("takes a fresh estimate once the shown end has passed, and says when it ran out", () => {
    const shown = now + 10_000;
    assert.equal(etaText(shown, now + 10_200), "taking longer than estimated");
    assert.equal(nextEtaEnd(shown, 8, now + 11_000), now + 19_000);
    assert.equal(etaText(null, now), "estimating time left…");
    assert.equal(nextEtaEnd(shown, null, now), null);
  });
});
