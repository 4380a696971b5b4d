import type { LiveAgent, PipelineEntry } from "../../../functions/src/analytics/schema";
import { createCard, fillDetails, setBar, type AgentCard } from "./agentCard";
import { byId } from "./dom";
import { etaText, nextEtaEnd, percentText, secondsText } from "./format";

const FINISHED_CARD_MS = 6000;
const VANISHED_GRACE_MS = 2500;

/**
 * The Live Agents panel: one card per executing mission, kept in line with the latest full
 * list (stream or poll). A card that leaves the list shows how its mission ended, then goes.
 */
export class Agents {
  private readonly cards = new Map<string, AgentCard>();

  constructor(
    /** The pipeline entry of a mission, when the last poll listed it (how a vanished card ended). */
    private readonly pipelineEntry: (id: string) => PipelineEntry | undefined,
    private readonly announce: (message: string) => void,
    /** A card's progress moved: the pipeline row of the same mission follows it. */
    private readonly onProgress: (id: string, percent: number) => void,
  ) {}

  /** The live progress of a running mission, when it has an unfinished card. */
  liveProgress(id: string): number | undefined {
    const card = this.cards.get(id);
    return card && !card.finished ? card.agent.progress_percent : undefined;
  }

  isLeaving(id: string): boolean {
    return this.cards.get(id)?.leavingTimer !== undefined;
  }

  /** Brings the cards in line with a full list of executing missions. */
  render(agents: readonly LiveAgent[]): void {
    const present = new Set(agents.map((agent) => agent.id));
    for (const agent of agents) this.update(agent);
    for (const [id, card] of this.cards) {
      if (present.has(id) || card.finished || card.leavingTimer !== undefined) continue;
      // Gone from the live set: a `finished` event or the next pipeline usually says how it ended.
      card.leavingTimer = window.setTimeout(() => {
        const entry = this.pipelineEntry(id);
        if (entry && entry.status_label !== "In Progress") this.finish(entry);
        else this.remove(id);
      }, VANISHED_GRACE_MS);
    }
    this.showEmpty();
  }

  private update(agent: LiveAgent): void {
    let card = this.cards.get(agent.id);
    if (card?.finished) return; // a finished card keeps its final state until it goes
    if (!card) {
      card = createCard(agent);
      this.cards.set(agent.id, card);
    }
    window.clearTimeout(card.leavingTimer);
    card.leavingTimer = undefined;
    card.agent = agent;
    const now = Date.now();
    card.startedAtMs = now - agent.elapsed_seconds * 1000;
    card.root.classList.remove("is-complete", "is-failed");
    card.label.textContent = agent.label;
    card.objective.textContent = agent.objective;
    card.etaEndsAtMs = nextEtaEnd(card.etaEndsAtMs, agent.eta_seconds, now);
    setBar(card, agent.progress_percent, agent.label);
    fillDetails(card);
    this.tickCard(card);
    this.onProgress(agent.id, agent.progress_percent);
  }

  /** Gives a card its final state (from a `finished` event or the pipeline), then lets it go. */
  finish(entry: PipelineEntry): void {
    const card = this.cards.get(entry.id);
    if (!card || card.finished) return;
    window.clearTimeout(card.leavingTimer);
    const complete = entry.status_label === "Complete";
    card.finished = complete ? "Complete" : entry.status_label === "Cancelled" ? "Cancelled" : "Failed";
    const percent = complete ? 100 : entry.completion_percent;
    const text = `Execution: ${percentText(percent)} | ${card.finished}`;
    card.label.textContent = text;
    card.root.classList.add(complete ? "is-complete" : "is-failed");
    card.eta.textContent = complete ? "done" : card.finished === "Cancelled" ? "cancelled" : "stopped";
    if (entry.duration_ms !== null) card.elapsed.textContent = `took ${secondsText(entry.duration_ms / 1000)}`;
    setBar(card, percent, text);
    fillDetails(card);
    this.announce(`${entry.objective || entry.id}: ${card.finished}`);
    card.leavingTimer = window.setTimeout(() => this.remove(entry.id), FINISHED_CARD_MS);
  }

  /** Advances every card's elapsed time and ETA countdown (called once a second). */
  tick(): void {
    for (const card of this.cards.values()) this.tickCard(card);
  }

  private tickCard(card: AgentCard): void {
    if (card.finished) return;
    const now = Date.now();
    if (card.startedAtMs !== null) card.elapsed.textContent = `${secondsText((now - card.startedAtMs) / 1000)} elapsed`;
    card.eta.textContent = etaText(card.etaEndsAtMs, now);
  }

  clear(): void {
    for (const id of [...this.cards.keys()]) this.remove(id);
  }

  private remove(id: string): void {
    const card = this.cards.get(id);
    if (!card) return;
    window.clearTimeout(card.leavingTimer);
    card.root.remove();
    this.cards.delete(id);
    this.showEmpty();
  }

  private showEmpty(): void {
    byId("agents-empty").hidden = this.cards.size > 0;
  }
}
