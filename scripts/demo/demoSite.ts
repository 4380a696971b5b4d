import type { IncomingMessage, ServerResponse } from "node:http";
import { handleCatalog } from "./catalogSite";
import { createFakeSearchApi, DEMO_SEARCH_KEY, FAKE_SEARCH_PATH } from "./fakeSearchApi";
import { listen, type RunningServer } from "./listen";
import { LOOPBACK, suitePorts } from "../ports";

export interface DemoServers {
  /** The demo shop's base URL; extract missions can use `${siteUrl}/catalog`. */
  siteUrl: string;
  catalogUrl: string;
  /** The fake Brave endpoint; equal to SEARCH_API_ENDPOINT in functions/.env.local. */
  searchEndpoint: string;
  close(): Promise<void>;
}

function notFound(response: ServerResponse): void {
  response.writeHead(404, { "content-type": "text/plain" });
  response.end("not found");
}

/**
 * Starts the demo shop and the fake search API on this suite's loopback ports (scripts/ports.ts),
 * where the Functions emulator's SEARCH_API_ENDPOINT points, so the emulator can reach both. Used by `npm start` and the
 * end-to-end tests. The fake search API accepts the emulator's placeholder key only.
 */
export async function startDemoServers(
  options: { sitePort?: number; searchPort?: number; host?: string } = {},
): Promise<DemoServers> {
  const host = options.host ?? LOOPBACK;
  const ports = suitePorts();
  const search = createFakeSearchApi(DEMO_SEARCH_KEY);
  const started: RunningServer[] = [];
  try {
    const site = await listen(
      (request: IncomingMessage, response: ServerResponse) => {
        if (!handleCatalog(request, response)) notFound(response);
      },
      options.sitePort ?? ports.demoSite,
      host,
    );
    started.push(site);
    const api = await listen(
      (request: IncomingMessage, response: ServerResponse) => {
        if (!search.handle(request, response)) notFound(response);
      },
      options.searchPort ?? ports.demoSearch,
      host,
    );
    started.push(api);
    return {
      siteUrl: site.url,
      catalogUrl: `${site.url}/catalog`,
      searchEndpoint: `${api.url}${FAKE_SEARCH_PATH}`,
      close: async () => {
        await Promise.all(started.map((server) => server.close()));
      },
    };
  } catch (error) {
    await Promise.all(started.map((server) => server.close()));
    throw error;
  }
}

// `tsx scripts/demo/demoSite.ts` runs the servers on their own until Ctrl-C.
if (typeof require !== "undefined" && require.main === module) {
  startDemoServers().then(
    (servers) => {
      process.stdout.write(`demo shop:        ${servers.catalogUrl}\nfake search API:  ${servers.searchEndpoint}\n`);
      const stop = () => void servers.close().then(() => process.exit(0));
      process.on("SIGINT", stop);
      process.on("SIGTERM", stop);
    },
    (error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    },
  );
}
