import assert from "node:assert/strict";
import { estimateNesting, scanSource } from "../../functions/src/tools/extract/nesting";

const depth = (html: string) => estimateNesting(Buffer.from(html));

// Separates linear from quadratic, not fast from slow (speed is the bench's): these inputs scan
// in about 0.1 s, while a scan quadratic in them takes minutes. The bound leaves room for a
// machine loaded by the rest of the suite, where a 1 s bound failed about one run in three.
const LINEAR_BOUND_MS = 5_000;

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

  it("sees hostile depth, and stays linear on hostile input", function () {
    this.timeout(4 * LINEAR_BOUND_MS);
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
      assert.ok(ms < LINEAR_BOUND_MS, `${ms.toFixed(0)} ms for ${hostile.slice(0, 10)}…`);
    }
  });

  it("counts formatting tags left open at once, within table cells and other marker scopes", () => {
    const scan = (html: string) => scanSource(Buffer.from(html));
    const ids = Array.from({ length: 1_000 }, (_, i) => `<b id=${i}>`).join("");
    const hostile = scan(`<p>${ids}</p>${"<p>x</p>".repeat(1_000)}`);
    assert.equal(hostile.openFormatting, 1_000);
    assert.equal(hostile.startTags, 2_001);
    assert.equal(scan("<p><b>a <i>b</i> <a href=1>c</a><a href=2>d</b> <font>e</font>").openFormatting, 2);
    assert.equal(scan("<a>1<a>2<a>3<nobr>4<nobr>5").openFormatting, 2, "one <a> and one <nobr> stay active");
    const cells = "<table>" + "<tr><td><b>x<td><i>y</td>".repeat(100) + "</table>";
    assert.equal(scan(cells).openFormatting, 1, "a cell's formatting ends with the cell");
    // Few open at once, but re-created after every one of many closing tags.
    const many = scan(`<b><i><u>${"<p>x</p>".repeat(40_000)}`);
    assert.equal(many.openFormatting, 3);
    assert.equal(many.reconstructed, 120_000);
  });

  it("stays linear when formatting tags are never closed or closed in bulk", function () {
    this.timeout(2 * LINEAR_BOUND_MS);
    for (const hostile of ["<b>".repeat(300_000) + "</i>".repeat(300_000), "<a>".repeat(500_000)]) {
      const started = performance.now();
      scanSource(Buffer.from(hostile));
      const ms = performance.now() - started;
      assert.ok(ms < LINEAR_BOUND_MS, `${ms.toFixed(0)} ms for ${hostile.slice(0, 10)}…`);
    }
  });
});
