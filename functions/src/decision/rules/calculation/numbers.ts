/**
 * Numbers as people write them, turned into plain decimals: thousands separators and decimal
 * commas by locale ("2,340" → 2340, "2,5" → 2.5, "1.234,5" → 1234.5, "1 250,50" → 1250.50),
 * currency signs dropped from amounts ("$64.50" → 64.50). When a number could be read two
 * ways ("1.234" in German text), the text is marked ambiguous and is never calculated.
 */
import { usesDecimalComma } from "./language";

export interface NormalisedNumbers {
  text: string;
  /** A number whose separators could mean two different values. */
  ambiguous: boolean;
}

/** A digit group followed by more groups joined by "," or "." (no spaces: "1, 2" is a list). */
const NUMBER = /(?<![\d.,])\d+(?:[.,]\d+)*/g;
/** French and others group thousands with spaces: "1 250,50" (a decimal comma or € must follow). */
const SPACED_THOUSANDS = /(?<![\d.,])(\d{1,3}(?:[ \u00a0\u202f]\d{3})+)(?=,\d|\s*€)/g;
const CURRENCY_SIGN = /[$€£¥₹]\s*(?=\d)|(?<=\d)\s*[$€£¥₹]/g;

function readNumber(token: string, decimalComma: boolean): string | null {
  const commas = count(token, ",");
  const dots = count(token, ".");
  if (commas === 0 && dots === 0) return token;
  if (commas > 0 && dots > 0) {
    const lastComma = token.lastIndexOf(",");
    const lastDot = token.lastIndexOf(".");
    // "1.234,5": dots group thousands, the comma is the decimal point; "1,234.5" the other way round.
    if (lastComma > lastDot && dots >= 1 && commas === 1 && groupsOfThree(token.slice(0, lastComma), ".")) {
      return token.slice(0, lastComma).replaceAll(".", "") + "." + token.slice(lastComma + 1);
    }
    if (lastDot > lastComma && dots === 1 && groupsOfThree(token.slice(0, lastDot), ",")) {
      return token.replaceAll(",", "");
    }
    return null;
  }
  const separator = commas > 0 ? "," : ".";
  const groups = token.split(separator);
  if (groups.length > 2) {
    // "1,234,567" groups thousands; "12.03.2024" or "1.2.3" is a date or a version, not a number.
    return groupsOfThree(token, separator) ? groups.join("") : null;
  }
  const before = groups[0] ?? "";
  const after = groups[1] ?? "";
  if (separator === ".") {
    // "1.234" is 1234 in German and 1.234 in English: only the language tells.
    if (decimalComma && after.length === 3) return null;
    return token;
  }
  if (after.length === 3) return decimalComma ? null : groups.join("");
  return `${before}.${after}`;
}

function groupsOfThree(token: string, separator: string): boolean {
  const groups = token.split(separator);
  const head = groups[0] ?? "";
  return head.length >= 1 && head.length <= 3 && groups.slice(1).every((group) => group.length === 3);
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

export function normaliseNumbers(input: string): NormalisedNumbers {
  const decimalComma = usesDecimalComma(input);
  let ambiguous = false;
  const text = input
    .replace(SPACED_THOUSANDS, (match) => match.replace(/[ \u00a0\u202f]/g, ""))
    .replace(CURRENCY_SIGN, "")
    .replace(NUMBER, (token) => {
      const read = readNumber(token, decimalComma);
      if (read === null) {
        ambiguous = true;
        return token;
      }
      return read;
    });
  return { text, ambiguous };
}

/** Every number in a normalised text, in order. */
export function numbersIn(text: string): number[] {
  return (text.match(/\d+(?:\.\d+)?/g) ?? []).map(Number);
}
