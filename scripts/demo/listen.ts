import { createServer, type RequestListener } from "node:http";
import type { AddressInfo } from "node:net";

export interface RunningServer {
  /** Base URL, e.g. http://127.0.0.1:5055 (no trailing slash). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts `handler` on loopback (port 0 = any free port) and resolves once it listens. */
export function listen(handler: RequestListener, port = 0, host = "127.0.0.1"): Promise<RunningServer> {
  const server = createServer(handler);
  return new Promise((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => {
      reject(
        error.code === "EADDRINUSE"
          ? new Error(`port ${port} on ${host} is already in use (is another demo or emulator suite running?)`)
          : error,
      );
    });
    server.listen(port, host, () => {
      const bound = (server.address() as AddressInfo).port;
      resolve({
        url: `http://${host}:${bound}`,
        port: bound,
        close: () =>
          new Promise<void>((done) => {
            // Drop keep-alive and deliberately hanging connections, or close() would wait for them.
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
