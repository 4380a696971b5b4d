import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Response } from "express";
import type { Request } from "firebase-functions/v2/https";
import { whiteboardConfig } from "../whiteboard/config";
import { contentSecurityPolicy, renderPage } from "../whiteboard/page";
import { HttpError } from "./errors";

/**
 * The page's script and stylesheet, bundled by web/whiteboard/build.mjs (run by the functions
 * build) into lib/whiteboard/, beside this compiled file's folder: served as they were built.
 */
function builtAsset(name: string): string {
  try {
    return readFileSync(join(__dirname, "..", "whiteboard", name), "utf8");
  } catch (error) {
    throw new HttpError(500, "not_built", `the whiteboard's ${name} is missing (${String(error)}); run npm run build`);
  }
}

/** `GET /api/whiteboard`: public markup; the data behind it needs a signed-in user. */
export async function serveWhiteboardPage(request: Request, response: Response): Promise<void> {
  if (request.path.endsWith("/")) {
    // The page's assets are relative to ".../whiteboard".
    response.redirect(301, request.originalUrl.replace(/\/+(\?|$)/, "$1"));
    return;
  }
  const config = await whiteboardConfig();
  response.set({
    "Content-Type": "text/html; charset=utf-8",
    "Cache-Control": "no-cache",
    "Content-Security-Policy": contentSecurityPolicy(config),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
  });
  response.status(200).send(renderPage(config));
}

const ASSET_TYPES: Record<string, string> = {
  "app.js": "text/javascript; charset=utf-8",
  "app.css": "text/css; charset=utf-8",
};

export function serveWhiteboardAsset(response: Response, name: string): void {
  const type = ASSET_TYPES[name];
  if (!type) throw new HttpError(404, "not_found", `no whiteboard asset ${name}`);
  const body = builtAsset(name);
  response.set({
    "Content-Type": type,
    "Cache-Control": "public, max-age=300",
    "X-Content-Type-Options": "nosniff",
  });
  response.status(200).send(body);
}
