/**
 * Deployed functions, and nothing else. Each is a thin shell around a module that can be
 * tested on its own.
 */
import { onDocumentCreated, onDocumentWritten } from "firebase-functions/v2/firestore";
import { onRequest } from "firebase-functions/v2/https";
import { setGlobalOptions } from "firebase-functions/v2/options";
import { onSchedule } from "firebase-functions/v2/scheduler";
import { MISSION_FUNCTION_TIMEOUT_SECONDS } from "./config";
import { apiCorsOrigins } from "./http/cors";
import { plannerApiKey } from "./decision/plannerSecret";
import { functionsRegion } from "./region";
import { searchApiKey } from "./tools/webConfig";
import { webhookSecret } from "./notify/notifyConfig";

// Every function beside the database (region.ts).
setGlobalOptions({ region: functionsRegion.param });

// Each function loads its own modules on its first invocation (issue 20): every instance
// loads this file, and the api has no use for the pipeline, nor the sweeper for the api.

/**
 * Runs the pipeline when a mission is approved (created as `approved` included), re-queued,
 * re-delivered by the sweeper, or cancelled while it waits; counts a mission for analytics
 * when a write ends it; every other write is ignored.
 */
export const onMissionWritten = onDocumentWritten(
  {
    document: "missions/{missionId}",
    timeoutSeconds: MISSION_FUNCTION_TIMEOUT_SECONDS,
    // Sized from the memory bench (docs/capacity.md, "Memory"): 80 maximum-size extractions at
    // once (a full instance at the default concurrency) peak at ~510 MiB of RSS with the heap
    // V8 gives a 1 GiB instance; 512 MiB would leave no room.
    memory: "1GiB",
    // Thrown for a retry: transient failures before the claim, while the event is young, and a
    // count of a finished mission that did not land (idempotent, so always).
    retry: true,
    // Bound here only: the one function whose tools call the search provider and whose
    // intent_classification may ask the model planner (PLANNER=llm).
    secrets: [searchApiKey, plannerApiKey],
  },
  async (event) => {
    const { handleMissionWrite } = await import("./triggers/missionWritten.js");
    await handleMissionWrite({
      missionId: event.params.missionId,
      before: event.data?.before.data(),
      after: event.data?.after.data(),
      afterUpdateTime: event.data?.after.exists ? event.data.after.updateTime : undefined,
      eventTimeMs: Date.parse(event.time),
    });
  },
);

/** Re-queues, fails or cancels missions whose worker died (expired lease); re-delivers stranded approvals. */
export const sweepMissions = onSchedule(
  {
    schedule: "every 5 minutes",
    // It runs no mission itself (it hands them to the trigger), only paged queries.
    timeoutSeconds: MISSION_FUNCTION_TIMEOUT_SECONDS,
    memory: "256MiB",
  },
  async () => {
    const { sweepStaleMissions } = await import("./triggers/sweeper.js");
    await sweepStaleMissions();
  },
);

/**
 * Posts a mission's ending to its `notify_url` once the ending's commit created the
 * notification. Not retried by the platform: a failed attempt is recorded with its next
 * time, which the sweep below honours (so retries survive the instance).
 */
export const onNotificationCreated = onDocumentCreated(
  { document: "notifications/{runId}", timeoutSeconds: 60, memory: "256MiB", secrets: [webhookSecret] },
  async (event) => {
    const { deliverCreatedNotification } = await import("./triggers/notifications.js");
    await deliverCreatedNotification(event.params.runId);
  },
);

/** Retries webhook deliveries that are due (network errors, 429, 5xx), with backoff, for 24 h. */
export const retryNotifications = onSchedule(
  { schedule: "every 1 minutes", timeoutSeconds: 300, memory: "256MiB", secrets: [webhookSecret] },
  async () => {
    const { retryDueNotifications } = await import("./triggers/notifications.js");
    await retryDueNotifications();
  },
);

/** Everything under /api (analytics, whiteboard, progress streams), behind the Hosting rewrite. */
export const api = onRequest(
  {
    timeoutSeconds: 300,
    memory: "256MiB",
    // Reached without IAM: by Hosting's rewrite and by the whiteboard's streams (auth is the
    // request's Bearer token). Explicit, so a deploy sets allUsers as invoker (README, Deploy).
    invoker: "public",
    // The whiteboard (served through Hosting) reads its event streams from this function's own
    // URL, because Hosting buffers streamed responses. Auth is a Bearer token, never a cookie.
    // Only this project's own origins (http/cors.ts). A getter, because the origins come from
    // params, which hold their values only at run time; firebase-functions reads it per request.
    get cors() {
      return apiCorsOrigins();
    },
  },
  async (request, response) => {
    const { handleApiRequest } = await import("./http/api.js");
    await handleApiRequest(request, response);
  },
);
