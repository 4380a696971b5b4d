import { createParser } from "eventsource-parser";

/** One server-sent event, its data parsed as JSON (every stream of the API sends JSON). */
export interface SseEvent {
  event: string;
  data: unknown;
}

/**
 * Reads a server-sent-events body to its end, handing each event to `onEvent` in order (an
 * async handler is awaited before the next event), or until `signal` aborts. The parsing is eventsource-parser's; the
 * page and the tests both read streams through this function.
 */
export async function readEventStream(
  body: ReadableStream<Uint8Array>,
  onEvent: (event: SseEvent) => void | Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const reader = body.getReader();
  // Stopping early ends the read as if the server had closed the stream.
  signal?.addEventListener("abort", () => void reader.cancel(), { once: true });
  const decoder = new TextDecoder();
  const pending: SseEvent[] = [];
  const parser = createParser({
    onEvent: (message) => pending.push({ event: message.event ?? "message", data: JSON.parse(message.data) }),
  });
  for (;;) {
    const { value, done } = await reader.read();
    parser.feed(done ? decoder.decode() : decoder.decode(value, { stream: true }));
    for (let next = pending.shift(); next; next = pending.shift()) await onEvent(next);
    if (done) return;
  }
}
