/**
 * Which writing conventions an objective follows. Only what the rules need: whether a comma
 * may be a decimal separator (German, French, Spanish write 2,5) and whether the text is
 * Chinese (no spaces between words, so word boundaries cannot be used).
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
