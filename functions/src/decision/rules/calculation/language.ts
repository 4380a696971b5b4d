/**
 * Which writing conventions an objective follows. Only what the rules need: whether a comma
 * may be a decimal separator (German, French, Spanish write 2,5) and whether the text is
 * Chinese (no spaces between words, so word boundaries cannot be used), and when two nouns are
 * one thing counted ("ticket" and "tickets").
 */

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Short words that are common in German, French or Spanish text and rare in English. */
const COMMA_DECIMAL_WORDS = new Set(
  (
    "der die das den dem des und ist von mit für wie was ich bitte berechne rechne durch mal " +
    "de le la les est du et pour quel quelle combien calcule fois divisé une des au " +
    "el los las es del y para cuánto cuanto cuál calcula por entre más menos"
  ).split(" "),
);
const COMMA_DECIMAL_LETTERS = /[äöüßéèêëçàùûôîœñáíóú¿¡]/i;

export function isChinese(text: string): boolean {
  return CJK.test(text);
}

/** True when the text reads as German, French or Spanish, where "2,5" is two and a half. */
export function usesDecimalComma(text: string): boolean {
  if (COMMA_DECIMAL_LETTERS.test(text)) return true;
  const words = text.toLowerCase().match(/\p{L}+/gu) ?? [];
  return words.some((word) => COMMA_DECIMAL_WORDS.has(word));
}

/** The same noun, singular or plural: "ticket" and "tickets", "box" and "boxes". */
export function sameNoun(a: string, b: string): boolean {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()].sort((p, q) => p.length - q.length);
  return x === y || `${x}s` === y || `${x}es` === y;
}
