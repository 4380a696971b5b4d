/**
 * Deployed functions, and nothing else. Each is a thin shell around a module that can be
 * tested on its own.
 */
import { onDocumentCreated, onDocumentWritten } from "firebase-functions/v2/firestore";
import { onRequest } from "firebase-functions/v2/https";
import { onSchedule } from "firebase-functions/v2/scheduler";
import { MISSION_FUNCTION_TIMEOUT_SECONDS } from "./config";
import { handleApiRequest } from "./http/api";
import { apiCorsOrigins } from "./http/cors";
import { searchApiKey } from "./tools/webConfig";
import { handleMissionWrite } from "./triggers/missionApproved";
import { sweepStaleMissions } from "./triggers/sweeper";
import { webhookSecret } from "./notify/notifyConfig";
import { deliverCreatedNotification, retryDueNotifications } from "./triggers/notifications";

/**
 * Runs the pipeline when a mission is approved (created as `approved` included), re-queued,
 * re-delivered by the sweeper, or cancelled while it waits; counts a mission for analytics
 * when a write ends it; every other write is ignored.
 */
export const onMissionWritten = onDocumentWritten(
  {
    document: "missions/{missionId}",
    timeoutSeconds: MISSION_FUNCTION_TIMEOUT_SECONDS,
    memory: "512MiB",
    // Thrown for a retry: transient failures before the claim, while the event is young, and a
    // count of a finished mission that did not land (idempotent, so always).
    retry: true,
    // Bound here only: the one function whose tools call the search provider.
    secrets: [searchApiKey],
  },
  async (event) => {
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
    await deliverCreatedNotification(event.params.runId);
  },
);

/** Retries webhook deliveries that are due (network errors, 429, 5xx), with backoff, for 24 h. */
export const retryNotifications = onSchedule(
  { schedule: "every 1 minutes", timeoutSeconds: 300, memory: "256MiB", secrets: [webhookSecret] },
  async () => {
    await retryDueNotifications();
  },
);

/** Everything under /api (analytics, whiteboard, progress streams), behind the Hosting rewrite. */
export const api = onRequest(
  {
    timeoutSeconds: 300,
    memory: "256MiB",
    // The whiteboard (served through Hosting) reads its event streams from this function's own
    // URL, because Hosting buffers streamed responses. Auth is a Bearer token, never a cookie.
    // Only this project's own origins (http/cors.ts). A getter, because the origins come from
    // params, which hold their values only at run time; firebase-functions reads it per request.
    get cors() {
      return apiCorsOrigins();
    },
  },
  handleApiRequest,
);
