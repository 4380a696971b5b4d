/**
 * Short word problems with one well-known reading: the whole a percentage is of, a percentage
 * more or less than an amount, a
 * proportion ("3 apples cost 6; how much do 7 apples cost?"), groups of equal size ("3 boxes
 * with 24 pens each"), a logarithm to a named base, a number rounded to some decimals. Each
 * uses every number of the objective (templates.ts) and names the things it relates twice, so a
 * problem about two different things is searched rather than computed.
 */
import type { Derived } from "./derived";
import { sameNoun } from "./language";

const N = "(\\d+(?:\\.\\d+)?)";
const THING = "(\\p{L}{3,})";

/** "20% more than 50", "15 % less than 80", "10% cheaper than 250". */
const PERCENT_THAN = new RegExp(
  `${N}\\s*(?:%|percent|per cent)\\s+(more|higher|greater|bigger|larger|above|over|less|lower|smaller|cheaper|below|under|fewer)\\s+than\\s+${N}`,
  "iu",
);
const MORE = /^(?:more|higher|greater|bigger|larger|above|over)$/iu;

function percentThan(text: string): Derived | null {
  const match = PERCENT_THAN.exec(text);
  if (!match) return null;
  const [p, direction, x] = [match[1] ?? "", match[2] ?? "", match[3] ?? ""];
  const sign = MORE.test(direction) ? "+" : "-";
  return { expression: `${x} * (1 ${sign} ${p} / 100)`, uses: 2, what: `an amount ${p} % ${direction} than another` };
}

/** "15 percent of what number is 45", "45 is 15% of what?": the whole a share is of. */
const PERCENT_OF_WHAT = new RegExp(`${N}\\s*(?:%|percent|per cent)\\s+of\\s+what(?:\\s+number)?\\s+is\\s+${N}`, "iu");
const IS_PERCENT_OF_WHAT = new RegExp(`${N}\\s+is\\s+${N}\\s*(?:%|percent|per cent)\\s+of\\s+what\\b`, "iu");

function wholeOfShare(text: string): Derived | null {
  const first = PERCENT_OF_WHAT.exec(text);
  const [p, part] = first ? [first[1], first[2]] : (IS_PERCENT_OF_WHAT.exec(text)?.slice(1, 3).reverse() ?? []);
  if (!p || !part || Number(p) === 0) return null;
  return { expression: `${part} / (${p} / 100)`, uses: 2, what: "the whole a percentage is of" };
}

/** "If 3 apples cost 6, how much do 7 apples cost?", "5 pens are 2.50; what would 8 pens cost?" */
const COUNT_COSTS = new RegExp(`${N}\\s+${THING}\\s+(?:cost|costs|are|sell for|come to)\\s+${N}`, "iu");
const ASKED_COUNT = new RegExp(`(?:how much|what)\\s+(?:do|does|would|will|did)\\s+${N}\\s+${THING}`, "iu");

function proportion(text: string): Derived | null {
  const given = COUNT_COSTS.exec(text);
  const asked = ASKED_COUNT.exec(text);
  if (!given || !asked || asked.index < given.index) return null;
  const [count, thing, price] = [given[1] ?? "", given[2] ?? "", given[3] ?? ""];
  if (!sameNoun(thing, asked[2] ?? "") || Number(count) === 0) return null;
  return { expression: `${price} / ${count} * ${asked[1] ?? ""}`, uses: 3, what: "a proportion" };
}

/** "3 boxes with 24 pens each … how many pens", "4 rows of 12 seats … how many seats". */
const GROUPS = new RegExp(
  `${N}\\s+${THING}\\s+(?:with|of|holding|containing|each (?:with|holding|containing))\\s+${N}\\s+${THING}`,
  "iu",
);

function groups(text: string): Derived | null {
  const match = GROUPS.exec(text);
  if (!match) return null;
  const [count, , size, item] = [match[1] ?? "", match[2] ?? "", match[3] ?? "", match[4] ?? ""];
  const asked = new RegExp(`how many\\s+${THING}`, "iu").exec(text.slice(match.index + match[0].length));
  if (!asked || !sameNoun(asked[1] ?? "", item)) return null;
  return { expression: `${count} * ${size}`, uses: 2, what: "groups of equal size" };
}

/** "log base 2 of 1024", "logarithm of 81 to base 3". */
const LOG_BASE_FIRST = new RegExp(`\\blog(?:arithm)?\\s+(?:to\\s+)?base\\s+${N}\\s+of\\s+${N}`, "iu");
const LOG_BASE_LAST = new RegExp(`\\blog(?:arithm)?\\s+of\\s+${N}\\s+(?:to|in)\\s+base\\s+${N}`, "iu");

function logarithm(text: string): Derived | null {
  const first = LOG_BASE_FIRST.exec(text);
  if (first) return { expression: `log(${first[2] ?? ""}, ${first[1] ?? ""})`, uses: 2, what: "a logarithm" };
  const last = LOG_BASE_LAST.exec(text);
  if (last) return { expression: `log(${last[1] ?? ""}, ${last[2] ?? ""})`, uses: 2, what: "a logarithm" };
  return null;
}

/** "Round 3.14159 to 2 decimal places", "round 2.675 to 1 decimal". */
const ROUND = new RegExp(
  `\\bround\\s+${N}\\s+to\\s+(\\d{1,2})\\s+(?:decimal places|decimals|decimal|places|digits)\\b`,
  "iu",
);

function rounding(text: string): Derived | null {
  const match = ROUND.exec(text);
  if (!match) return null;
  return { expression: `round(${match[1] ?? ""}, ${match[2] ?? ""})`, uses: 2, what: "a rounded number" };
}

export const WORD_PROBLEM_TEMPLATES = [wholeOfShare, percentThan, proportion, groups, logarithm, rounding];
