import { formatUsd } from "../shared/money";
import type { ToolDecision } from "./types";

/** One line for the step's message, the logs and the dry run: what will run, from where, why. */
export function describeDecision(decision: ToolDecision): string {
  if (decision.tool === null) return `refused (${decision.source}): ${decision.refusal ?? decision.reason}`;
  const fallback = decision.fallback ? ` [${decision.fallback}]` : "";
  const invalid = decision.invalid_plan ? ` [invalid plan: ${decision.invalid_plan}]` : "";
  return (
    `${decision.tool} from ${decision.source} (confidence ${decision.confidence}, estimate ` +
    `${formatUsd(decision.estimate_microusd)}): ${decision.reason}${fallback}${invalid}`
  );
}

/** What a preview shows of a decision (`POST /api/plan`, the dry run): tool null when refused. */
export type DecisionPreview = Pick<
  ToolDecision,
  "tool" | "input" | "source" | "confidence" | "reason" | "estimate_microusd" | "refusal" | "fallback"
>;

export function previewOf(decision: ToolDecision): DecisionPreview {
  const { tool, input, source, confidence, reason, estimate_microusd, refusal, fallback } = decision;
  return {
    tool,
    input,
    source,
    confidence,
    reason,
    estimate_microusd,
    ...(refusal === undefined ? {} : { refusal }),
    ...(fallback === undefined ? {} : { fallback }),
  };
}
