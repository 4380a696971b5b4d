import assert from "node:assert/strict";
import { Deadline } from "../../functions/src/shared/deadline";
import { TOOL_NAMES } from "../../functions/src/shared/toolNames";
import { TOOL_CATALOG } from "../../functions/src/tools/catalog";
import { createToolRegistry } from "../../functions/src/tools/registry";

describe("tool registry loads tools lazily (issue 20)", () => {
  for (const name of TOOL_NAMES) {
    it(`${name}: the declaration says what the loaded tool is`, async () => {
      const loader = TOOL_CATALOG[name];
      const tool = await loader.load();
      assert.equal(tool.name, name);
      assert.deepEqual(loader.serves, tool.serves);
      assert.equal(loader.pure, tool.pure ?? false);
      const registered = createToolRegistry().get(name);
      assert.ok(registered);
      assert.deepEqual(
        [registered.name, registered.serves, registered.pure ?? false],
        [name, tool.serves, tool.pure ?? false],
      );
    });
  }

  it("runs the loaded tool on the first run", async () => {
    const calculate = createToolRegistry().get("calculate");
    assert.ok(calculate);
    const result = await calculate.run({
      missionId: "m",
      objective: "What is 6 * 7?",
      input: { expression: "6 * 7" },
      reportProgress: () => undefined,
      deadline: Deadline.after(60_000),
    });
    assert.equal(result.result.value, 42);
  });
});
