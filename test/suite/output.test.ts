import assert from "node:assert/strict";
import { LineFilter, noiseNote } from "../../scripts/suiteOutput";

describe("emulator output filter (scripts/suiteOutput.ts)", () => {
  it("drops the known harmless lines, keeps everything else in order, and holds partial lines", () => {
    const out: string[] = [];
    const filter = new LineFilter((text) => out.push(text));
    filter.push(
      '⚠  functions: Your requested "node" version "22" doesn\'t match your global version "20". Using node@20 from host.\n',
    );
    filter.push("i  functions: Loaded functions\nServing at port 8128\n✔  all");
    assert.deepEqual(out, ["i  functions: Loaded functions\n"]);
    filter.push(" emulators ready\n");
    filter.push("partial");
    filter.flush();
    assert.deepEqual(out, ["i  functions: Loaded functions\n", "✔  all emulators ready\n", "partial"]);
    assert.equal(filter.dropped, 2);
  });

  it("explains once what it drops", () => {
    assert.match(noiseNote(), /^not shown \(harmless here\): .*Node 22.*Java 17/);
  });
});
