import type { Response } from "express";
import type { Request } from "firebase-functions/v2/https";
import { log } from "../logs";
import { firestore } from "../firebase";
import { serveWhiteboardAsset, serveWhiteboardPage } from "./whiteboardRoutes";
import { HttpError, sendError } from "./errors";
import { postMissionCancel } from "./missions/cancel";
import { postPlanPreview } from "./plan";
import { getMyBudget } from "./meBudget";
import { ID_PATTERN } from "./ids";
import { getMission, listMissions, postMission } from "./missions/missionRoutes";
import { postApprove, postRetry } from "./missions/missionRun";
import { getOpenApiDocument } from "./openapi";
import {
  getAnalyticsAll,
  getArtifact,
  getLiveAgentsStream,
  getMissionProgressStream,
  getMissionsPastStep,
} from "./handlers";

type Handler = (request: Request, response: Response, params: string[]) => Promise<void>;

export interface Route {
  pattern: RegExp;
  handle: Handler;
  /** Methods the route answers (default GET and HEAD: everything else is read-only). */
  methods?: readonly string[];
}

const READ_METHODS = ["GET", "HEAD"] as const;

/** Mission and artifact ids in paths (http/ids.ts). */
const ID = ID_PATTERN;

export const ROUTES: readonly Route[] = [
  {
    pattern: /^\/health$/,
    handle: async (_request, response) => {
      response.json({ ok: true });
    },
  },
  { pattern: /^\/analytics\/all$/, handle: (request, response) => getAnalyticsAll(firestore(), request, response) },
  {
    pattern: /^\/analytics\/live$/,
    handle: (request, response) => getLiveAgentsStream(firestore(), request, response),
  },
  {
    pattern: /^\/missions$/,
    // `past_step` keeps the older "missions that got past a step" answer (http/handlers.ts).
    handle: (request, response) =>
      request.query.past_step === undefined
        ? listMissions(firestore(), request, response)
        : getMissionsPastStep(firestore(), request, response),
  },
  {
    pattern: /^\/missions$/,
    methods: ["POST"],
    handle: (request, response) => postMission(firestore(), request, response),
  },
  {
    pattern: new RegExp(`^/missions/${ID}$`),
    handle: (request, response, [id]) => getMission(firestore(), request, response, id ?? ""),
  },
  {
    pattern: new RegExp(`^/missions/${ID}/approve$`),
    methods: ["POST"],
    handle: (request, response, [id]) => postApprove(firestore(), request, response, id ?? ""),
  },
  {
    pattern: new RegExp(`^/missions/${ID}/retry$`),
    methods: ["POST"],
    handle: (request, response, [id]) => postRetry(firestore(), request, response, id ?? ""),
  },
  { pattern: /^\/openapi\.json$/, handle: async (_request, response) => getOpenApiDocument(response) },
  { pattern: /^\/me\/budget$/, handle: (request, response) => getMyBudget(firestore(), request, response) },
  {
    pattern: new RegExp(`^/missions/${ID}/progress$`),
    handle: (request, response, [id]) => getMissionProgressStream(firestore(), request, response, id ?? ""),
  },
  {
    pattern: new RegExp(`^/missions/${ID}/cancel$`),
    methods: ["POST"],
    handle: (request, response, [id]) => postMissionCancel(firestore(), request, response, id ?? ""),
  },
  {
    pattern: new RegExp(`^/artifacts/${ID}$`),
    handle: (request, response, [id]) => getArtifact(firestore(), request, response, id ?? ""),
  },
  { pattern: /^\/plan$/, methods: ["POST"], handle: (request, response) => postPlanPreview(request, response) },
  { pattern: /^\/whiteboard$/, handle: (request, response) => serveWhiteboardPage(request, response) },
  {
    pattern: /^\/whiteboard\/(app\.js|app\.css)$/,
    handle: async (_request, response, [asset]) => serveWhiteboardAsset(response, asset ?? ""),
  },
];

export function methodsOf(route: Route): readonly string[] {
  return route.methods ?? READ_METHODS;
}

/**
 * The route path of a request: the Hosting rewrite delivers `/api/...`, a call to the
 * function's own URL delivers the path after the function name (with or without `/api`).
 */
export function routePath(path: string): string {
  const trimmed = path.replace(/\/+$/, "") || "/";
  return trimmed === "/api" ? "/" : trimmed.replace(/^\/api(?=\/)/, "");
}

/** Routes every /api request (the Hosting rewrite sends them all to one function). */
export async function handleApiRequest(request: Request, response: Response): Promise<void> {
  const path = routePath(request.path);
  const matching = ROUTES.filter((candidate) => candidate.pattern.test(path));
  // One path may have a route per method (GET and POST /missions): take the one for this method.
  const route = matching.find((candidate) => methodsOf(candidate).includes(request.method)) ?? matching[0];
  try {
    if (!route) throw new HttpError(404, "not_found", `no route for ${request.method} /api${path}`);
    const methods = matching.flatMap(methodsOf);
    if (!methods.includes(request.method)) {
      throw new HttpError(
        405,
        "method_not_allowed",
        `${request.method} is not allowed on /api${path}; use ${methods[0] ?? "GET"}`,
        { Allow: methods.join(", ") },
      );
    }
    const params = route.pattern.exec(path)?.slice(1) ?? [];
    await route.handle(request, response, params);
  } catch (error) {
    if (error instanceof HttpError) {
      sendError(response, error);
      return;
    }
    log.requestFailed(`${request.method} /api${path}`, error);
    sendError(response, new HttpError(500, "internal", "the request failed; try again"));
  }
}
