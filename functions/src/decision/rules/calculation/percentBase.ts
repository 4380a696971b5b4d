/**
 * Which end of a change by a percentage an amount is. "Raise 50,000 by 10 %" gives the start
 * and asks for the result; "after a 10 % raise my salary is 55,000, what was it before?" gives
 * the result and asks for the start (55,000 / 1.1, not 55,000 × 1.1). Reading the second as the
 * first is a wrong number reported as success, so an objective that speaks of an amount before
 * the change without clearly asking for it is not calculated at all.
 */

/** Words for the amount before a change: "before", "original price", "vorher", "avant". */
const BEFORE_WORDS =
  "before|originally|original|previously|previous|used to be|at first|to begin with|pre-tax|vorher|ursprünglich|früher|avant|initialement|antes|原价|原来|之前";
const BEFORE = new RegExp(`(?<!\\p{L})(?:${BEFORE_WORDS})(?!\\p{L})`, "iu");
/** "What was it before?", "what was the original price", "how much did it cost originally". */
const ASKS_BEFORE = new RegExp(
  `(?:what|how much|wie viel|wie hoch|combien|quel|cuánto|cuál|多少)[^.?!。？]*?(?<!\\p{L})(?:${BEFORE_WORDS})(?!\\p{L})`,
  "iu",
);
/** "Without VAT", "net of tax", "excluding": either direction reads naturally, so none is guessed. */
const EITHER_WAY = /(?<!\p{L})(?:without|excluding|excl|net|ohne|netto|sans|hors|sin)(?!\p{L})/iu;

export type AmountRole = "start" | "result" | "unclear";

/** What the objective's amount is: the start of the change, its result, or not clear. */
export function amountRole(text: string): AmountRole {
  if (EITHER_WAY.test(text)) return "unclear";
  if (!BEFORE.test(text)) return "start";
  return ASKS_BEFORE.test(text) ? "result" : "unclear";
}
