import type { LiveAgent } from "../../../functions/src/analytics/schema";
import { byId, el } from "./dom";

export type FinishedLabel = "Complete" | "Failed" | "Cancelled";

/** One Live Agents card: its elements and what it shows. */
export interface AgentCard {
  root: HTMLLIElement;
  button: HTMLButtonElement;
  label: HTMLSpanElement;
  objective: HTMLSpanElement;
  bar: HTMLDivElement;
  fill: HTMLDivElement;
  elapsed: HTMLSpanElement;
  eta: HTMLSpanElement;
  details: HTMLDListElement;
  agent: LiveAgent;
  /** Local clock time the agent's run started, for the elapsed-seconds ticker. */
  startedAtMs: number | null;
  /** Local clock time the ETA runs out, counted down between updates. */
  etaEndsAtMs: number | null;
  /** Set when the agent left the live set: the card stays briefly, then goes. */
  leavingTimer?: number;
  finished?: FinishedLabel;
}

let cardsMade = 0;

/** Builds a card's markup: a disclosure button, a progress bar, a meta line and details. */
export function createCard(agent: LiveAgent): AgentCard {
  const root = el("li", "agent");
  root.dataset.missionId = agent.id;
  cardsMade += 1;
  const detailsId = `agent-details-${cardsMade}`;
  const button = el("button", "agent-button");
  button.type = "button";
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", detailsId);
  const label = el("span", "agent-label");
  const objective = el("span", "agent-objective");
  button.append(label, objective);
  const bar = el("div", "bar");
  bar.setAttribute("role", "progressbar");
  bar.setAttribute("aria-valuemin", "0");
  bar.setAttribute("aria-valuemax", "100");
  const fill = el("div", "bar-fill");
  fill.style.width = "0%";
  bar.append(fill);
  const meta = el("p", "agent-meta");
  const elapsed = el("span", "elapsed");
  const eta = el("span", "eta");
  meta.append(elapsed, el("span", "sep", " · "), eta);
  const details = el("dl", "agent-details");
  details.id = detailsId;
  details.hidden = true;
  button.addEventListener("click", () => {
    const open = button.getAttribute("aria-expanded") !== "true";
    button.setAttribute("aria-expanded", String(open));
    details.hidden = !open;
  });
  root.append(button, bar, meta, details);
  byId("agents").append(root);
  return {
    root,
    button,
    label,
    objective,
    bar,
    fill,
    elapsed,
    eta,
    details,
    agent,
    startedAtMs: null,
    etaEndsAtMs: null,
  };
}

export function setBar(card: AgentCard, percent: number, text: string): void {
  card.bar.setAttribute("aria-valuenow", String(Math.round(percent)));
  card.bar.setAttribute("aria-valuetext", text);
  card.bar.setAttribute("aria-label", `Progress of ${card.agent.objective || card.agent.id}`);
  // Set on the next frame, so that a new card's bar animates up from 0.
  requestAnimationFrame(() => {
    card.fill.style.width = `${Math.min(100, Math.max(0, percent))}%`;
  });
}

export function fillDetails(card: AgentCard): void {
  const rows: [string, string][] = [
    ["Mission", card.agent.id],
    ["Step", card.finished ?? card.agent.current_step_label],
    ["Started", card.agent.started_at ? new Date(card.agent.started_at).toLocaleTimeString() : "—"],
  ];
  card.details.replaceChildren(...rows.flatMap(([term, value]) => [el("dt", "", term), el("dd", "", value)]));
}
