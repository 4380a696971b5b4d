import type { Response } from "express";

export interface SseOptions {
  /** The stream ends (with a `timeout` event telling the client to reconnect) after this long. */
  maxDurationMs: number;
  /** A comment line this often keeps proxies from closing an idle connection. */
  heartbeatMs: number;
  /** Called once, however the stream ends (client gone, terminal state, deadline, error). */
  onClose: (reason: string) => void;
}

/** Must end before the `api` function's timeout (300 s), so a stream is never killed mid-write. */
export const SSE_MAX_DURATION_MS = 240_000;
export const SSE_HEARTBEAT_MS = 15_000;
/** Browsers' EventSource waits this long before reconnecting. */
const RETRY_MS = 3000;

/**
 * A server-sent-events response: `event: <name>` / `data: <json>` records, numbered, with
 * heartbeats and a hard end before the function's deadline.
 */
export class SseStream {
  private closed = false;
  private sent = 0;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly deadline: NodeJS.Timeout;
  readonly done: Promise<string>;
  private resolveDone!: (reason: string) => void;

  constructor(
    private readonly response: Response,
    private readonly options: SseOptions,
  ) {
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
    response.status(200).set({
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      // Asks buffering proxies (nginx and the like) to pass events through as they come.
      "X-Accel-Buffering": "no",
    });
    response.flushHeaders();
    response.write(`retry: ${RETRY_MS}\n\n`);
    this.heartbeat = setInterval(() => this.write(": keep-alive\n\n"), options.heartbeatMs);
    this.deadline = setTimeout(() => {
      this.send("timeout", { reconnect: true, message: "stream time limit reached; reconnect to continue" });
      this.close("deadline");
    }, options.maxDurationMs);
    response.on("close", () => this.close("client closed"));
  }

  get events(): number {
    return this.sent;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  send(event: string, data: unknown): void {
    if (this.closed) return;
    this.sent += 1;
    this.write(`id: ${this.sent}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  }

  close(reason: string): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    clearTimeout(this.deadline);
    this.options.onClose(reason);
    if (!this.response.writableEnded) this.response.end();
    this.resolveDone(reason);
  }

  private write(chunk: string): void {
    if (!this.closed && !this.response.writableEnded) this.response.write(chunk);
  }
}
