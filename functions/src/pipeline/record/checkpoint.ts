import { FieldValue, type Firestore } from "firebase-admin/firestore";
import * as z from "zod";
import { RUN_OUTPUTS } from "../../firebase";
import { formatIssues } from "../../missions/formatIssues";
import { toolDecisionSchema } from "../../decision/types";

/**
 * What the steps of one run have produced so far: `execution_record.checkpoint`.
 *
 * It is written together with the progress snapshot (the same coalesced write), and built
 * when that write is made, so whenever a stored snapshot shows a step completed, the stored
 * checkpoint holds that step's output. A re-queued attempt reads it back and resumes after
 * the last completed step instead of starting over (step memoization, as durable-execution
 * systems do it). Everything here is small: large tool content lives in `run_outputs/{runId}`.
 */
const toolOutcomeSchema = z.object({
  summary: z.string(),
  result: z.record(z.string(), z.unknown()),
  cost_microusd: z.number().int().nonnegative(),
  stopped_because: z.string().nullable(),
  /** The artifact's text, already capped; inline when small, else in `run_outputs/{runId}`. */
  content: z.string().nullable(),
  content_truncated: z.boolean(),
  content_bytes: z.number().int().nonnegative(),
});

export const checkpointSchema = z.object({
  /** The tool decision intent_classification made (decideTool runs once per run, there). */
  decision: toolDecisionSchema.optional(),
  estimate_microusd: z.number().int().nonnegative().optional(),
  /** True once the daily ledger holds a reservation for this run. */
  budget_reserved: z.boolean().optional(),
  /** True once tool_selection confirmed the decision (its plan is valid, the tool is registered here). */
  tool_selected: z.boolean().optional(),
  tool: toolOutcomeSchema.optional(),
  artifact: z
    .object({ reference: z.string(), truncated: z.boolean(), bytes: z.number().int().nonnegative() })
    .optional(),
  evaluation: z.object({ score: z.number().min(0).max(1), reasons: z.array(z.string()) }).optional(),
  /** True once finalize settled the budget (so a repeated finalize charges nothing more). */
  budget_settled: z.boolean().optional(),
});
export type Checkpoint = z.infer<typeof checkpointSchema>;
export type ToolOutcome = z.infer<typeof toolOutcomeSchema>;

/** Reads a stored checkpoint; a malformed one is an error naming the field. */
export function parseCheckpoint(data: unknown): { ok: true; value: Checkpoint } | { ok: false; message: string } {
  if (data === undefined || data === null) return { ok: true, value: {} };
  const parsed = checkpointSchema.safeParse(data);
  return parsed.success
    ? { ok: true, value: parsed.data }
    : {
        ok: false,
        message: `invalid execution_record: ${formatIssues(parsed.error.issues, "execution_record.checkpoint")}`,
      };
}

/** Tool content up to this size rides in the checkpoint; larger goes to `run_outputs`. */
export const INLINE_CONTENT_MAX_BYTES = 8 * 1024;

export function runOutputsRef(db: Firestore, runId: string) {
  return db.collection(RUN_OUTPUTS).doc(runId);
}

/** Stores large tool content outside the mission document; keyed by run, so repeating is harmless. */
export async function storeToolContent(db: Firestore, runId: string, missionId: string, content: string) {
  await runOutputsRef(db, runId).set(
    { mission_id: missionId, content, updated_at: FieldValue.serverTimestamp() },
    { merge: true },
  );
}

/** The artifact text of a completed tool_execution, wherever it was kept. */
export async function loadToolContent(db: Firestore, runId: string, tool: ToolOutcome): Promise<string> {
  if (tool.content !== null) return tool.content;
  const stored = (await runOutputsRef(db, runId).get()).get("content");
  if (typeof stored !== "string") {
    throw new Error(`run_outputs/${runId}.content is missing: the tool's content was not kept`);
  }
  return stored;
}
