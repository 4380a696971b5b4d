import assert from "node:assert/strict";
import { preview } from "../../functions/src/analytics/views";

describe("analytics previews", () => {
  it("leaves short text alone and cuts long text to the limit, marked", () => {
    assert.equal(preview("short", 10), "short");
    assert.equal(preview("x".repeat(10), 10), "x".repeat(10));
    assert.equal(preview("x".repeat(11), 10), `${"x".repeat(9)}…`);
  });

  it("never cuts a character in half", () => {
    for (let max = 2; max < 12; max += 1) {
      const cut = preview("😀".repeat(20), max);
      assert.ok(cut.length <= max, `${cut.length} > ${max}`);
      assert.match(cut, /^(😀)*…$/u);
    }
  });
});
