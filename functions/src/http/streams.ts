import type { DocumentSnapshot, Firestore, QuerySnapshot } from "firebase-admin/firestore";
import { isTerminal } from "../missions/status";
import type { Response } from "express";
import * as z from "zod";
import { log } from "../logs";
import { buildQuery, liveAgentsQuery, type Scope } from "../analytics/queries";
import { liveAgentSchema, pipelineEntrySchema, progressEventSchema } from "../analytics/schema";
import { parseMissionView, toLiveAgent, toPipelineEntry, toProgressEvent } from "../analytics/views";
import { MISSIONS } from "../firebase";
import { canSee, type Viewer } from "./auth";
import { HttpError, notFound, sendError } from "./errors";
import { SSE_HEARTBEAT_MS, SSE_MAX_DURATION_MS, SseStream } from "./sse";

export interface StreamOptions {
  maxDurationMs?: number;
  heartbeatMs?: number;
  now?: () => number;
}

/**
 * `GET /api/missions/{id}/progress`: the mission's progress as server-sent events.
 * The listener's first snapshot decides access (owner or admin, else 404 without saying
 * whether the mission exists) and is sent at once as a `progress` event; every change that
 * alters what a client sees follows as another `progress` event; at a terminal status an
 * `end` event closes the stream. A stream that reaches its time limit sends `timeout`.
 */
export function streamMissionProgress(
  db: Firestore,
  viewer: Viewer,
  missionId: string,
  response: Response,
  options: StreamOptions = {},
): Promise<void> {
  const now = options.now ?? Date.now;
  const route = "mission progress";
  return new Promise((resolve) => {
    let stream: SseStream | null = null;
    let lastSent = "";
    let unsubscribe: () => void = () => undefined;

    const onSnapshot = (snapshot: DocumentSnapshot) => {
      if (!stream) {
        if (!snapshot.exists || !canSee(viewer, snapshot.get("owner_uid") as string | undefined)) {
          unsubscribe();
          sendError(response, notFound(`no mission ${missionId} that you may see`));
          resolve();
          return;
        }
        stream = new SseStream(response, {
          maxDurationMs: options.maxDurationMs ?? SSE_MAX_DURATION_MS,
          heartbeatMs: options.heartbeatMs ?? SSE_HEARTBEAT_MS,
          onClose: (reason) => {
            unsubscribe();
            log.streamEnded(route, reason, stream?.events ?? 0);
            resolve();
          },
        });
      }
      if (!snapshot.exists) {
        stream.send("error", { code: "deleted", message: `mission ${missionId} was deleted` });
        stream.close("mission deleted");
        return;
      }
      const parsed = parseMissionView(snapshot);
      if (!parsed.ok) {
        stream.send("error", { code: "unreadable", message: `mission ${missionId} is unreadable: ${parsed.reason}` });
        stream.close("mission unreadable");
        return;
      }
      const event = progressEventSchema.parse(toProgressEvent(parsed.view, now()));
      // Writes that change nothing a client sees (lease renewals) are not repeated.
      const key = JSON.stringify({ ...event, elapsed_seconds: 0 });
      if (key !== lastSent) {
        lastSent = key;
        stream.send("progress", event);
      }
      if (isTerminal(event.status)) {
        stream.send("end", { mission_id: missionId, status: event.status });
        stream.close(`mission ${event.status}`);
      }
    };

    // A client gone before the first snapshot must not leave the listener running: the
    // stream (which watches the response itself) does not exist yet.
    response.on("close", () => {
      if (stream) return;
      unsubscribe();
      resolve();
    });
    unsubscribe = db
      .collection(MISSIONS)
      .doc(missionId)
      .onSnapshot(onSnapshot, (error) => {
        log.requestFailed(route, error);
        if (stream) {
          stream.send("error", { code: "listener_failed", message: "the progress listener failed; reconnect" });
          stream.close("listener error");
        } else {
          sendError(response, new HttpError(503, "unavailable", "could not listen to the mission; try again"));
          resolve();
        }
      });
  });
}

/**
 * `GET /api/analytics/live`: the whiteboard's Live Agents as server-sent events, from a
 * listener on the same bounded query `/api/analytics/all` runs (and built by the same
 * function, so the two agree). Each snapshot sends `live_agents` (the whole list); a mission
 * that leaves the executing set is read once and sent as `finished` (its pipeline entry).
 */
export function streamLiveAgents(
  db: Firestore,
  scope: Scope,
  response: Response,
  options: StreamOptions = {},
): Promise<void> {
  const now = options.now ?? Date.now;
  const route = "live agents";
  return new Promise((resolve) => {
    let unsubscribe: () => void = () => undefined;
    const stream = new SseStream(response, {
      maxDurationMs: options.maxDurationMs ?? SSE_MAX_DURATION_MS,
      heartbeatMs: options.heartbeatMs ?? SSE_HEARTBEAT_MS,
      onClose: (reason) => {
        unsubscribe();
        log.streamEnded(route, reason, stream.events);
        resolve();
      },
    });
    // A listener takes no projection: the same query as live_agents, without `select`.
    const descriptor = { ...liveAgentsQuery(scope), select: undefined };
    let first = true;
    let chain = Promise.resolve();

    const handle = async (snapshot: QuerySnapshot) => {
      const agents = [];
      for (const doc of snapshot.docs) {
        const parsed = parseMissionView(doc);
        if (parsed.ok) agents.push(toLiveAgent(parsed.view, now()));
      }
      stream.send("live_agents", {
        generated_at: new Date(now()).toISOString(),
        live_agents: z.array(liveAgentSchema).parse(agents),
      });
      const left = first ? [] : snapshot.docChanges().filter((change) => change.type === "removed");
      first = false;
      for (const change of left) {
        const fresh = await change.doc.ref.get();
        const parsed = parseMissionView(fresh);
        if (!parsed.ok || parsed.view.status === "executing") continue;
        stream.send("finished", pipelineEntrySchema.parse(toPipelineEntry(parsed.view)));
      }
    };

    unsubscribe = buildQuery(db, descriptor).onSnapshot(
      (snapshot) => {
        chain = chain.then(() => handle(snapshot)).catch((error) => log.requestFailed(route, error));
      },
      (error) => {
        log.requestFailed(route, error);
        stream.send("error", { code: "listener_failed", message: "the live listener failed; reconnect" });
        stream.close("listener error");
      },
    );
  });
}
