import assert from "node:assert/strict";
import { addCounts, bucketKey, DURATION_BUCKETS_MS, quantileBound } from "../../functions/src/analytics/histogram";

describe("step duration histogram (p90 from aggregates)", () => {
  it("puts a duration in the smallest bucket that holds it, and anything longer in the last", () => {
    assert.equal(bucketKey(0), "le_1");
    assert.equal(bucketKey(1), "le_1");
    assert.equal(bucketKey(1.5), "le_2");
    assert.equal(bucketKey(430), "le_500");
    assert.equal(bucketKey(501), "le_1000");
    assert.equal(bucketKey(10_000_000), `le_${DURATION_BUCKETS_MS.at(-1)}`);
  });

  it("reads the p90 as the upper bound of the bucket holding the 90th run", () => {
    // 9 runs of about 40 ms and 1 of 3 s: the 9th of 10 is still in the 50 ms bucket.
    assert.equal(quantileBound({ le_50: 9, le_5000: 1 }, 0.9), 50);
    // 8 fast and 2 slow: the 9th run is a slow one.
    assert.equal(quantileBound({ le_50: 8, le_5000: 2 }, 0.9), 5000);
    assert.equal(quantileBound({ le_200: 1 }, 0.9), 200);
  });

  it("has no p90 without runs, and ignores keys it does not know", () => {
    assert.equal(quantileBound({}, 0.9), null);
    assert.equal(quantileBound({ le_3: 4 }, 0.9), null);
  });

  it("adds shards up bucket by bucket", () => {
    const total: Record<string, number> = { le_50: 1 };
    addCounts(total, { le_50: 2, le_100: 3 });
    assert.deepEqual(total, { le_50: 3, le_100: 3 });
  });
});
