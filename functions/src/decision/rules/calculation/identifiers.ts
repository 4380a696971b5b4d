/**
 * Numbers that are not quantities: dates, times, phone numbers, versions, ranges, scores,
 * model and product names. An objective holding one is never turned into arithmetic
 * ("2024-01-02" is not 2021, "+1 (415) 555-0132" is not 230193, "GPT-4o" is not GPT minus 4).
 */

interface IdentifierPattern {
  what: string;
  pattern: RegExp;
}

const IDENTIFIERS: IdentifierPattern[] = [
  { what: "a date", pattern: /\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b/ },
  { what: "a date", pattern: /\b\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4}\b/ },
  { what: "a time of day", pattern: /\b\d{1,2}:\d{2}\b|\b\d{1,2}\s*(?:am|pm|a\.m\.|p\.m\.|uhr|h\d{2})\b/i },
  { what: "a phone number", pattern: /\+\d[\d\s().-]{6,}|\(\d{3}\)\s*\d{3}|\b\d{3}-\d{4}\b|\b\d+(?:-\d+){2,}\b/ },
  { what: "a range of years", pattern: /\b(?:1[5-9]|20)\d{2}\s*[-–—]\s*(?:(?:1[5-9]|20)\d{2}|\d{2})\b/ },
  { what: "a score or a range", pattern: /\b\d{1,3}[-–:]\d{1,3}\b(?!\s*[%*/+^])/ },
  { what: "a version", pattern: /\bv\d+(?:\.\d+)*\b|\b\d+\.\d+\.\d+\b/i },
  // Letters fused to digits: GPT-4o, 24H2, 5G, 2x2, A4, 3D, COVID-19 (a unit like "5km" is read by units.ts first).
  { what: "a name with a number in it", pattern: /\b[a-z]+-?\d+[a-z]*\b|\b\d+(?!st\b|nd\b|rd\b|th\b)[a-z]+\d*\b/i },
  { what: "a ratio name", pattern: /\b\d+\/\d+\s+(?:rule|principle|split|vision|regel|règle|regla)\b/i },
];

/** "24/7", "9/11", "4/20": a small fraction standing alone is as likely a date or a name. */
const SLASH_NAME = /(?<![\d.])\d{1,2}\/\d{1,2}(?![\d.])/;
const OTHER_OPERATOR = /[+*^×÷%]|\s[-/]\s|\d\s*-\s*\d/;

/** What kind of identifier the text holds, or null when its numbers may be quantities. */
export function identifierIn(text: string): string | null {
  if (SLASH_NAME.test(text) && !OTHER_OPERATOR.test(text)) return "a date or a name written with a slash";
  for (const { what, pattern } of IDENTIFIERS) {
    if (pattern.test(text)) return what;
  }
  return null;
}
