/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/*
 * The whiteboard's browser script: a classic script (no imports, so the functions build
 * emits it as is) served at /api/whiteboard/app.js. Everything lives inside one function so
 * nothing leaks into the page's global scope; response types come from the server's zod
 * schemas through import types, which keep this file a script.
 *
 * - Sign-in: Firebase Auth's REST API (the Auth emulator locally, with a custom-token JSON
 *   the emulator accepts; email and password in production), ID token refreshed before expiry.
 * - Task Pipeline, figures and (while the stream is down) Live Agents: GET /api/analytics/all
 *   every 5 s.
 * - Live Agents: GET <function URL>/analytics/live as server-sent events, read with fetch so
 *   the ID token travels in a header. (Hosting buffers streamed responses, so the stream goes
 *   to the function's own URL; the page learns it from its config.)
 */
(() => {
  type AnalyticsResponse = import("../analytics/schema").AnalyticsResponse;
  type LiveAgent = import("../analytics/schema").LiveAgent;
  type PipelineEntry = import("../analytics/schema").PipelineEntry;
  type PageConfig = import("./config").WhiteboardConfig;

  interface Session {
    uid: string;
    admin: boolean;
    idToken: string;
    refreshToken: string;
    expiresAtMs: number;
  }

  interface AgentCard {
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
    finished?: "Complete" | "Failed" | "Cancelled";
  }

  const SESSION_KEY = "mission-control.whiteboard.session";
  const FINISHED_CARD_MS = 6000;
  const VANISHED_GRACE_MS = 2500;
  const STREAM_RETRY_MS = 2000;

  const config = JSON.parse(byId("whiteboard-config").textContent ?? "{}") as PageConfig;
  // "/api" behind Hosting, "/<project>/<region>/api" on the function's own URL.
  const apiBase = location.pathname.replace(/\/whiteboard\/?$/, "");
  const cards = new Map<string, AgentCard>();
  let session: Session | null = loadSession();
  let pollTimer: number | undefined;
  let streamAbort: AbortController | null = null;
  let streamConnected = false;
  let lastPipeline: PipelineEntry[] = [];
  let liveIds = "";
  let refreshSoon: number | undefined;

  function byId<T extends HTMLElement = HTMLElement>(id: string): T {
    const element = document.getElementById(id);
    if (!element) throw new Error(`whiteboard: #${id} is missing`);
    return element as T;
  }

  function el<K extends keyof HTMLElementTagNameMap>(
    tag: K,
    className?: string,
    text?: string,
  ): HTMLElementTagNameMap[K] {
    const element = document.createElement(tag);
    if (className) element.className = className;
    if (text !== undefined) element.textContent = text;
    return element;
  }

  // ---------------------------------------------------------------- session

  function loadSession(): Session | null {
    try {
      const raw = sessionStorage.getItem(SESSION_KEY);
      return raw ? (JSON.parse(raw) as Session) : null;
    } catch {
      return null;
    }
  }

  function saveSession(next: Session | null): void {
    session = next;
    if (next) sessionStorage.setItem(SESSION_KEY, JSON.stringify(next));
    else sessionStorage.removeItem(SESSION_KEY);
  }

  function claimsOf(idToken: string): { admin?: unknown; user_id?: unknown; sub?: unknown } {
    try {
      const payload = idToken.split(".")[1] ?? "";
      return JSON.parse(atob(payload.replace(/-/g, "+").replace(/_/g, "/"))) as { admin?: unknown; sub?: unknown };
    } catch {
      return {};
    }
  }

  interface TokenAnswer {
    idToken: string;
    refreshToken: string;
    expiresIn: string;
    localId?: string;
  }

  let cachedApiKey: string | null = null;

  /** The public web API key: in the config, or from Hosting's /__/firebase/init.json. */
  async function apiKey(): Promise<string> {
    if (config.auth.apiKey) return config.auth.apiKey;
    if (cachedApiKey) return cachedApiKey;
    const response = await fetch("/__/firebase/init.json");
    const init = (await response.json().catch(() => ({}))) as { apiKey?: string };
    if (!response.ok || !init.apiKey) throw new Error("no Firebase web app is configured for this site");
    cachedApiKey = init.apiKey;
    return cachedApiKey;
  }

  function googleOrigin(): string {
    return config.auth.mode === "emulator" ? `${config.auth.emulatorOrigin}/` : "https://";
  }

  async function identityUrl(method: string): Promise<string> {
    return `${googleOrigin()}identitytoolkit.googleapis.com/v1/accounts:${method}?key=${encodeURIComponent(await apiKey())}`;
  }

  async function secureTokenUrl(): Promise<string> {
    return `${googleOrigin()}securetoken.googleapis.com/v1/token?key=${encodeURIComponent(await apiKey())}`;
  }

  async function postJson<T>(url: string, body: unknown): Promise<T> {
    const response = await fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify(body),
    });
    const json = (await response.json().catch(() => ({}))) as T & { error?: { message?: string } };
    if (!response.ok) throw new Error(json.error?.message ?? `sign-in failed (${response.status})`);
    return json;
  }

  function sessionFrom(answer: TokenAnswer): Session {
    const claims = claimsOf(answer.idToken);
    return {
      uid: answer.localId ?? String(claims.user_id ?? claims.sub ?? "?"),
      admin: claims.admin === true,
      idToken: answer.idToken,
      refreshToken: answer.refreshToken,
      expiresAtMs: Date.now() + Number(answer.expiresIn) * 1000,
    };
  }

  async function signIn(form: HTMLFormElement): Promise<Session> {
    const data = new FormData(form);
    if (config.auth.mode === "emulator") {
      const uid = String(data.get("uid") ?? "").trim();
      if (!uid) throw new Error("enter a user id");
      // The Auth emulator accepts a JSON custom token (never a production Auth service).
      const token = JSON.stringify({ uid, claims: data.get("admin") ? { admin: true } : {} });
      return sessionFrom(
        await postJson<TokenAnswer>(await identityUrl("signInWithCustomToken"), { token, returnSecureToken: true }),
      );
    }
    const email = String(data.get("email") ?? "").trim();
    const password = String(data.get("password") ?? "");
    return sessionFrom(
      await postJson<TokenAnswer>(await identityUrl("signInWithPassword"), {
        email,
        password,
        returnSecureToken: true,
      }),
    );
  }

  async function idToken(): Promise<string> {
    if (!session) throw new Error("not signed in");
    if (session.expiresAtMs - Date.now() > 60_000) return session.idToken;
    const response = await fetch(await secureTokenUrl(), {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ grant_type: "refresh_token", refresh_token: session.refreshToken }),
    });
    if (!response.ok) {
      // Auth refuses to refresh a revoked session or a disabled account: back to the sign-in form.
      signOut("Your session has ended; sign in again.");
      throw new Error("the session expired; sign in again");
    }
    const answer = (await response.json()) as { id_token: string; refresh_token: string; expires_in: string };
    saveSession({
      ...session,
      idToken: answer.id_token,
      refreshToken: answer.refresh_token,
      expiresAtMs: Date.now() + Number(answer.expires_in) * 1000,
    });
    return answer.id_token;
  }

  // ---------------------------------------------------------------- screens

  function showSignedIn(): void {
    const signedIn = session !== null;
    byId("signin").hidden = signedIn;
    byId("board").hidden = !signedIn;
    byId("account").hidden = !signedIn;
    if (session)
      byId("account-name").textContent =
        `${session.uid}${session.admin ? " (admin: all missions)" : " (your missions)"}`;
  }

  function showError(message: string | null): void {
    const box = byId("error");
    box.hidden = message === null;
    box.textContent = message ?? "";
  }

  function announce(message: string): void {
    byId("announcer").textContent = message;
  }

  function signOut(message: string | null = null): void {
    saveSession(null);
    window.clearTimeout(pollTimer);
    streamAbort?.abort();
    streamAbort = null;
    for (const id of [...cards.keys()]) removeCard(id);
    showSignedIn();
    showError(message);
  }

  // ---------------------------------------------------------------- live agents

  function percentText(value: number): string {
    return `${Math.round(value)}%`;
  }

  function secondsText(seconds: number): string {
    const whole = Math.max(0, Math.round(seconds));
    return whole < 60 ? `${whole} s` : `${Math.floor(whole / 60)} min ${whole % 60} s`;
  }

  function createCard(agent: LiveAgent): AgentCard {
    const root = el("li", "agent");
    root.dataset.missionId = agent.id;
    const detailsId = `agent-details-${cards.size}-${Date.now()}`;
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
    const card: AgentCard = {
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
    return card;
  }

  function setBar(card: AgentCard, percent: number, text: string): void {
    card.bar.setAttribute("aria-valuenow", String(Math.round(percent)));
    card.bar.setAttribute("aria-valuetext", text);
    card.bar.setAttribute("aria-label", `Progress of ${card.agent.objective || card.agent.id}`);
    // Set on the next frame, so that a new card's bar animates up from 0.
    requestAnimationFrame(() => {
      card.fill.style.width = `${Math.min(100, Math.max(0, percent))}%`;
    });
  }

  function fillDetails(card: AgentCard): void {
    const rows: [string, string][] = [
      ["Mission", card.agent.id],
      ["Step", card.agent.current_step_label],
      ["Started", card.agent.started_at ? new Date(card.agent.started_at).toLocaleTimeString() : "—"],
    ];
    card.details.replaceChildren(...rows.flatMap(([term, value]) => [el("dt", "", term), el("dd", "", value)]));
  }

  function updateCard(agent: LiveAgent): void {
    let card = cards.get(agent.id);
    if (card?.finished) return; // a finished card keeps its final state until it goes
    if (!card) {
      card = createCard(agent);
      cards.set(agent.id, card);
    }
    if (card.leavingTimer !== undefined) {
      window.clearTimeout(card.leavingTimer);
      card.leavingTimer = undefined;
    }
    card.agent = agent;
    card.startedAtMs = Date.now() - agent.elapsed_seconds * 1000;
    card.root.classList.remove("is-complete", "is-failed");
    card.label.textContent = agent.label;
    card.objective.textContent = agent.objective;
    card.etaEndsAtMs = nextEtaEnd(card.etaEndsAtMs, agent.eta_seconds);
    setBar(card, agent.progress_percent, agent.label);
    fillDetails(card);
    tickCard(card);
    updatePipelineRow(agent.id, agent.progress_percent);
  }

  /** Keeps the pipeline's completion of a running mission in step with its live card. */
  function updatePipelineRow(id: string, percent: number): void {
    const row = document.querySelector<HTMLTableRowElement>(`#pipeline-rows tr[data-mission-id="${CSS.escape(id)}"]`);
    if (!row || row.querySelector(".status-in-progress") === null) return;
    const text = row.querySelector(".completion-text");
    const fill = row.querySelector<HTMLElement>(".meter-fill");
    if (text) text.textContent = percentText(percent);
    if (fill) fill.style.width = `${percent}%`;
  }

  /**
   * The time left never counts up: a later estimate only moves the end earlier, so a longer
   * one holds the countdown instead of adding seconds. Once the end has passed, the new
   * estimate is taken as it is ("taking longer than estimated" gives way to a fresh figure).
   */
  function nextEtaEnd(shownEndMs: number | null, etaSeconds: number | null): number | null {
    if (etaSeconds === null) return null;
    const next = Date.now() + etaSeconds * 1000;
    return shownEndMs === null || shownEndMs <= Date.now() ? next : Math.min(shownEndMs, next);
  }

  function tickCard(card: AgentCard): void {
    if (card.finished) return;
    if (card.startedAtMs !== null)
      card.elapsed.textContent = `${secondsText((Date.now() - card.startedAtMs) / 1000)} elapsed`;
    if (card.etaEndsAtMs === null) {
      card.eta.textContent = "estimating time left…";
      return;
    }
    const left = (card.etaEndsAtMs - Date.now()) / 1000;
    card.eta.textContent = left >= 0.5 ? `about ${secondsText(left)} left` : "taking longer than estimated";
  }

  function removeCard(id: string): void {
    const card = cards.get(id);
    if (!card) return;
    window.clearTimeout(card.leavingTimer);
    card.root.remove();
    cards.delete(id);
    byId("agents-empty").hidden = cards.size > 0;
  }

  function finishCard(entry: PipelineEntry): void {
    const card = cards.get(entry.id);
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
    card.details.querySelectorAll("dd")[1]?.replaceChildren(card.finished);
    announce(`${entry.objective || entry.id}: ${card.finished}`);
    card.leavingTimer = window.setTimeout(() => removeCard(entry.id), FINISHED_CARD_MS);
  }

  /** Brings the cards in line with a full list of executing missions. */
  function renderAgents(agents: readonly LiveAgent[]): void {
    const present = new Set(agents.map((agent) => agent.id));
    for (const agent of agents) updateCard(agent);
    for (const [id, card] of cards) {
      if (present.has(id) || card.finished || card.leavingTimer !== undefined) continue;
      // Gone from the live set: a `finished` event or the next pipeline usually says how it ended.
      card.leavingTimer = window.setTimeout(() => {
        const entry = lastPipeline.find((candidate) => candidate.id === id);
        if (entry && entry.status_label !== "In Progress") finishCard(entry);
        else removeCard(id);
      }, VANISHED_GRACE_MS);
    }
    byId("agents-empty").hidden = cards.size > 0;
  }

  // ---------------------------------------------------------------- pipeline and figures

  function renderPipeline(entries: readonly PipelineEntry[]): void {
    lastPipeline = [...entries];
    const rows = entries.map((listed) => {
      // A running mission's live card may be fresher than this answer: progress never goes back.
      const live = cards.get(listed.id);
      const entry =
        listed.status_label === "In Progress" && live && !live.finished
          ? { ...listed, completion_percent: Math.max(listed.completion_percent, live.agent.progress_percent) }
          : listed;
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
      const artifact = el("td");
      if (entry.artifact) {
        const link = el("a", "artifact-link", "View artifact");
        const id = entry.artifact.url.replace(/^\/api\/artifacts\//, "");
        link.href = `${apiBase}/artifacts/${encodeURIComponent(id)}`;
        link.addEventListener("click", (event) => {
          event.preventDefault();
          void openArtifact(link.href, entry.objective || entry.id);
        });
        artifact.append(link);
      } else {
        artifact.textContent = "—";
      }
      row.append(mission, status, completion, artifact);
      return row;
    });
    byId("pipeline-rows").replaceChildren(...rows);
    byId("pipeline-empty").hidden = entries.length > 0;
    // A card whose mission the pipeline now shows as finished gets its final state.
    for (const entry of entries)
      if (entry.status_label !== "In Progress" && cards.get(entry.id)?.leavingTimer !== undefined) finishCard(entry);
  }

  function renderFigures(data: AnalyticsResponse): void {
    const capped = new Set(data.counts_capped);
    const counts = Object.entries(data.counts_by_status).map(
      ([status, count]) => `${status} ${count}${capped.has(status as never) ? "+" : ""}`,
    );
    const tools = Object.entries(data.tool_usage).map(([tool, count]) => `${tool} ${count}`);
    const figures: [string, string][] = [
      ["Missions by status", counts.join(" · ")],
      ["Success rate", data.success_rate === null ? "—" : `${Math.round(data.success_rate * 1000) / 10}%`],
      [
        "Average duration",
        data.duration.average_ms === null ? "—" : `${(data.duration.average_ms / 1000).toFixed(2)} s`,
      ],
      ["Tool usage", tools.join(" · ")],
      ["Total cost", `$${data.cost.total_usd.toFixed(4)}`],
      ["Average cost", data.cost.average_usd === null ? "—" : `$${data.cost.average_usd.toFixed(4)}`],
      [
        `Today (${data.missions_today.day}, UTC)`,
        `${data.missions_today.finished} finished · ${data.missions_today.completed} complete · ${data.missions_today.failed} failed`,
      ],
    ];
    byId("figures").replaceChildren(
      ...figures.map(([term, value]) => {
        const item = el("div", "figure");
        item.append(el("dt", "", term), el("dd", "", value));
        return item;
      }),
    );
    byId("step-rows").replaceChildren(
      ...Object.entries(data.duration.per_step).map(([step, figure]) => {
        const row = el("tr");
        row.append(
          el("th", "", step),
          el("td", "", figure.average_ms === null ? "—" : `${Math.round(figure.average_ms)} ms`),
          el("td", "", String(figure.samples)),
        );
        row.firstElementChild?.setAttribute("scope", "row");
        return row;
      }),
    );
  }

  async function openArtifact(url: string, title: string): Promise<void> {
    const dialog = byId<HTMLDialogElement>("artifact-dialog");
    byId("artifact-title").textContent = title;
    byId("artifact-content").textContent = "Loading…";
    dialog.showModal();
    try {
      const response = await fetch(url, { headers: { Authorization: `Bearer ${await idToken()}` } });
      const body = (await response.json()) as { content?: string; summary?: string; error?: { message: string } };
      byId("artifact-content").textContent = response.ok
        ? `${body.summary ?? ""}\n\n${body.content ?? ""}`
        : `Could not load the artifact: ${body.error?.message ?? response.status}`;
    } catch (error) {
      byId("artifact-content").textContent = `Could not load the artifact: ${String(error)}`;
    }
  }

  // ---------------------------------------------------------------- polling

  /**
   * Refreshes the board. The response may be cached for 4 s (a poll period); a refresh asked
   * for by an event (a mission joined or left the live set) revalidates instead.
   */
  async function poll(fresh = false): Promise<void> {
    window.clearTimeout(pollTimer);
    if (!session) return;
    try {
      const response = await fetch(`${apiBase}/analytics/all`, {
        headers: { Authorization: `Bearer ${await idToken()}` },
        cache: fresh ? "no-cache" : "default",
      });
      if (response.status === 401) {
        signOut("Your sign-in is no longer valid; sign in again.");
        return;
      }
      if (!response.ok) throw new Error(`analytics answered ${response.status}`);
      const data = (await response.json()) as AnalyticsResponse;
      showError(null);
      if (!streamConnected) renderAgents(data.live_agents);
      renderPipeline(data.task_pipeline);
      renderFigures(data);
      byId("updated").textContent = `Updated ${new Date(data.generated_at).toLocaleTimeString()}`;
    } catch (error) {
      // Signed out meanwhile (the session ended): the sign-in form already says why.
      if (session) showError(`Could not refresh: ${error instanceof Error ? error.message : String(error)}. Retrying.`);
    } finally {
      // One pending poll at most, however many were started (stream events also start one).
      window.clearTimeout(pollTimer);
      if (session && !document.hidden) pollTimer = window.setTimeout(() => void poll(), config.pollMs);
    }
  }

  // ---------------------------------------------------------------- live stream

  async function readEvents(
    body: ReadableStream<Uint8Array>,
    onEvent: (event: string, data: unknown) => void,
  ): Promise<void> {
    const reader = body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) return;
      buffer += decoder.decode(value, { stream: true }).replace(/\r\n/g, "\n");
      let boundary = buffer.indexOf("\n\n");
      while (boundary >= 0) {
        const record = buffer.slice(0, boundary);
        buffer = buffer.slice(boundary + 2);
        let event = "message";
        const data: string[] = [];
        for (const line of record.split("\n")) {
          if (line.startsWith("event:")) event = line.slice(6).trim();
          else if (line.startsWith("data:")) data.push(line.slice(5).trimStart());
        }
        if (data.length > 0) onEvent(event, JSON.parse(data.join("\n")));
        boundary = buffer.indexOf("\n\n");
      }
    }
  }

  async function connectStream(): Promise<void> {
    if (!session || streamAbort) return;
    const abort = new AbortController();
    streamAbort = abort;
    try {
      const response = await fetch(`${config.streamBase}/analytics/live`, {
        headers: { Authorization: `Bearer ${await idToken()}`, Accept: "text/event-stream" },
        signal: abort.signal,
      });
      // A revoked session or disabled account: retrying with the same token cannot help.
      if (response.status === 401) {
        signOut("Your sign-in is no longer valid; sign in again.");
        return;
      }
      if (!response.ok || !response.body) throw new Error(`live stream answered ${response.status}`);
      streamConnected = true;
      byId("live-state").textContent = "live";
      await readEvents(response.body, (event, data) => {
        if (event === "live_agents") {
          const agents = (data as { live_agents: LiveAgent[] }).live_agents;
          renderAgents(agents);
          // A mission joined or left: refresh the pipeline and figures too, so they agree.
          const ids = agents.map((agent) => agent.id).join(",");
          if (ids !== liveIds) {
            liveIds = ids;
            window.clearTimeout(refreshSoon);
            refreshSoon = window.setTimeout(() => void poll(true), 300);
          }
        } else if (event === "finished") {
          finishCard(data as PipelineEntry);
          void poll(true);
        }
      });
    } catch {
      // Aborted (sign-out) or dropped: the poll keeps the board current meanwhile.
    } finally {
      streamConnected = false;
      byId("live-state").textContent = "refreshing every 5 s";
      if (streamAbort === abort) {
        streamAbort = null;
        if (session && !abort.signal.aborted) window.setTimeout(() => void connectStream(), STREAM_RETRY_MS);
      }
    }
  }

  // ---------------------------------------------------------------- start

  function start(): void {
    showSignedIn();
    if (!session) return;
    void poll();
    void connectStream();
  }

  byId<HTMLFormElement>("signin-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.currentTarget as HTMLFormElement;
    const submit = form.querySelector("button");
    if (submit) submit.disabled = true;
    signIn(form)
      .then((next) => {
        saveSession(next);
        showError(null);
        start();
      })
      .catch((error: unknown) => showError(`Sign-in failed: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        if (submit) submit.disabled = false;
      });
  });
  byId("signout").addEventListener("click", () => signOut());
  byId("artifact-close").addEventListener("click", () => byId<HTMLDialogElement>("artifact-dialog").close());
  document.addEventListener("visibilitychange", () => {
    if (!document.hidden && session) void poll(true);
  });
  window.setInterval(() => {
    for (const card of cards.values()) tickCard(card);
  }, 1000);
  start();
})();
