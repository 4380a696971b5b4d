import { FieldValue, type Firestore } from "firebase-admin/firestore";
import { runOutputsRef } from "./checkpoint";
import { CoalescedWriter } from "./coalescedWriter";

/** A cursor larger than this is not saved (a resumed run then starts the tool over). */
const MAX_CURSOR_BYTES = 700 * 1024;

/**
 * Keeps a long tool's resumable state (web_extract: the next page, pages and items so far)
 * in `run_outputs/{runId}`, at most once per `intervalMs` (one document sustains about one
 * write per second), so a re-queued attempt continues from the last saved page.
 */
export class CursorStore {
  private readonly writer: CoalescedWriter<unknown>;
  /** Cursor writes made (the bench and tests count them). */
  writes = 0;

  constructor(
    private readonly db: Firestore,
    private readonly runId: string,
    private readonly missionId: string,
    intervalMs: number,
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {
    this.writer = new CoalescedWriter((cursor) => this.write(cursor), { intervalMs });
  }

  /** The cursor an earlier attempt saved, or undefined. */
  async load(): Promise<unknown> {
    return (await runOutputsRef(this.db, this.runId).get()).get("tool_cursor") ?? undefined;
  }

  readonly save = (cursor: unknown): void => this.writer.offer(cursor);

  /** Stops saving; a pending cursor is dropped (the tool's result supersedes it). */
  stop(): Promise<void> {
    return this.writer.stop();
  }

  private async write(cursor: unknown): Promise<void> {
    if (Buffer.byteLength(JSON.stringify(cursor) ?? "", "utf8") > MAX_CURSOR_BYTES) return;
    try {
      await runOutputsRef(this.db, this.runId).set(
        { mission_id: this.missionId, tool_cursor: cursor, updated_at: FieldValue.serverTimestamp() },
        { merge: true },
      );
      this.writes += 1;
    } catch (error) {
      this.onError(error);
    }
  }
}
