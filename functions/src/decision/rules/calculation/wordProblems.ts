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

/** "I scored 45 out of 60, what's my grade in percent?": a share asked for in percent anywhere after it. */
const OUT_OF = new RegExp(`${N}\\s+out of\\s+${N}`, "iu");
const IN_PERCENT = /(?<!\p{L})(?:in|as an?|into)\s+(?:a\s+)?(?:percent|percentage|%)/iu;
/** Asked, not stated: "4 out of 5 dentists, percentage source" is a statistic to look up. */
const ASKED = /(?<!\p{L})(?:what|what's|how much|calculate|convert|express)(?!\p{L})/iu;

function shareInPercent(text: string): Derived | null {
  const match = OUT_OF.exec(text);
  if (!match || !ASKED.test(text) || !IN_PERCENT.test(text.slice(match.index + match[0].length))) return null;
  if (Number(match[2]) === 0) return null;
  return { expression: `${match[1] ?? ""} / ${match[2] ?? ""} * 100`, uses: 2, what: "a share in percent" };
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

/** "3 items at 4.99 each", "4 tickets for 12.50 each", "6 @ 2.25 apiece": a count at a price each. */
const COUNT_AT_EACH = new RegExp(`${N}\\s+${THING}\\s+(?:at|for|@)\\s+${N}\\s+(?:each|apiece|a piece|per piece)`, "iu");

function countAtEach(text: string): Derived | null {
  const match = COUNT_AT_EACH.exec(text);
  if (!match) return null;
  return { expression: `${match[1] ?? ""} * ${match[3] ?? ""}`, uses: 2, what: "a count at a price each" };
}

/** "5 friends share a 120 bill with an 18% tip", "50 split 3 ways with 20% tip": the total with the tip, split. */
const TIP_PERCENT = new RegExp(
  `${N}\\s*%\\s*(?:tip|gratuity|service)|(?:tip|gratuity|service charge)\\s+(?:of\\s+)?${N}\\s*%`,
  "iu",
);
const SHARERS = new RegExp(
  `${N}\\s*(?:people|persons|ways|friends|guests|of us|colleagues|coworkers)(?!\\p{L})|(?:between|among|amongst)\\s+${N}(?!\\s*(?:%|\\.\\d|\\p{L}))`,
  "iu",
);
const SHARES = /(?<!\p{L})(?:split|share|shared|sharing|divide|divided|each)(?!\p{L})/iu;

function splitWithTip(text: string): Derived | null {
  const tip = TIP_PERCENT.exec(text);
  const sharers = SHARERS.exec(text);
  if (!tip || !sharers || !SHARES.test(text)) return null;
  const p = tip[1] ?? tip[2] ?? "";
  const people = sharers[1] ?? sharers[2] ?? "";
  if (!Number.isInteger(Number(people)) || Number(people) < 2) return null;
  const rest = text.replace(tip[0], " ").replace(sharers[0], " ");
  const amounts = rest.match(/\d+(?:\.\d+)?/g) ?? [];
  if (amounts.length !== 1) return null;
  return {
    expression: `${amounts[0] ?? ""} * (1 + ${p} / 100) / ${people}`,
    uses: 3,
    what: "a bill with a tip, split equally",
  };
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

export const WORD_PROBLEM_TEMPLATES = [
  shareInPercent,
  splitWithTip,
  countAtEach,
  wholeOfShare,
  percentThan,
  proportion,
  groups,
  logarithm,
  rounding,
];
