import type { AnalyticsResponse, LiveAgent, PipelineEntry } from "../../../functions/src/analytics/schema";
import { Agents } from "./agents";
import { openArtifact } from "./artifact";
import { byId, errorText } from "./dom";
import { renderFigures } from "./figures";
import { apiBase, type WhiteboardConfig } from "./pageConfig";
import { followRow, pipelineRows } from "./pipeline";
import { SESSION_ENDED, type Session } from "./session";
import { readEventStream } from "./sse";

const STREAM_RETRY_MS = 2000;
const NOT_VALID = "Your sign-in is no longer valid; sign in again.";

/**
 * The signed-in board: Task Pipeline, figures and (while the stream is down) Live Agents from
 * GET /api/analytics/all every poll period; Live Agents from the function's own URL as
 * server-sent events (Hosting buffers streamed responses), read with fetch so the ID token
 * travels in a header. A 401 or a session Auth will not refresh ends it: back to sign-in.
 */
export class Board {
  private readonly base = apiBase();
  private readonly agents: Agents;
  private lastPipeline: PipelineEntry[] = [];
  private pollTimer: number | undefined;
  private refreshSoon: number | undefined;
  private streamAbort: AbortController | null = null;
  private streamConnected = false;
  private liveIds = "";
  private running = false;

  constructor(
    private readonly config: WhiteboardConfig,
    private readonly session: Session,
    /** Called when the board must stop and show the sign-in form with this message. */
    private readonly onEnded: (message: string) => void,
  ) {
    this.agents = new Agents(
      (id) => this.lastPipeline.find((entry) => entry.id === id),
      (message) => (byId("announcer").textContent = message),
      followRow,
    );
    window.setInterval(() => this.agents.tick(), 1000);
    document.addEventListener("visibilitychange", () => {
      if (!document.hidden && this.running) void this.poll(true);
    });
  }

  start(): void {
    this.running = true;
    void this.poll();
    void this.connectStream();
  }

  stop(): void {
    this.running = false;
    window.clearTimeout(this.pollTimer);
    window.clearTimeout(this.refreshSoon);
    this.streamAbort?.abort();
    this.streamAbort = null;
    this.agents.clear();
  }

  private async authorized(url: string, init: RequestInit = {}): Promise<Response> {
    const response = await fetch(url, {
      ...init,
      headers: { ...init.headers, Authorization: `Bearer ${await this.session.idToken()}` },
    });
    // A revoked session or disabled account: retrying with the same token cannot help.
    if (response.status === 401) throw new Error(NOT_VALID);
    return response;
  }

  /** Ends the board when `error` says the session is over; true if it did. */
  private endedBy(error: unknown): boolean {
    const message = errorText(error);
    if (message !== NOT_VALID && message !== SESSION_ENDED) return false;
    if (this.running) this.onEnded(message);
    return true;
  }

  /**
   * Refreshes the board. The response may be cached for 4 s (a poll period); a refresh asked
   * for by an event (a mission joined or left the live set) revalidates instead.
   */
  private async poll(fresh = false): Promise<void> {
    window.clearTimeout(this.pollTimer);
    if (!this.running) return;
    try {
      const response = await this.authorized(`${this.base}/analytics/all`, { cache: fresh ? "no-cache" : "default" });
      if (!response.ok) throw new Error(`analytics answered ${response.status}`);
      const data = (await response.json()) as AnalyticsResponse;
      if (!this.running) return;
      this.showError(null);
      this.render(data);
    } catch (error) {
      if (!this.endedBy(error) && this.running) this.showError(`Could not refresh: ${errorText(error)}. Retrying.`);
    } finally {
      // One pending poll at most, however many were started (stream events also start one).
      window.clearTimeout(this.pollTimer);
      if (this.running && !document.hidden)
        this.pollTimer = window.setTimeout(() => void this.poll(), this.config.pollMs);
    }
  }

  private render(data: AnalyticsResponse): void {
    if (!this.streamConnected) this.agents.render(data.live_agents);
    this.lastPipeline = [...data.task_pipeline];
    byId("pipeline-rows").replaceChildren(
      ...pipelineRows(data.task_pipeline, {
        apiBase: this.base,
        liveProgress: (id) => this.agents.liveProgress(id),
        openArtifact: (url, title) => void openArtifact(url, title, () => this.session.idToken()),
      }),
    );
    byId("pipeline-empty").hidden = data.task_pipeline.length > 0;
    // A card whose mission the pipeline now shows as finished gets its final state.
    for (const entry of data.task_pipeline)
      if (entry.status_label !== "In Progress" && this.agents.isLeaving(entry.id)) this.agents.finish(entry);
    renderFigures(data);
    byId("updated").textContent = `Updated ${new Date(data.generated_at).toLocaleTimeString()}`;
  }

  private async connectStream(): Promise<void> {
    if (!this.running || this.streamAbort) return;
    const abort = new AbortController();
    this.streamAbort = abort;
    try {
      const response = await this.authorized(`${this.config.streamBase}/analytics/live`, {
        headers: { Accept: "text/event-stream" },
        signal: abort.signal,
      });
      if (!response.ok || !response.body) throw new Error(`live stream answered ${response.status}`);
      this.streamConnected = true;
      byId("live-state").textContent = "live";
      await readEventStream(response.body, ({ event, data }) => {
        if (event === "live_agents") this.onLiveAgents((data as { live_agents: LiveAgent[] }).live_agents);
        else if (event === "finished") {
          this.agents.finish(data as PipelineEntry);
          void this.poll(true);
        }
      });
    } catch (error) {
      // Aborted (sign-out) or dropped: the poll keeps the board current meanwhile.
      this.endedBy(error);
    } finally {
      this.streamConnected = false;
      byId("live-state").textContent = `refreshing every ${Math.round(this.config.pollMs / 1000)} s`;
      if (this.streamAbort === abort) {
        this.streamAbort = null;
        if (this.running) window.setTimeout(() => void this.connectStream(), STREAM_RETRY_MS);
      }
    }
  }

  private onLiveAgents(agents: LiveAgent[]): void {
    this.agents.render(agents);
    // A mission joined or left: refresh the pipeline and figures too, so they agree.
    const ids = agents.map((agent) => agent.id).join(",");
    if (ids === this.liveIds) return;
    this.liveIds = ids;
    window.clearTimeout(this.refreshSoon);
    this.refreshSoon = window.setTimeout(() => void this.poll(true), 300);
  }

  private showError(message: string | null): void {
    const box = byId("error");
    box.hidden = message === null;
    box.textContent = message ?? "";
  }
}
