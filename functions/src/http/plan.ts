import type { Response } from "express";
import type { Request } from "firebase-functions/v2/https";
import { z } from "zod";
import { loadPipelineConfig } from "../config";
import { decideTool } from "../decision/decide";
import type { ToolDecision } from "../decision/types";
import { formatIssues } from "../missions/formatIssues";
import { MAX_OBJECTIVE_CHARS, missionPlanSchema } from "../missions/schema";
import { loadNetLimits } from "../net/netConfig";
import { authenticate } from "./auth";
import { HttpError } from "./errors";

/** The body of `POST /api/plan`: what a mission would hold. */
const planRequestSchema = z.strictObject({
  objective: z.string().trim().min(1).max(MAX_OBJECTIVE_CHARS),
  plan: missionPlanSchema.optional(),
});

/** What the preview answers: the decision the mission would run on (tool null when refused). */
export type PlanPreview = Pick<
  ToolDecision,
  "tool" | "input" | "source" | "confidence" | "reason" | "estimate_microusd" | "refusal" | "fallback"
>;

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
  const decision = await decideTool(parsed.data, {
    toolCostMicroUsd: loadPipelineConfig().toolCostMicroUsd,
    urlPolicy: { allowLoopback: loadNetLimits().allowLoopback },
  });
  if (decision.invalid_plan !== undefined) {
    throw new HttpError(400, "invalid_plan", `the plan would fail at tool_selection: ${decision.invalid_plan}`);
  }
  const preview: PlanPreview = {
    tool: decision.tool,
    input: decision.input,
    source: decision.source,
    confidence: decision.confidence,
    reason: decision.reason,
    estimate_microusd: decision.estimate_microusd,
    ...(decision.refusal === undefined ? {} : { refusal: decision.refusal }),
  };
  response.set({ "Cache-Control": "no-store" });
  response.status(200).json(preview);
}
