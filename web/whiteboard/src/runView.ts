import { byId, el, errorText } from "./dom";
import { apiBase } from "./pageConfig";

/**
 * Runs: the caller's missions (GET /api/missions, filtered by status, searched on the
 * objective) and one mission's run (GET /api/missions/{id}): a step timeline whose bars are
 * each step's start and duration on the run's time axis, the attempt that ran it, sub-step
 * progress, ETA against the actual end, cost estimate against actual, the result or the error
 * and its step; Cancel while it runs and Retry when it failed (the REST routes). Re-read every
 * REFRESH_MS while the run is not finished.
 */
const REFRESH_MS = 1500;
const TERMINAL = new Set(["completed", "failed", "cancelled"]);

interface Step {
  step_name: string;
  status: string;
  started_at: string;
  duration_ms: number | null;
  attempt?: number;
  message?: string;
}
interface Tracker {
  start_time?: string;
  completed_steps?: Step[];
  current_step?: Step | null;
  progress_percent?: number;
  eta_seconds?: number | null;
  eta_at?: string;
  pages_visited?: number;
  total_items_collected?: number;
  items_target?: number | null;
}
interface MissionJson {
  mission_id: string;
  objective: string;
  status: string;
  execution_record?: Record<string, unknown> & { progress_tracker?: Tracker };
}
interface Row {
  mission_id: string;
  objective: string;
  status: string;
  progress_percent: number;
}

const usd = (micro: unknown) => (typeof micro === "number" ? `$${(micro / 1e6).toFixed(4)}` : "—");
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

export class RunView {
  private readonly base = apiBase();
  private timer: number | undefined;
  private openId: string | null = null;
  private rows: Row[] = [];

  constructor(private readonly idToken: () => Promise<string>) {
    byId<HTMLSelectElement>("runs-status").addEventListener("change", () => void this.loadList());
    byId<HTMLInputElement>("runs-search").addEventListener("input", () => this.renderList());
    byId("run-cancel").addEventListener("click", () => void this.act("cancel"));
    byId("run-retry").addEventListener("click", () => void this.act("retry"));
  }

  private async api(path: string, method = "GET"): Promise<Record<string, unknown>> {
    const response = await fetch(`${this.base}${path}`, {
      method,
      headers: { Authorization: `Bearer ${await this.idToken()}` },
    });
    const body = (await response.json()) as Record<string, unknown>;
    if (!response.ok) throw new Error((body.error as { message?: string } | undefined)?.message ?? response.statusText);
    return body;
  }

  async loadList(): Promise<void> {
    const status = byId<HTMLSelectElement>("runs-status").value;
    const body = await this.api(`/missions?limit=50${status ? `&status=${status}` : ""}`);
    this.rows = body.missions as Row[];
    this.renderList();
  }

  private renderList(): void {
    const search = byId<HTMLInputElement>("runs-search").value.trim().toLowerCase();
    const list = byId("runs-list");
    list.replaceChildren();
    for (const row of this.rows.filter((candidate) => candidate.objective.toLowerCase().includes(search))) {
      const item = el("li", `run-row status-${row.status}`);
      const button = el("button", "run-open", row.objective);
      button.type = "button";
      button.dataset.id = row.mission_id;
      button.addEventListener("click", () => void this.open(row.mission_id));
      item.append(button, el("span", "run-status", `${row.status} · ${row.progress_percent}%`));
      list.append(item);
    }
  }

  async open(id: string): Promise<void> {
    this.openId = id;
    window.clearTimeout(this.timer);
    try {
      const mission = (await this.api(`/missions/${id}`)) as unknown as MissionJson;
      if (this.openId !== id) return;
      this.renderRun(mission);
      if (!TERMINAL.has(mission.status)) this.timer = window.setTimeout(() => void this.open(id), REFRESH_MS);
    } catch (error) {
      byId("run-error").textContent = errorText(error);
    }
  }

  private async act(action: "cancel" | "retry"): Promise<void> {
    if (!this.openId) return;
    try {
      await this.api(`/missions/${this.openId}/${action}`, "POST");
      await this.open(this.openId);
      await this.loadList();
    } catch (error) {
      byId("run-error").textContent = `${action}: ${errorText(error)}`;
    }
  }

  private renderRun(mission: MissionJson): void {
    const record = mission.execution_record ?? {};
    const tracker = record.progress_tracker ?? {};
    const steps = [...(tracker.completed_steps ?? []), ...(tracker.current_step ? [tracker.current_step] : [])];
    const startMs = Date.parse(tracker.start_time ?? steps[0]?.started_at ?? "") || Date.now();
    const finishedAt = typeof record.finished_at === "string" ? Date.parse(record.finished_at) : Date.now();
    const endOf = (step: Step) =>
      Date.parse(step.started_at) + (step.duration_ms ?? Math.max(0, Date.now() - Date.parse(step.started_at)));
    const spanMs = Math.max(1, ...steps.map(endOf).map((end) => end - startMs), finishedAt - startMs);

    byId("run").hidden = false;
    byId("run-title").textContent = mission.objective;
    byId("run-state").textContent = `${mission.status} · ${Math.round(tracker.progress_percent ?? 0)}%`;
    byId("run-error").textContent = "";
    const timeline = byId("run-timeline");
    timeline.replaceChildren();
    for (const step of steps) {
      const offset = Date.parse(step.started_at) - startMs;
      const length = endOf(step) - Date.parse(step.started_at);
      const row = el("li", `step step-${step.status}`);
      const bar = el("span", "run-bar");
      bar.style.marginLeft = `${((offset / spanMs) * 100).toFixed(2)}%`;
      bar.style.width = `${Math.max(0.5, (length / spanMs) * 100).toFixed(2)}%`;
      bar.dataset.durationMs = String(step.duration_ms ?? "");
      // Sub-step progress is the tool's: pages visited and items collected (of the target).
      const target = tracker.items_target ? `/${tracker.items_target}` : "";
      const sub =
        step.step_name === "tool_execution" && (tracker.pages_visited ?? 0) > 0
          ? ` · ${tracker.pages_visited} pages · ${tracker.total_items_collected ?? 0}${target} items`
          : "";
      const label = `${step.step_name} · ${seconds(length)} · attempt ${step.attempt ?? 1}${sub}`;
      const track = el("span", "run-track");
      track.append(bar);
      row.append(el("span", "step-label", label), track);
      timeline.append(row);
    }
    const etaAt =
      tracker.eta_at && tracker.eta_seconds != null ? Date.parse(tracker.eta_at) + tracker.eta_seconds * 1000 : null;
    const facts: [string, string][] = [
      ["ETA", etaAt ? new Date(etaAt).toLocaleTimeString() : "—"],
      ["Ended", typeof record.finished_at === "string" ? new Date(finishedAt).toLocaleTimeString() : "running"],
      ["Cost estimate", usd(record.estimated_cost_microusd)],
      ["Actual cost", usd(record.actual_cost_microusd)],
      ["Result", String(record.result_summary ?? "—")],
      ["Artifact", String(record.artifact_reference ?? "—")],
    ];
    const error = record.error as { step?: string; kind?: string; message?: string } | null | undefined;
    if (error) facts.push(["Error", `${error.step ?? "?"}: ${error.kind ?? ""} — ${error.message ?? ""}`]);
    const list = byId("run-facts");
    list.replaceChildren(...facts.flatMap(([term, value]) => [el("dt", "", term), el("dd", "", value)]));
    byId("run-cancel").hidden = TERMINAL.has(mission.status);
    byId("run-retry").hidden = mission.status !== "failed";
  }
}
