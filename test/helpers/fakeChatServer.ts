import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A loopback server speaking the OpenAI chat-completions protocol: it records each request
 * and answers with what the test scripted (a tool call, text only, an error status, silence).
 */
export type Reply = (response: ServerResponse) => void;

export interface Recorded {
  method: string;
  url: string;
  authorization: string | undefined;
  body: {
    model: string;
    messages: { role: string; content: string }[];
    tools: { type: string; function: { name: string; parameters: { required?: string[] } } }[];
    tool_choice: string;
  };
}

export function completion(message: Record<string, unknown>): Reply {
  return (response) => {
    response.setHeader("content-type", "application/json");
    response.end(
      JSON.stringify({
        id: "chatcmpl-test",
        object: "chat.completion",
        created: 1,
        model: "test-model",
        choices: [{ index: 0, message: { role: "assistant", ...message }, finish_reason: "tool_calls" }],
      }),
    );
  };
}

export function toolCall(name: string, args: string): Reply {
  return completion({
    content: null,
    tool_calls: [{ id: "call_1", type: "function", function: { name, arguments: args } }],
  });
}

export function status(code: number): Reply {
  return (response) => {
    response.statusCode = code;
    response.end(JSON.stringify({ error: { message: "scripted", type: "server_error" } }));
  };
}

/** The server itself: answers every request with `reply`, records each in `requests`. */
export class FakeChatServer {
  reply: Reply = status(500);
  readonly requests: Recorded[] = [];
  private server: Server | undefined;

  /** Listens on 127.0.0.1; returns the API base URL (".../v1"). */
  async start(): Promise<string> {
    const server = createServer((request: IncomingMessage, response: ServerResponse) => {
      let raw = "";
      request.on("data", (chunk: Buffer) => (raw += chunk.toString("utf8")));
      request.on("end", () => {
        this.requests.push({
          method: request.method ?? "",
          url: request.url ?? "",
          authorization: request.headers.authorization,
          body: JSON.parse(raw) as Recorded["body"],
        });
        this.reply(response);
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  }

  close(): Promise<void> {
    const server = this.server;
    if (!server) return Promise.resolve();
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  }
}
