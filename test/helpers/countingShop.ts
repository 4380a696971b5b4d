import type { IncomingMessage, ServerResponse } from "node:http";
import { handleCatalog } from "../../scripts/demo/catalogSite";
import { listen, type RunningServer } from "../../scripts/demo/listen";

/** The catalog shop on loopback, counting requests per page; `delayMs` holds each answer back. */
export async function countingShop(delayMs: number): Promise<{ server: RunningServer; hits: Map<string, number> }> {
  const hits = new Map<string, number>();
  const server = await listen((request: IncomingMessage, response: ServerResponse) => {
    const key = request.url ?? "/";
    if (key !== "/robots.txt") hits.set(key, (hits.get(key) ?? 0) + 1);
    setTimeout(() => {
      if (!handleCatalog(request, response)) {
        response.writeHead(404, { "content-type": "text/plain" });
        response.end("not found");
      }
    }, delayMs);
  });
  return { server, hits };
}
