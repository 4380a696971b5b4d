import type { PipelineEntry } from "../../../functions/src/analytics/schema";
import { el } from "./dom";
import { percentText } from "./format";

/** How the pipeline table reaches the rest of the board. */
export interface PipelineLinks {
  apiBase: string;
  /** A running mission's live card may be fresher than the poll: progress never goes back. */
  liveProgress(id: string): number | undefined;
  openArtifact(url: string, title: string): void;
}

/** The Task Pipeline's rows: the last five missions, their status, completion and artifact. */
export function pipelineRows(entries: readonly PipelineEntry[], links: PipelineLinks): HTMLTableRowElement[] {
  return entries.map((listed) => {
    const live = listed.status_label === "In Progress" ? links.liveProgress(listed.id) : undefined;
    const entry =
      live === undefined ? listed : { ...listed, completion_percent: Math.max(listed.completion_percent, live) };
    const row = el("tr");
    row.dataset.missionId = entry.id;
    const mission = el("td", "mission");
    mission.append(el("span", "objective", entry.objective || entry.id), el("span", "mission-id", entry.id));
    const status = el("td");
    status.append(
      el("span", `status status-${entry.status_label.replace(/\s+/g, "-").toLowerCase()}`, entry.status_label),
    );
    const completion = el("td", "completion");
    const meter = el("div", "meter");
    meter.setAttribute("aria-hidden", "true");
    const meterFill = el("div", "meter-fill");
    meterFill.style.width = `${entry.completion_percent}%`;
    meter.append(meterFill);
    completion.append(el("span", "completion-text", percentText(entry.completion_percent)), meter);
    row.append(mission, status, completion, artifactCell(entry, links));
    return row;
  });
}

function artifactCell(entry: PipelineEntry, links: PipelineLinks): HTMLTableCellElement {
  const cell = el("td");
  if (!entry.artifact) {
    cell.textContent = "—";
    return cell;
  }
  const link = el("a", "artifact-link", "View artifact");
  const id = entry.artifact.url.replace(/^\/api\/artifacts\//, "");
  link.href = `${links.apiBase}/artifacts/${encodeURIComponent(id)}`;
  link.addEventListener("click", (event) => {
    event.preventDefault();
    links.openArtifact(link.href, entry.objective || entry.id);
  });
  cell.append(link);
  return cell;
}

/** Keeps the pipeline's completion of a running mission in step with its live card. */
export function followRow(id: string, percent: number): void {
  const row = document.querySelector<HTMLTableRowElement>(`#pipeline-rows tr[data-mission-id="${CSS.escape(id)}"]`);
  if (!row || row.querySelector(".status-in-progress") === null) return;
  const text = row.querySelector(".completion-text");
  const fill = row.querySelector<HTMLElement>(".meter-fill");
  if (text) text.textContent = percentText(percent);
  if (fill) fill.style.width = `${percent}%`;
}
