import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import * as z from "zod";
import { onMissionWritten } from "../../functions/src/index";
import { missionPlanInputSchema } from "../../functions/src/missions/schema";
import { TOOL_CATALOG } from "../../functions/src/tools/catalog";
import { TOOL_NAMES } from "../../functions/src/shared/toolNames";

/**
 * What a tool's declaration (functions/src/tools/catalog) cannot derive is checked against it
 * here, each failure naming the tool and the place to change (docs/adding-a-tool.md).
 */
describe("every declared tool is wired everywhere (tools/catalog)", () => {
  const declarations = TOOL_NAMES.map((name) => TOOL_CATALOG[name]);

  it("is declared under its own name, serving its own kind first", () => {
    for (const declaration of declarations) {
      assert.equal(TOOL_CATALOG[declaration.name], declaration, `${declaration.name}: registered under another name`);
      assert.equal(declaration.serves[0], declaration.kind, `${declaration.name}: serves must list its kind first`);
    }
  });

  it("has its secrets bound to the mission function (index.ts, onMissionWritten's secrets)", () => {
    const endpoint = (onMissionWritten as unknown as { __endpoint: { secretEnvironmentVariables?: { key: string }[] } })
      .__endpoint;
    const bound = new Set((endpoint.secretEnvironmentVariables ?? []).map((secret) => secret.key));
    const missing = declarations.flatMap((declaration) =>
      declaration.secrets
        .filter((secret) => !bound.has(secret.name))
        .map((secret) => `${declaration.name}: ${secret.name}`),
    );
    assert.deepEqual(missing, [], "add these to onMissionWritten's `secrets` in functions/src/index.ts");
  });

  it("may be planned by a client (firestore.rules' plan.tool list)", () => {
    const rules = readFileSync("firestore.rules", "utf8");
    const list = /plan\.tool in \[([^\]]*)\]/.exec(rules)?.[1];
    assert.ok(list, "firestore.rules has no `plan.tool in [...]` list");
    const allowed = new Set(list.split(",").map((item) => item.trim().replace(/^'|'$/g, "")));
    assert.deepEqual(
      TOOL_NAMES.filter((name) => !allowed.has(name)),
      [],
      "add these to `plan.tool in [...]` in firestore.rules",
    );
    assert.deepEqual(
      [...allowed].filter((name) => !(TOOL_NAMES as readonly string[]).includes(name)),
      [],
      "firestore.rules allows tools nobody declared",
    );
  });

  it("takes only input fields a plan may hold (missions/schema.ts missionPlanInputSchema, firestore.rules validPlanInput)", () => {
    const schemaFields = Object.keys(missionPlanInputSchema.shape);
    const rulesFields = /input\.keys\(\)\.hasOnly\(\[([^\]]*)\]\)/
      .exec(readFileSync("firestore.rules", "utf8"))?.[1]
      ?.split(",")
      .map((item) => item.trim().replace(/^'|'$/g, ""));
    assert.ok(rulesFields, "firestore.rules has no `input.keys().hasOnly([...])` list");
    const missing = declarations.flatMap((declaration) => {
      const input = declaration.input({ allowLoopback: false });
      assert.ok(input instanceof z.ZodObject, `${declaration.name}: its input must be a z.object`);
      return Object.keys(input.shape).flatMap((field) => [
        ...(schemaFields.includes(field) ? [] : [`${declaration.name}.${field}: missionPlanInputSchema`]),
        ...(rulesFields.includes(field) ? [] : [`${declaration.name}.${field}: firestore.rules validPlanInput`]),
      ]);
    });
    assert.deepEqual(missing, [], "a plan could not carry these fields; add each where named (with its limit)");
  });

  it("has a row in the README's tool table, with its cost param", () => {
    const readme = readFileSync("README.md", "utf8");
    const missing = declarations
      .filter((declaration) => {
        const row = readme.split("\n").find((line) => line.startsWith(`| \`${declaration.name}\``));
        return !row?.includes(`\`${declaration.cost.spec.name}\``);
      })
      .map((declaration) => `${declaration.name} (${declaration.cost.spec.name})`);
    assert.deepEqual(missing, [], "add a row `| \\`name\\` | what it does | \\`COST_…\\` |` to README's tool table");
  });
});
