/**
 * Amounts people say in words around a number: scale words ("1.5 million" → 1500000), and
 * portions of one amount ("half of 350", "double 48", "1/4 of 200"). Rewritten into numbers
 * and operators before the arithmetic is read, so the rest of the rules see plain arithmetic.
 * A fraction is read only when "of" and an amount follow it: "24/7" and "9/11" stay names.
 */

const N = "(\\d+(?:\\.\\d+)?)";

/** Powers of ten by scale word; "mil millones" is a thousand millions, so it comes first. */
const SCALES: [RegExp, number][] = [
  [/\s*mil\s+millones(?!\p{L})/iu, 9],
  [/\s*(?:trillion|billionen)(?!\p{L})/iu, 12],
  [/\s*(?:billion|milliarden?|milliards?)(?!\p{L})/iu, 9],
  [/\s*(?:million|millions|millionen|millón|millones)(?!\p{L})/iu, 6],
  [/\s*(?:thousand|tausend|mille)(?!\p{L})/iu, 3],
];

/** "1.5" with 6 more zeros is "1500000", written out so that no floating error creeps in. */
function shift(number: string, zeros: number): string {
  const [whole = "0", fraction = ""] = number.split(".");
  const digits = (whole + fraction.padEnd(zeros, "0")).replace(/^0+(?=\d)/, "");
  const point = whole.length + zeros;
  const integer = digits.slice(0, point);
  const rest = digits.slice(point).replace(/0+$/, "");
  return rest ? `${integer}.${rest}` : integer;
}

export function expandScaleWords(text: string): string {
  let out = text;
  for (const [word, zeros] of SCALES) {
    out = out.replace(new RegExp(`${N}${word.source}`, "giu"), (_match, number: string) => shift(number, zeros));
  }
  return out;
}

const HALF = /(?<!\p{L})(?:half of|(?:die )?hälfte von|(?:la )?moitié de|(?:la )?mitad de)\s+/giu;
const QUARTER = /(?<!\p{L})(?:a quarter of|one quarter of|(?:ein )?viertel von|(?:le )?quart de)\s+/giu;
const THIRD = /(?<!\p{L})(?:a third of|one third of|(?:ein )?drittel von|(?:le )?tiers de)\s+/giu;
const DOUBLE = /(?<!\p{L})(?:double|twice|(?:das )?doppelte von|(?:le )?double de|(?:el )?doble de)\s+/giu;
const TRIPLE = /(?<!\p{L})(?:triple|thrice|(?:das )?dreifache von|(?:le )?triple de|(?:el )?triple de)\s+/giu;
const FRACTION_OF = new RegExp(`(?<![\\d./])(\\d{1,3})\\s*/\\s*(\\d{1,3})\\s+(?:of|von|de|del)\\s+${N}`, "giu");

/**
 * "1/4 of 200" → "(1 / 4) * 200". Safe before thousands separators are read ("1/4 of 2,000":
 * the amount ends the rewrite, so its separator stays attached to it).
 */
export function rewriteFractionsOf(text: string): string {
  return text.replace(FRACTION_OF, (_m, a: string, b: string, x: string) => `(${a} / ${b}) * ${x}`);
}

/** "half of 350" → "350 / 2", "double 48" → "2 * 48", and fractions of an amount; on plain numbers. */
export function rewritePortions(text: string): string {
  const before = (pattern: RegExp, build: (amount: string) => string) => (input: string) =>
    input.replace(new RegExp(`${pattern.source}${N}`, "giu"), (_match, amount: string) => build(amount));
  const steps = [
    before(HALF, (x) => `${x} / 2`),
    before(QUARTER, (x) => `${x} / 4`),
    before(THIRD, (x) => `${x} / 3`),
    before(DOUBLE, (x) => `2 * ${x}`),
    before(TRIPLE, (x) => `3 * ${x}`),
    rewriteFractionsOf,
  ];
  return steps.reduce((current, step) => step(current), text);
}
