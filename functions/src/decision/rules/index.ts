import type { ToolName } from "../../shared/toolNames";
import type { ToolInput } from "../../tools/types";
import { findCalculation } from "./calculation/calculation";
import { decidePage } from "./pages";
import { refusalFor } from "./refusals";
import { searchQuery } from "./search";
import { findUrl } from "./urls";

/**
 * What the deterministic (offline, same input → same answer) classifier decides for one
 * objective: the tool and its input, or no tool with a reason a person can act on.
 */
export interface RulesVerdict {
  /** The tool to run, or null: no tool can serve the objective (a refusal). */
  tool: ToolName | null;
  /** The tool's input derived from the objective ({} for a refusal). */
  input: ToolInput;
  /** 0..1: how sure the rules are. */
  confidence: number;
  /** Why, in words a person can read (for a refusal: what they can do instead). */
  reason: string;
}

/**
 * The rules classifier, in this order: what no tool can do is refused; a named page is read
 * (or searched for when the question is about the site); a calculation the rules are sure of
 * is calculated; everything else is a question for web search.
 */
export function classifyObjective(objective: string): RulesVerdict {
  const refusal = refusalFor(objective);
  if (refusal) return { tool: null, input: {}, confidence: 0.9, reason: refusal };

  const found = findUrl(objective);
  if (found) {
    const page = decidePage(objective, found);
    if (page.kind === "extract") {
      const input: ToolInput = page.article ? { url: found.url, item_kind: "article" } : { url: found.url };
      return { tool: "web_extract", input, confidence: page.confidence, reason: page.reason };
    }
    return {
      tool: "web_search",
      input: { query: searchQuery(objective) },
      confidence: page.confidence,
      reason: page.reason,
    };
  }

  const calculation = findCalculation(objective);
  if (calculation) {
    return {
      tool: "calculate",
      input: { expression: calculation.expression },
      confidence: calculation.confidence,
      reason: `the objective ${calculation.reason}`,
    };
  }

  const query = searchQuery(objective);
  // Digits the rules did not read as a calculation: a search is the safe answer, but less sure.
  const confidence = /\d/.test(objective) ? 0.65 : QUESTION.test(objective) ? 0.8 : 0.7;
  return {
    tool: "web_search",
    input: { query },
    confidence,
    reason: "no page named and no calculation: a question for web search",
  };
}

const QUESTION =
  /[?？]|^(?:who|what|when|where|which|why|how|wer|was|wann|wo|wie|qui|que|quand|où|comment|quién|qué|cuándo|dónde|cómo)\b/i;
