/**
 * The backend's layers, lowest first. A module may import its own layer and the layers below
 * it, never one above, and no import may close a circle. `npm run lint` checks it.
 *
 *   shared      words everyone uses: the step table, tool names, Deadline, days, money
 *   base        config params, typed errors, log lines, the Admin app (top-level files)
 *   progress    the tracker (no Firestore), its schema, ETA
 *   missions    mission schemas, statuses, approval
 *   net         the SSRF-guarded fetch layer
 *   notify      a mission's ending: inbox entry, webhook notification and its delivery
 *   tools       calculate, web_search, web_extract and their registry
 *   pipeline    executeMission and its parts: run/, claim/, steps/, budget/, record/
 *   analytics   aggregates (implements the pipeline's RunRecorder), reports, views
 *   whiteboard  the dashboard page's markup and the config it embeds (its script and styles are web/whiteboard)
 *   http        the /api router and its handlers
 *   triggers    the deployed functions' bodies, wiring it all
 *   index       exports only
 *
 * The whiteboard's browser program (web/whiteboard/src) sits beside them: it may import only
 * the shared words and the analytics schema (types), and nothing in functions/src imports it.
 */
const LAYERS = [
  ["shared", "^functions/src/shared/"],
  ["base", "^functions/src/(config|errors|logs|firebase|paramValue|settings)\\.ts$"],
  ["progress", "^functions/src/progress/"],
  ["missions", "^functions/src/missions/"],
  ["net", "^functions/src/net/"],
  ["notify", "^functions/src/notify/"],
  ["tools", "^functions/src/tools/"],
  ["pipeline", "^functions/src/pipeline/"],
  ["analytics", "^functions/src/analytics/"],
  ["whiteboard", "^functions/src/whiteboard/"],
  ["http", "^functions/src/http/"],
  ["triggers", "^functions/src/triggers/"],
  ["index", "^functions/src/index\\.ts$"],
];

const upward = LAYERS.slice(0, -1).map(([name, path], index) => ({
  name: `no-upward-from-${name}`,
  severity: "error",
  comment: `${name} may not import a higher layer (${LAYERS.slice(index + 1)
    .map(([higher]) => higher)
    .join(", ")})`,
  from: { path },
  to: { path: LAYERS.slice(index + 1).map(([, higher]) => higher) },
}));

module.exports = {
  forbidden: [
    {
      name: "no-circular",
      severity: "error",
      comment: "an import circle ties modules together for good: break it with a lower shared module",
      from: {},
      to: { circular: true },
    },
    ...upward,
    {
      name: "browser-reads-only-shared-words",
      severity: "error",
      comment:
        "the whiteboard's browser program (web/whiteboard) may use the server's shared words and the analytics schema's types, nothing that runs on the server",
      from: { path: "^web/whiteboard/" },
      to: { path: "^functions/src/", pathNot: "^functions/src/(shared/|analytics/schema\\.ts$)" },
    },
    {
      name: "server-does-not-import-browser",
      severity: "error",
      comment: "the functions serve the browser bundle as a built file; they never import its sources",
      from: { path: "^functions/src/" },
      to: { path: "^web/" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    // Type-only imports count too: a layer that needs a higher one's types is upside down as well.
  },
};
