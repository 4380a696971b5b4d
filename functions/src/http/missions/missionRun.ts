import type { Response } from "express";
import type { DocumentReference, DocumentSnapshot, Firestore } from "firebase-admin/firestore";
import type { Request } from "firebase-functions/v2/https";
import { MISSIONS } from "../../firebase";
import { statusOf } from "../../missions/approval";
import { isTerminal } from "../../missions/status";
import { loadPipelineConfig } from "../../config";
import { BudgetExceededError } from "../../errors";
import { approveDraft } from "../../pipeline/lifecycle/statusChanges";
import { reserveForRetry, retryRefusal, retryUpdate } from "../../pipeline/run/retryFailed";
import { authenticate } from "../auth";
import { HttpError } from "../errors";
import { requireAccess, requireReadableId } from "./missionAccess";
import { executeResult } from "./missionView";
import { approveQuery, parseOr400 } from "./restSchemas";

/**
 * Resolves with the mission once it has ended, or with its latest snapshot when `seconds`
 * pass first: a snapshot listener (no polling), closed on either outcome or when the client
 * goes away.
 */
function watchUntilEnded(ref: DocumentReference, seconds: number, request: Request): Promise<DocumentSnapshot> {
  return new Promise((resolve, reject) => {
    let latest: DocumentSnapshot | null = null;
    let finish: (snapshot: DocumentSnapshot | null, error?: unknown) => void = () => undefined;
    const timer = setTimeout(() => finish(latest), seconds * 1000);
    const onClose = () => finish(latest);
    const unsubscribe = ref.onSnapshot(
      (snapshot) => {
        latest = snapshot;
        const status = statusOf(snapshot.data());
        if (status !== null && isTerminal(status)) finish(snapshot);
      },
      (error) => finish(null, error),
    );
    finish = (snapshot, error) => {
      clearTimeout(timer);
      unsubscribe();
      request.off("close", onClose);
      if (snapshot) resolve(snapshot);
      else reject(error instanceof Error ? error : new Error("the mission could not be watched"));
    };
    request.on("close", onClose);
  });
}

/** Answers the run's result now (`wait` absent) or when it ends or `wait` seconds pass. */
async function answerRun(
  ref: DocumentReference,
  request: Request,
  response: Response,
  wait: number | undefined,
  accepted: Record<string, unknown>,
): Promise<void> {
  response.set({ "Cache-Control": "no-store" });
  if (wait === undefined || wait === 0) {
    response.status(202).json(accepted);
    return;
  }
  const snapshot = await watchUntilEnded(ref, wait, request);
  const result = executeResult(snapshot);
  // 200 with the whole result when the run ended; 202 (still running, poll GET or stream) otherwise.
  response.status(result.finished === true ? 200 : 202).json(result);
}

/**
 * `POST /api/missions/{id}/approve[?wait=<seconds ≤ 60>]`: draft → approved, as the owner's
 * client SDK write does; with `wait`, "execute and watch" in one request.
 */
export async function postApprove(db: Firestore, request: Request, response: Response, id: string): Promise<void> {
  const viewer = await authenticate(request);
  const { wait } = parseOr400(approveQuery, request.query, "query");
  requireReadableId(id);
  const ref = db.collection(MISSIONS).doc(id);
  await db.runTransaction(async (tx) => {
    const doc = await tx.get(ref);
    requireAccess(viewer, id, doc);
    const status = statusOf(doc.data());
    if (status !== "draft") {
      throw new HttpError(
        409,
        "not_a_draft",
        `mission ${id} is ${status ?? "unreadable"}; only a draft can be approved`,
      );
    }
    tx.update(ref, approveDraft());
  });
  await answerRun(ref, request, response, wait, { mission_id: id, status: "approved" });
}

/**
 * `POST /api/missions/{id}/retry[?wait=]`: a failed mission runs again as a new approval that
 * resumes from its last checkpoint (pipeline/run/retryFailed.ts decides what may be retried).
 */
export async function postRetry(db: Firestore, request: Request, response: Response, id: string): Promise<void> {
  const viewer = await authenticate(request);
  const { wait } = parseOr400(approveQuery, request.query, "query");
  requireReadableId(id);
  const ref = db.collection(MISSIONS).doc(id);
  const before = await ref.get();
  requireAccess(viewer, id, before);
  const refused = retryRefusal(before.data());
  if (refused) throw new HttpError(409, refused.code, `mission ${id}: ${refused.reason}`);
  try {
    await reserveForRetry(db, before.data(), loadPipelineConfig().dailyBudgetMicroUsd);
  } catch (error) {
    if (!(error instanceof BudgetExceededError)) throw error;
    throw new HttpError(409, "budget_exceeded", `mission ${id}: ${error.message}`);
  }
  await db.runTransaction(async (tx) => {
    const doc = await tx.get(ref);
    requireAccess(viewer, id, doc);
    const refusal = retryRefusal(doc.data());
    if (refusal) throw new HttpError(409, refusal.code, `mission ${id}: ${refusal.reason}`);
    tx.update(ref, retryUpdate(doc.data()));
  });
  await answerRun(ref, request, response, wait, { mission_id: id, status: "approved", retried: true });
}
