import type { IncomingMessage, ServerResponse } from "node:http";
import { handleCatalog } from "../../scripts/demo/catalogSite";
import { listen } from "../../scripts/demo/listen";

/**
 * The demo shop on a free loopback port, every response held back `delayMs`: an extract
 * mission against `${url}` (its 5-page /slow catalog) runs for several seconds in the
 * emulator, long enough to watch it move. The emulator may fetch loopback
 * (FETCH_ALLOW_LOOPBACK in functions/.env.local).
 */
export async function startSlowShop(delayMs: number): Promise<{ url: string; close(): Promise<void> }> {
  const server = await listen((request: IncomingMessage, response: ServerResponse) => {
    setTimeout(() => {
      if (!handleCatalog(request, response)) {
        response.writeHead(404, { "content-type": "text/plain" });
        response.end("not found");
      }
    }, delayMs);
  });
  return { url: `${server.url}/slow`, close: () => server.close() };
}
