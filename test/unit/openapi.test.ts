import assert from "node:assert/strict";
import { methodsOf, ROUTES } from "../../functions/src/http/api";
import { openApiDocument } from "../../functions/src/http/openapi";

/** A concrete path for a documented template: `{id}` → a mission id, `{asset}` → app.js. */
function samplePath(template: string): string {
  return template
    .replace(/^\/api/, "")
    .replace("{id}", "mission-1")
    .replace("{asset}", "app.js");
}

describe("GET /api/openapi.json (the document)", () => {
  const paths = openApiDocument().paths as Record<string, Record<string, unknown>>;

  it("describes every route and method the router has (a route added without a description fails)", () => {
    const undocumented: string[] = [];
    for (const route of ROUTES) {
      for (const method of methodsOf(route).filter((name) => name !== "HEAD")) {
        const documented = Object.entries(paths).some(
          ([template, operations]) => method.toLowerCase() in operations && route.pattern.test(samplePath(template)),
        );
        if (!documented) undocumented.push(`${method} ${route.pattern.source}`);
      }
    }
    assert.deepEqual(undocumented, []);
  });

  it("documents nothing the router does not answer", () => {
    const phantom = Object.entries(paths).flatMap(([template, operations]) =>
      Object.keys(operations)
        .filter(
          (method) =>
            !ROUTES.some(
              (route) => route.pattern.test(samplePath(template)) && methodsOf(route).includes(method.toUpperCase()),
            ),
        )
        .map((method) => `${method} ${template}`),
    );
    assert.deepEqual(phantom, []);
  });

  it("is OpenAPI 3.1 with the create body generated from the mission schema", () => {
    assert.equal(openApiDocument().openapi, "3.1.0");
    const schemas = (
      openApiDocument().components as {
        schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }>;
      }
    ).schemas;
    const create = schemas.CreateMission;
    assert.deepEqual(Object.keys(create?.properties ?? {}).sort(), ["approve", "budget", "objective", "plan"]);
    assert.deepEqual(create?.required, ["objective"]);
    const approve = (paths["/api/missions/{id}/approve"]?.post as { parameters: { name: string }[] }).parameters;
    assert.ok(approve.some((parameter) => parameter.name === "wait"));
  });
});
