import type { Request } from "firebase-functions/v2/https";
import type { Response } from "express";

/** Routes every /api request (the Hosting rewrite sends them all to one function). */
export async function handleApiRequest(request: Request, response: Response): Promise<void> {
  const path = request.path.replace(/\/+$/, "") || "/";
  if (request.method === "GET" && (path === "/api/health" || path === "/health")) {
    response.json({ ok: true });
    return;
  }
  response.status(404).json({ error: { code: "not_found", message: `no route for ${request.method} ${path}` } });
}
