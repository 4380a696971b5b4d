import assert from "node:assert/strict";
import { estimateNesting } from "../../functions/src/tools/extract/nesting";

const depth = (html: string) => estimateNesting(Buffer.from(html));

describe("source nesting estimate", () => {
  it("counts nested elements, not void, self-closed or implicitly closed ones", () => {
    assert.equal(depth("<html><body><div><p>a<p>b<ul><li>x<li>y</ul><img src=x><br/></div></body></html>"), 2);
    assert.equal(depth("<div><span/><span/></div>"), 1);
    assert.equal(depth("<DIV><Section>x</section></DIV>"), 2);
  });

  it("skips comments and raw text such as scripts", () => {
    assert.equal(depth("<div><!-- <div><div> --></div>"), 1);
    assert.equal(depth("<div><script>var s = '<div><div><div>';</script></div>"), 1);
  });

  it("sees hostile depth, and stays linear on hostile input", () => {
    assert.equal(depth("<div>".repeat(50_000)), 50_000);
    for (const hostile of [
      "<script ".repeat(200_000),
      "<".repeat(2_000_000),
      "<div".repeat(400_000) + ">",
      "<!--".repeat(500_000),
    ]) {
      const started = performance.now();
      depth(hostile);
      const ms = performance.now() - started;
      assert.ok(ms < 1_000, `${ms.toFixed(0)} ms for ${hostile.slice(0, 10)}…`);
    }
  });
});
