import { WHITEBOARD_CONFIG_ELEMENT_ID, type WhiteboardConfig } from "../shared/whiteboardConfig";

/** JSON inside a <script> element: nothing in it may close the element. */
function embedJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, "\\u003c").replace(/>/g, "\\u003e").replace(/&/g, "\\u0026");
}

function origin(url: string): string {
  try {
    return new URL(url).origin;
  } catch {
    return "";
  }
}

/** Only this page's own script and style, and only the origins it talks to. */
export function contentSecurityPolicy(config: WhiteboardConfig): string {
  const auth =
    config.auth.mode === "emulator"
      ? [config.auth.emulatorOrigin]
      : ["https://identitytoolkit.googleapis.com", "https://securetoken.googleapis.com"];
  const connect = ["'self'", origin(config.streamBase), ...auth].filter(Boolean).join(" ");
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    `connect-src ${connect}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join("; ");
}

function signInFields(config: WhiteboardConfig): string {
  if (config.auth.mode === "emulator") {
    return `
          <p class="hint">Local Auth emulator: sign in as any user id. An administrator sees every mission; anyone else only their own.</p>
          <label for="uid">User id</label>
          <input id="uid" name="uid" autocomplete="username" required value="demo-admin" />
          <label class="check"><input type="checkbox" name="admin" checked /> Administrator</label>`;
  }
  return `
          <label for="email">Email</label>
          <input id="email" name="email" type="email" autocomplete="username" required />
          <label for="password">Password</label>
          <input id="password" name="password" type="password" autocomplete="current-password" required />`;
}

/** The whiteboard page: static markup the script fills in; works from /api/whiteboard or the function URL. */
export function renderPage(config: WhiteboardConfig): string {
  return `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Mission Control · Whiteboard</title>
    <link rel="icon" href="data:," />
    <link rel="stylesheet" href="whiteboard/app.css" />
    <script id="${WHITEBOARD_CONFIG_ELEMENT_ID}" type="application/json">${embedJson(config)}</script>
    <script src="whiteboard/app.js" defer></script>
  </head>
  <body>
    <a class="skip" href="#main">Skip to the board</a>
    <header class="top">
      <h1>Mission Control <span class="sub">Buddy's whiteboard</span></h1>
      <div id="account" class="account" hidden>
        <span>Signed in as <strong id="account-name"></strong></span>
        <button id="signout" type="button">Sign out</button>
      </div>
    </header>
    <main id="main">
      <p id="error" class="error" role="alert" hidden></p>
      <p id="announcer" class="visually-hidden" aria-live="polite"></p>
      <section id="signin" class="panel signin" aria-labelledby="signin-title">
        <h2 id="signin-title">Sign in</h2>
        <form id="signin-form">${signInFields(config)}
          <button type="submit">Sign in</button>
        </form>
      </section>
      <div id="board" class="board" hidden>
        <section class="panel" aria-labelledby="agents-title">
          <h2 id="agents-title">Live Agents <span id="live-state" class="state">connecting…</span></h2>
          <ul id="agents" class="agents"></ul>
          <p id="agents-empty" class="empty">No mission is executing.</p>
        </section>
        <section class="panel" aria-labelledby="pipeline-title">
          <h2 id="pipeline-title">Task Pipeline <span id="updated" class="state"></span></h2>
          <table class="pipeline">
            <caption class="visually-hidden">The last five missions</caption>
            <thead>
              <tr><th scope="col">Mission</th><th scope="col">Status</th><th scope="col">Completion</th><th scope="col">Artifact</th></tr>
            </thead>
            <tbody id="pipeline-rows"></tbody>
          </table>
          <p id="pipeline-empty" class="empty" hidden>No mission has run yet.</p>
        </section>
        <section class="panel" aria-labelledby="figures-title">
          <h2 id="figures-title">Figures</h2>
          <dl id="figures" class="figures"></dl>
          <div class="charts">
            <figure class="chart-box">
              <figcaption>Step durations: <span class="key-mean">mean</span> and <span class="key-p90">p90</span> (all time)</figcaption>
              <div id="step-chart"></div>
            </figure>
            <figure class="chart-box">
              <figcaption>Missions finished per hour today (UTC)</figcaption>
              <div id="hour-chart"></div>
            </figure>
          </div>
          <table class="steps">
            <caption>Duration per step (p90: the bound of its 1-2-5 ms bucket)</caption>
            <thead><tr><th scope="col">Step</th><th scope="col">Mean</th><th scope="col">p90</th><th scope="col">Runs</th></tr></thead>
            <tbody id="step-rows"></tbody>
          </table>
        </section>
        <section class="panel runs" aria-labelledby="runs-title">
          <h2 id="runs-title">Runs</h2>
          <div class="runs-tools">
            <label>Status <select id="runs-status">
              <option value="">all</option><option>draft</option><option>approved</option><option>executing</option>
              <option>completed</option><option>failed</option><option>cancelled</option>
            </select></label>
            <label>Search <input id="runs-search" type="search" placeholder="objective" /></label>
          </div>
          <ul id="runs-list" class="runs-list"></ul>
          <article id="run" class="run" hidden>
            <h3 id="run-title"></h3>
            <p><span id="run-state" class="state"></span>
              <button id="run-cancel" type="button">Cancel</button>
              <button id="run-retry" type="button">Retry</button></p>
            <ol id="run-timeline" class="timeline"></ol>
            <dl id="run-facts" class="run-facts"></dl>
            <p id="run-error" class="error" role="status"></p>
          </article>
        </section>
      </div>
      <dialog id="artifact-dialog" aria-labelledby="artifact-title">
        <h2 id="artifact-title">Artifact</h2>
        <pre id="artifact-content"></pre>
        <button id="artifact-close" type="button">Close</button>
      </dialog>
    </main>
  </body>
</html>
`;
}
