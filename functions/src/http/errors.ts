import type { Response } from "express";

/** An error that has an HTTP status and a JSON body: `{ "error": { "code", "message" } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
    this.name = "HttpError";
  }
}

export function sendError(response: Response, error: HttpError): void {
  if (response.headersSent) {
    response.end();
    return;
  }
  response.set({ "Cache-Control": "no-store", ...error.headers });
  response.status(error.status).json({ error: { code: error.code, message: error.message } });
}

export const notFound = (message: string) => new HttpError(404, "not_found", message);
export const badRequest = (message: string) => new HttpError(400, "bad_request", message);
