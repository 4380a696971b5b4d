import type { Firestore } from "firebase-admin/firestore";
import type { Response } from "express";
import type { Request } from "firebase-functions/v2/https";
import * as z from "zod";
import { pastStepQuery } from "../analytics/queries";
import { runQuery } from "../analytics/queryLog";
import { loadAnalytics } from "../analytics/report";
import { parseMissionView } from "../analytics/views";
import { ARTIFACTS } from "../firebase";
import { STEP_NAMES, stepNameSchema } from "../shared/steps";
import { authenticate, canSee, scopeOf } from "./auth";
import { badRequest, notFound } from "./errors";
import { isReadableId } from "./ids";
import { streamLiveAgents, streamMissionProgress } from "./streams";

/**
 * The JSON and streaming endpoints under /api. Each authenticates first (401 without a
 * valid Firebase ID token), then scopes what it reads to the viewer: an admin sees all
 * missions, anyone else only their own.
 */

/**
 * The dashboard polls every 5 s. `private` keeps per-user data out of the Hosting CDN and
 * any shared cache; `max-age=4` lets one browser reuse an answer within the same poll period
 * (a second tab, a double render) but never serves a poll the previous poll's data.
 */
export const ANALYTICS_CACHE_CONTROL = "private, max-age=4";

export async function getAnalyticsAll(db: Firestore, request: Request, response: Response): Promise<void> {
  const viewer = await authenticate(request);
  const body = await loadAnalytics(db, scopeOf(viewer));
  response.set({ "Cache-Control": ANALYTICS_CACHE_CONTROL, Vary: "Authorization" });
  response.status(200).json(body);
}

export async function getLiveAgentsStream(db: Firestore, request: Request, response: Response): Promise<void> {
  const viewer = await authenticate(request);
  await streamLiveAgents(db, scopeOf(viewer), response);
}

export async function getMissionProgressStream(
  db: Firestore,
  request: Request,
  response: Response,
  missionId: string,
): Promise<void> {
  const viewer = await authenticate(request);
  if (!isReadableId(missionId)) throw notFound(`no mission ${missionId} that you may see`);
  await streamMissionProgress(db, viewer, missionId, response);
}

const pastStepParams = z.object({
  past_step: stepNameSchema,
  // A plain decimal string: coercion would also take `limit[]=1` (["1"]) and `1e1`.
  limit: z
    .string()
    .regex(/^[0-9]{1,3}$/)
    .transform(Number)
    .pipe(z.number().int().min(1).max(50))
    .default(20),
});

/** `GET /api/missions?past_step=<step>&limit=<n>`: recent missions whose run completed <step>. */
export async function getMissionsPastStep(db: Firestore, request: Request, response: Response): Promise<void> {
  const viewer = await authenticate(request);
  const params = pastStepParams.safeParse(request.query);
  if (!params.success) {
    throw badRequest(`past_step must be one of ${STEP_NAMES.join(", ")} and limit an integer from 1 to 50`);
  }
  const docs = await runQuery(db, pastStepQuery(scopeOf(viewer), params.data.past_step, params.data.limit));
  const missions = docs.flatMap((doc) => {
    const parsed = parseMissionView(doc);
    if (!parsed.ok) return [];
    const { view } = parsed;
    return [
      {
        id: view.id,
        objective: view.objective,
        status: view.status,
        updated_at: view.updated_at?.toDate().toISOString() ?? null,
        completed_step_names: view.execution_record?.progress_tracker?.completed_step_names ?? [],
      },
    ];
  });
  response.set({ "Cache-Control": ANALYTICS_CACHE_CONTROL, Vary: "Authorization" });
  response.status(200).json({ past_step: params.data.past_step, missions });
}

const artifactSchema = z.looseObject({
  owner_uid: z.string(),
  mission_id: z.string(),
  tool: z.string(),
  summary: z.string(),
  content: z.string(),
  content_bytes: z.number(),
  truncated: z.boolean(),
});

/** `GET /api/artifacts/{id}`: an artifact, for its mission's owner or an admin. */
export async function getArtifact(
  db: Firestore,
  request: Request,
  response: Response,
  artifactId: string,
): Promise<void> {
  const viewer = await authenticate(request);
  if (!isReadableId(artifactId)) throw notFound(`no artifact ${artifactId} that you may see`);
  const snapshot = await db.collection(ARTIFACTS).doc(artifactId).get();
  const parsed = artifactSchema.safeParse(snapshot.data());
  if (!snapshot.exists || !parsed.success || !canSee(viewer, parsed.data.owner_uid)) {
    throw notFound(`no artifact ${artifactId} that you may see`);
  }
  const artifact = parsed.data;
  // An artifact is written once per execution and never changes.
  response.set({ "Cache-Control": "private, max-age=300", Vary: "Authorization" });
  response.status(200).json({
    artifact_id: snapshot.id,
    mission_id: artifact.mission_id,
    tool: artifact.tool,
    summary: artifact.summary,
    content: artifact.content,
    content_bytes: artifact.content_bytes,
    truncated: artifact.truncated,
  });
}
