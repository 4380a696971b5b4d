/** The whiteboard's stylesheet, served at /api/whiteboard/app.css. */
export const WHITEBOARD_CSS = `
:root {
  color-scheme: light dark;
  --bg: #f6f7f9; --panel: #ffffff; --text: #1c2128; --muted: #57606a; --line: #d0d7de;
  --accent: #0a58ca; --ok: #1a7f37; --bad: #b42318; --track: #e6e9ee;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif;
}
@media (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --panel: #161b22; --text: #e6edf3; --muted: #9da7b3; --line: #30363d;
    --accent: #4c9aff; --ok: #3fb950; --bad: #f85149; --track: #262c36; }
}
* { box-sizing: border-box; }
[hidden] { display: none !important; }
body { margin: 0; background: var(--bg); color: var(--text); line-height: 1.45; }
.skip { position: absolute; left: -999px; top: 0; }
.skip:focus { left: 8px; z-index: 1; background: var(--panel); padding: 4px 8px; }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
.top { display: flex; flex-wrap: wrap; align-items: center; justify-content: space-between; gap: 8px;
  padding: 12px 24px; border-bottom: 1px solid var(--line); background: var(--panel); }
h1 { font-size: 1.25rem; margin: 0; }
h1 .sub { font-weight: 400; color: var(--muted); font-size: 0.95rem; margin-left: 6px; }
h2 { font-size: 1.05rem; margin: 0 0 12px; display: flex; align-items: baseline; gap: 10px; }
.state { font-weight: 400; font-size: 0.85rem; color: var(--muted); }
.account { display: flex; align-items: center; gap: 12px; font-size: 0.9rem; }
main { max-width: 1100px; margin: 0 auto; padding: 20px 24px 40px; }
.board { display: grid; gap: 20px; }
.panel { background: var(--panel); border: 1px solid var(--line); border-radius: 10px; padding: 16px 18px; }
button { font: inherit; cursor: pointer; border-radius: 6px; border: 1px solid var(--line);
  background: var(--panel); color: var(--text); padding: 6px 12px; }
button:focus-visible, a:focus-visible, input:focus-visible { outline: 3px solid var(--accent); outline-offset: 2px; }
.signin { max-width: 420px; }
.signin form { display: grid; gap: 8px; }
.signin input:not([type=checkbox]) { font: inherit; padding: 6px 8px; border: 1px solid var(--line); border-radius: 6px;
  background: var(--bg); color: var(--text); }
.signin .check { display: flex; gap: 8px; align-items: center; }
.signin button[type=submit] { background: var(--accent); color: #fff; border-color: var(--accent); justify-self: start; }
.hint, .empty { color: var(--muted); font-size: 0.9rem; margin: 0; }
.error { background: color-mix(in srgb, var(--bad) 12%, var(--panel)); border: 1px solid var(--bad);
  border-radius: 8px; padding: 8px 12px; }
.agents { list-style: none; margin: 0; padding: 0; display: grid; gap: 12px;
  grid-template-columns: repeat(auto-fill, minmax(300px, 1fr)); }
.agent { border: 1px solid var(--line); border-radius: 8px; padding: 10px 12px; }
.agent-button { display: grid; gap: 2px; width: 100%; text-align: left; border: 0; padding: 0; background: none; }
.agent-label { font-weight: 600; font-variant-numeric: tabular-nums; }
.agent-objective { color: var(--muted); font-size: 0.9rem; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.bar { height: 10px; margin: 8px 0 6px; border-radius: 5px; background: var(--track); overflow: hidden; }
.bar-fill { height: 100%; width: 0; background: var(--accent); border-radius: 5px; transition: width 0.6s ease-out; }
.is-complete .bar-fill { background: var(--ok); }
.is-failed .bar-fill { background: var(--bad); }
.agent-meta { margin: 0; font-size: 0.85rem; color: var(--muted); font-variant-numeric: tabular-nums; }
.agent-details { margin: 8px 0 0; display: grid; grid-template-columns: auto 1fr; gap: 2px 10px; font-size: 0.85rem; }
.agent-details dt { color: var(--muted); }
.agent-details dd { margin: 0; overflow-wrap: anywhere; }
table { width: 100%; border-collapse: collapse; font-size: 0.92rem; }
th, td { text-align: left; padding: 7px 8px; border-bottom: 1px solid var(--line); vertical-align: top; }
thead th { color: var(--muted); font-weight: 600; font-size: 0.85rem; }
.mission .objective { display: block; }
.mission .mission-id { display: block; color: var(--muted); font-size: 0.8rem; }
.status { display: inline-block; padding: 1px 8px; border-radius: 999px; font-size: 0.85rem; font-weight: 600;
  border: 1px solid currentColor; }
.status-complete { color: var(--ok); }
.status-failed { color: var(--bad); }
.status-in-progress { color: var(--accent); }
.completion { min-width: 120px; font-variant-numeric: tabular-nums; }
.meter { height: 6px; border-radius: 3px; background: var(--track); overflow: hidden; margin-top: 4px; }
.meter-fill { height: 100%; background: var(--accent); }
.figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(230px, 1fr)); gap: 10px; margin: 0 0 16px; }
.figure { border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; }
.figure dt { color: var(--muted); font-size: 0.8rem; }
.figure dd { margin: 2px 0 0; font-weight: 600; font-variant-numeric: tabular-nums; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); gap: 16px; margin: 0 0 16px; }
.chart-box { margin: 0; border: 1px solid var(--line); border-radius: 8px; padding: 8px 10px; }
.chart-box figcaption { font-weight: 600; font-size: 0.9rem; margin-bottom: 6px; }
.chart { width: 100%; height: auto; display: block; font-size: 12px; }
.chart text { fill: var(--text); }
.chart .chart-value, .chart .chart-axis { fill: var(--muted); }
.chart .chart-count, .chart .chart-axis { text-anchor: middle; }
.chart .p90 { fill: color-mix(in srgb, var(--accent) 30%, var(--panel)); }
.chart .mean, .chart .hour { fill: var(--accent); }
.chart .axis { stroke: var(--line); }
.key-mean { color: var(--accent); }
.key-p90 { color: color-mix(in srgb, var(--accent) 45%, var(--muted)); }
.steps caption { text-align: left; font-weight: 600; padding-bottom: 6px; }
dialog { max-width: min(800px, 92vw); border: 1px solid var(--line); border-radius: 10px; background: var(--panel); color: var(--text); }
dialog pre { white-space: pre-wrap; max-height: 60vh; overflow: auto; font-size: 0.85rem; }
@media (prefers-reduced-motion: reduce) { .bar-fill { transition: none; } }
`;
