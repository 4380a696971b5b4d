/**
 * A rate times an amount of the same unit: "$25 an hour for 38 hours", "3.50 per gallon, 12
 * gallons", "60 miles per hour for 2.5 hours". The unit must be named twice (once per rate, once
 * counted) and be the same word, so "25 an hour for 38 days" is not multiplied: a different unit
 * means a conversion the objective does not state.
 */
import type { Derived } from "./derived";
import { sameNoun } from "./language";

const N = "(\\d+(?:\\.\\d+)?)";
const UNIT = "(\\p{L}{3,})";
/** "25 an hour", "3.50 per gallon", "12 a night", "60 km/hour", "15 each day". */
const RATE = new RegExp(`${N}\\s*(?:\\p{L}+\\s+)?(?:an?|per|each|every|/)\\s*${UNIT}`, "iu");
/** "for 38 hours", "over 3 nights", "12 gallons". */
const AMOUNT = new RegExp(`${N}\\s+${UNIT}`, "iu");
const ASKS = /how much|how far|how many|what (?:do|does|would|will|is|are)|total|in all|altogether/iu;

export function rateTimesAmount(text: string): Derived | null {
  if (!ASKS.test(text)) return null;
  const rate = RATE.exec(text);
  if (!rate) return null;
  const [value, unit] = [rate[1] ?? "", rate[2] ?? ""];
  const rest = text.slice(0, rate.index) + " " + text.slice(rate.index + rate[0].length);
  const amount = AMOUNT.exec(rest);
  if (!amount || !sameNoun(amount[2] ?? "", unit)) return null;
  return {
    expression: `${value} * ${amount[1] ?? ""}`,
    uses: 2,
    what: `a rate per ${unit.toLowerCase()} times a count of them`,
  };
}
