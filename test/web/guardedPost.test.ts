import assert from "node:assert/strict";
import type { IncomingMessage, ServerResponse } from "node:http";
import { FetchRefusedError } from "../../functions/src/net/fetchErrors";
import { GuardedFetcher } from "../../functions/src/net/guardedFetch";
import { listen, type RunningServer } from "../../scripts/demo/listen";
import { TEST_NET } from "../fixtures/toolHarness";

/** The guarded fetch's POST (webhook deliveries): the body and headers arrive, a redirect is the answer. */
describe("guarded fetch: POST", () => {
  let server: RunningServer;
  const seen: { method: string; url: string; body: string; signature: string }[] = [];

  before(async () => {
    server = await listen((request: IncomingMessage, response: ServerResponse) => {
      const chunks: Buffer[] = [];
      request.on("data", (chunk: Buffer) => chunks.push(chunk));
      request.on("end", () => {
        seen.push({
          method: request.method ?? "",
          url: request.url ?? "",
          body: Buffer.concat(chunks).toString("utf8"),
          signature: String(request.headers["x-mission-signature"] ?? ""),
        });
        if (request.url === "/moved") response.writeHead(307, { location: "/hook" });
        else response.writeHead(204);
        response.end();
      });
    });
  });
  after(async () => {
    await server.close();
  });

  it("sends the body and headers, and does not follow a redirect", async () => {
    const fetcher = new GuardedFetcher(TEST_NET);
    try {
      const ok = await fetcher.get(`${server.url}/hook`, {
        method: "POST",
        body: '{"a":1}',
        headers: { "x-mission-signature": "s" },
      });
      assert.equal(ok.status, 204);
      const moved = await fetcher.get(`${server.url}/moved`, { method: "POST", body: "{}" });
      assert.equal(moved.status, 307);
      assert.deepEqual(
        seen.map((entry) => [entry.method, entry.url, entry.body, entry.signature]),
        [
          ["POST", "/hook", '{"a":1}', "s"],
          ["POST", "/moved", "{}", ""],
        ],
      );
    } finally {
      await fetcher.close();
    }
  });

  it("refuses a private address before dialling", async () => {
    const fetcher = new GuardedFetcher({ ...TEST_NET, allowLoopback: false });
    try {
      await assert.rejects(fetcher.get("https://10.0.0.1/hook", { method: "POST", body: "{}" }), FetchRefusedError);
    } finally {
      await fetcher.close();
    }
  });
});
