import type { Response } from "express";
import * as z from "zod";
import { planRequestSchema } from "./plan";
import { approveQuery, createMissionBody, listQuery } from "./missions/restSchemas";

/**
 * `GET /api/openapi.json`: the API as an OpenAPI 3.1 document. Bodies and query parameters are
 * generated from the zod schemas the routes parse with (z.toJSONSchema), so the document cannot
 * drift from what is accepted; test/http/openapi.test.ts checks that every route the router has
 * is described here.
 */
type JsonSchema = Record<string, unknown>;

const toSchema = (schema: z.ZodType): JsonSchema => {
  const { $schema: _dialect, ...rest } = z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  return rest;
};

/** Each property of an object schema as an OpenAPI query parameter. */
function queryParameters(schema: z.ZodObject): JsonSchema[] {
  const json = toSchema(schema);
  const properties = (json.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((json.required ?? []) as string[]);
  return Object.entries(properties).map(([name, property]) => ({
    name,
    in: "query",
    required: required.has(name),
    schema: property,
  }));
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: JsonSchema, description: string) => ({
  description,
  content: { "application/json": { schema } },
});
const idParameter = { name: "id", in: "path", required: true, schema: { type: "string", pattern: "^[A-Za-z0-9_~-]" } };
const errors = {
  "400": json(ref("Error"), "a body, query or header did not parse; the message names the field"),
  "401": json(ref("Error"), "no valid Firebase ID token"),
  "404": json(ref("Error"), "no such mission that the caller may see"),
};
const secured = { security: [{ firebase: [] }] };

const looseObject = (description: string) => ({ type: "object", description, additionalProperties: true });
const sse = (description: string) => ({
  description,
  content: { "text/event-stream": { schema: { type: "string" } } },
});

/** The paths, with their schemas converted: built by buildDocument, once (openApiDocument). */
function paths() {
  return {
    "/api/health": { get: { summary: "Liveness", responses: { "200": json(looseObject("{ ok: true }"), "alive") } } },
    "/api/openapi.json": {
      get: { summary: "This document", responses: { "200": json(looseObject("OpenAPI 3.1"), "the document") } },
    },
    "/api/analytics/all": {
      get: {
        ...secured,
        summary: "Dashboard analytics for the caller (all missions for an admin)",
        responses: { "200": json(looseObject("analytics"), "aggregates"), ...errors },
      },
    },
    "/api/analytics/live": {
      get: {
        ...secured,
        summary: "Live agents as server-sent events",
        responses: { "200": sse("live agent events"), ...errors },
      },
    },
    "/api/missions": {
      get: {
        ...secured,
        summary: "The caller's missions, newest first (with `past_step`: missions that completed that step)",
        parameters: [
          ...queryParameters(listQuery),
          { name: "past_step", in: "query", required: false, schema: { type: "string" } },
        ],
        responses: { "200": json(ref("MissionList"), "a page of missions"), ...errors },
      },
      post: {
        ...secured,
        summary: "Create a draft mission (approved at once with `approve: true`)",
        parameters: [
          {
            name: "Idempotency-Key",
            in: "header",
            required: false,
            description: "a retried POST with the same key answers the first mission instead of creating another",
            schema: { type: "string", pattern: "^[A-Za-z0-9_.:-]{1,128}$" },
          },
        ],
        requestBody: { required: true, content: { "application/json": { schema: ref("CreateMission") } } },
        responses: {
          "201": json(ref("Mission"), "created"),
          "200": json(ref("Mission"), "replayed: the mission this Idempotency-Key created"),
          "422": json(ref("Error"), "the Idempotency-Key was used with a different body"),
          ...errors,
        },
      },
    },
    "/api/missions/{id}": {
      get: {
        ...secured,
        summary: "A mission and its execution record",
        parameters: [idParameter],
        responses: { "200": json(ref("Mission"), "the mission"), ...errors },
      },
    },
    "/api/missions/{id}/approve": {
      post: {
        ...secured,
        summary: "Approve a draft; with `wait`, answer when it ends (execute and watch)",
        parameters: [idParameter, ...queryParameters(approveQuery)],
        responses: {
          "200": json(ref("ExecuteResult"), "the run ended within the wait"),
          "202": json(ref("ExecuteResult"), "approved; still running when the wait ended (or no wait)"),
          "409": json(ref("Error"), "not a draft"),
          ...errors,
        },
      },
    },
    "/api/missions/{id}/retry": {
      post: {
        ...secured,
        summary: "Run a failed mission again, resuming from its last checkpoint",
        parameters: [idParameter, ...queryParameters(approveQuery)],
        responses: {
          "200": json(ref("ExecuteResult"), "the retried run ended within the wait"),
          "202": json(ref("ExecuteResult"), "re-approved; still running (or no wait)"),
          "409": json(ref("Error"), "not failed, or failed in a way a retry would repeat"),
          ...errors,
        },
      },
    },
    "/api/missions/{id}/cancel": {
      post: {
        ...secured,
        summary: "Cancel a draft or ask a running mission to stop",
        parameters: [idParameter],
        responses: {
          "200": json(looseObject("cancelled"), "cancelled"),
          "202": json(looseObject("requested"), "stopping"),
          "409": json(ref("Error"), "already finished"),
          ...errors,
        },
      },
    },
    "/api/missions/{id}/progress": {
      get: {
        ...secured,
        summary: "One mission's progress as server-sent events",
        parameters: [idParameter],
        responses: { "200": sse("progress events"), ...errors },
      },
    },
    "/api/me/budget": {
      get: {
        ...secured,
        summary: "The caller's spending today against their daily cap (cap null when none applies)",
        responses: {
          "200": json(looseObject("{ day, cap_microusd, settled, reserved, … }"), "today's budget"),
          ...errors,
        },
      },
    },
    "/api/plan": {
      post: {
        ...secured,
        summary:
          "Preview the tool decision a mission would run on (tool null with a refusal when no tool can serve it)",
        requestBody: { required: true, content: { "application/json": { schema: toSchema(planRequestSchema) } } },
        responses: {
          "200": json(
            looseObject("{ tool, input, source, confidence, reason, estimate_microusd, refusal? }"),
            "the decision",
          ),
          ...errors,
        },
      },
    },
    "/api/artifacts/{id}": {
      get: {
        ...secured,
        summary: "An artifact, for its mission's owner or an admin",
        parameters: [idParameter],
        responses: { "200": json(looseObject("artifact"), "the artifact"), ...errors },
      },
    },
    "/api/whiteboard": {
      get: {
        summary: "The whiteboard page",
        responses: { "200": { description: "HTML", content: { "text/html": { schema: { type: "string" } } } } },
      },
    },
    "/api/whiteboard/{asset}": {
      get: {
        summary: "The whiteboard's script and style",
        parameters: [
          { name: "asset", in: "path", required: true, schema: { type: "string", enum: ["app.js", "app.css"] } },
        ],
        responses: { "200": { description: "the asset" }, "404": json(ref("Error"), "no such asset") },
      },
    },
  } as const;
}

function buildDocument(): JsonSchema {
  return {
    openapi: "3.1.0",
    info: { title: "Mission Control API", version: "1.0.0" },
    servers: [{ url: "/" }],
    paths: paths(),
    components: {
      securitySchemes: { firebase: { type: "http", scheme: "bearer", bearerFormat: "Firebase ID token" } },
      schemas: {
        CreateMission: toSchema(createMissionBody),
        Mission: looseObject("mission_id, owner_uid, objective, status, budget, plan, timestamps, execution_record"),
        MissionList: {
          type: "object",
          properties: {
            missions: { type: "array", items: looseObject("a mission summary") },
            next_cursor: { type: ["string", "null"] },
          },
        },
        ExecuteResult: {
          type: "object",
          description: "the seed's execute_mission() result",
          properties: Object.fromEntries(
            [
              "success",
              "mission_id",
              "status",
              "finished",
              "tool_used",
              "result_summary",
              "execution_result",
              "artifact_reference",
              "progress_tracker",
              "error",
            ].map((name) => [name, {}]),
          ),
        },
        Error: {
          type: "object",
          required: ["error"],
          properties: {
            error: { type: "object", properties: { code: { type: "string" }, message: { type: "string" } } },
          },
        },
      },
    },
  };
}

let builtDocument: JsonSchema | null = null;

/**
 * The document, built on its first request rather than when the api loads: converting every
 * schema (z.toJSONSchema) would otherwise be part of each instance's cold start.
 */
export function openApiDocument(): JsonSchema {
  builtDocument ??= buildDocument();
  return builtDocument;
}

export async function getOpenApiDocument(response: Response): Promise<void> {
  response.set({ "Cache-Control": "public, max-age=300" });
  response.status(200).json(openApiDocument());
}
