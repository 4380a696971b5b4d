import type { Response } from "express";
import type { Request } from "firebase-functions/v2/https";
import * as z from "zod";
import { loadPipelineConfig } from "../config";
import { previewOf } from "../decision/describe";
import { formatIssues } from "../missions/formatIssues";
import { MAX_OBJECTIVE_CHARS, missionPlanSchema } from "../missions/schema";
import { authenticate } from "./auth";
import { HttpError } from "./errors";

/** The body of `POST /api/plan`: what a mission would hold. */
export const planRequestSchema = z.strictObject({
  objective: z.string().trim().min(1).max(MAX_OBJECTIVE_CHARS),
  plan: missionPlanSchema.optional(),
});

/**
 * `POST /api/plan`: for a signed-in user, the tool decision a mission with this objective
 * (and plan) would run on, and its estimated cost, before anyone approves it. The same
 * `decideTool` the pipeline runs, minus the model planner (its key is bound only to the
 * mission trigger, and a preview should not spend): this answers what the plan and the rules
 * decide. An invalid plan is a 400 naming the field, as the mission would fail at tool_selection.
 */
export async function postPlanPreview(request: Request, response: Response): Promise<void> {
  await authenticate(request);
  const parsed = planRequestSchema.safeParse(request.body);
  if (!parsed.success) {
    throw new HttpError(400, "invalid_body", `invalid body: ${formatIssues(parsed.error.issues)}`);
  }
  // Loaded on the first preview, not with the api: the input checks bring mathjs (about a
  // second of an instance's cold start), and most api requests never decide a tool.
  const { decideTool, deployedDecisionDeps } = await import("../decision/decide.js");
  const decision = await decideTool(parsed.data, deployedDecisionDeps(loadPipelineConfig().toolCostMicroUsd));
  if (decision.invalid_plan !== undefined) {
    throw new HttpError(400, "invalid_plan", `the plan would fail at tool_selection: ${decision.invalid_plan}`);
  }
  response.set({ "Cache-Control": "no-store" });
  response.status(200).json(previewOf(decision));
}
