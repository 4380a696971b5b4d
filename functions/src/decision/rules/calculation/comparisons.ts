/**
 * Arithmetic said as a relation between two numbers, where the order of the words is not the
 * order of the operation: "12 less than 50" is 50 − 12, "take 15 away from 40" is 40 − 15,
 * "the difference between 45 and 120" is 75. Each reads only the whole objective (a question
 * word and punctuation around it at most), so a longer text is never cut into a calculation.
 * "Divide 4 into 100" is not here: people mean both 100 / 4 and 4 / 100 ("into 4 parts").
 */
import type { Derived } from "./derived";

const N = "(-?\\d+(?:\\.\\d+)?)";
const LEAD = "^\\s*(?:(?:what(?:'s|\\s+is)|how much is|calculate|compute)\\s+)?";
const END = "\\s*[?.!]?\\s*$";
const whole = (body: string) => new RegExp(`${LEAD}${body}${END}`, "iu");

const MORE_OR_LESS_THAN = whole(`${N}\\s+(more|greater|bigger|less|fewer|smaller)\\s+than\\s+${N}`);
const LESS = whole(`${N}\\s+less\\s+${N}`);
const TAKE_AWAY = whole(`take\\s+(?:away\\s+)?${N}\\s+(?:away\\s+)?from\\s+${N}`);
const DIFFERENCE = whole(`(?:the\\s+)?difference between\\s+${N}\\s+and\\s+${N}`);
const SQUARE_OR_CUBE = whole(`(?:the\\s+)?(square|cube) of\\s+${N}`);
const NTH_POWER = whole(`${N}\\s+to the\\s+(\\d+)(?:st|nd|rd|th)(?:\\s+power)?`);

function relation(text: string): Derived | null {
  const than = MORE_OR_LESS_THAN.exec(text);
  if (than) {
    const [a, word, b] = [than[1] ?? "", than[2] ?? "", than[3] ?? ""];
    const more = /^(?:more|greater|bigger)$/iu.test(word);
    return { expression: more ? `${b} + ${a}` : `${b} - ${a}`, uses: 2, what: `a number ${word} than another` };
  }
  const less = LESS.exec(text);
  if (less) return { expression: `${less[1] ?? ""} - ${less[2] ?? ""}`, uses: 2, what: "a subtraction" };
  const take = TAKE_AWAY.exec(text);
  if (take) return { expression: `${take[2] ?? ""} - ${take[1] ?? ""}`, uses: 2, what: "a subtraction" };
  const difference = DIFFERENCE.exec(text);
  if (difference) {
    return { expression: `abs(${difference[1] ?? ""} - ${difference[2] ?? ""})`, uses: 2, what: "a difference" };
  }
  return null;
}

function power(text: string): Derived | null {
  const named = SQUARE_OR_CUBE.exec(text);
  if (named) {
    const exponent = named[1]?.toLowerCase() === "square" ? 2 : 3;
    return { expression: `${named[2] ?? ""} ^ ${exponent}`, uses: 1, what: `a ${named[1]?.toLowerCase() ?? ""}` };
  }
  const nth = NTH_POWER.exec(text);
  if (nth) return { expression: `${nth[1] ?? ""} ^ ${nth[2] ?? ""}`, uses: 2, what: "a power" };
  return null;
}

export const COMPARISON_TEMPLATES = [relation, power];
