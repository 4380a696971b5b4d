import type { DecisionType, ToolInput } from "../tools/types";

export interface Intent {
  decision_type: DecisionType;
  /** 0..1: how sure the classifier is. */
  confidence: number;
  /** Why it decided so, for the execution record. */
  reason: string;
  /** Tool input derived from the objective (an expression, a URL, a query). */
  derived_input: ToolInput;
}

const URL_PATTERN = /\bhttps?:\/\/[^\s<>"')\]]+/i;
const PERCENT_OF = /(-?\d+(?:\.\d+)?)\s*%\s*of\s*(-?\d+(?:\.\d+)?)/gi;
const MATH_RUN = /[-+*/^%().\d\s]|sqrt|abs|round|floor|ceil|log|exp|pi/gi;
const CALC_WORDS = /\b(calculate|compute|what is|what's|how much is|evaluate|sum of|multiply|divide)\b/i;
const SEARCH_WORDS = /\b(search|find|look up|lookup|who|where|when|which|latest|news|cheapest|best)\b/i;
const EXTRACT_WORDS = /\b(extract|scrape|collect|list|get)\b/i;

/** Removes thousands separators ("2,340" → "2340") without touching "f(1, 2)". */
function normaliseNumbers(text: string): string {
  return text.replace(/(\d),(?=\d{3}\b)/g, "$1");
}

/**
 * Finds an arithmetic expression in free text. "What is 15% of 2,340?" → "(15 / 100) * 2340".
 * Returns the expression and how much of the objective it accounts for.
 */
export function extractExpression(objective: string): { expression: string; coverage: number } | null {
  const text = normaliseNumbers(objective).replace(PERCENT_OF, "($1 / 100) * $2");
  const candidates = text.match(/[-+*/^%().\d\s]*\d[-+*/^%().\d\s]*/g) ?? [];
  // An expression needs an operator between numbers: "2340" alone is a number, not a sum.
  const best = candidates
    .map((candidate) => candidate.trim())
    .filter((candidate) => /\d\s*[-+*/^%]\s*[\d(]|\)\s*[-+*/^]/.test(candidate))
    .sort((a, b) => b.length - a.length)[0];
  if (!best) return null;
  const letters = objective.replace(MATH_RUN, "").replace(/[^a-z]/gi, "").length;
  const coverage = best.length / Math.max(1, best.length + letters);
  return { expression: best, coverage };
}

/**
 * A deterministic classifier: a URL means extraction, arithmetic means calculation,
 * anything else is a search. Same objective, same answer, every time.
 */
export function classifyIntent(objective: string): Intent {
  const url = objective.match(URL_PATTERN)?.[0];
  if (url) {
    return {
      decision_type: "extraction",
      confidence: EXTRACT_WORDS.test(objective) ? 0.95 : 0.85,
      reason: `objective names a URL (${url})`,
      derived_input: { url },
    };
  }
  const math = extractExpression(objective);
  if (math) {
    const confidence = Math.min(0.99, 0.7 + 0.2 * math.coverage + (CALC_WORDS.test(objective) ? 0.1 : 0));
    return {
      decision_type: "calculation",
      confidence: round2(confidence),
      reason: `objective contains the arithmetic expression "${math.expression}"`,
      derived_input: { expression: math.expression },
    };
  }
  return {
    decision_type: "search",
    confidence: SEARCH_WORDS.test(objective) ? 0.8 : 0.6,
    reason: "no URL and no arithmetic: a question for web search",
    derived_input: { query: objective.trim() },
  };
}

function round2(value: number): number {
  return Math.round(value * 100) / 100;
}
