/**
 * Arithmetic written in words or symbols, in five languages, turned into a mathjs expression:
 * "twelve times eleven", "3 to the power of 7", "Quadratwurzel von 625", "125 乘以 8",
 * "sqrt(2) * 10" (function names kept). An objective is arithmetic only when, once its
 * numbers, operators and a few polite words ("what is", "calculate", "berechne", "计算") are
 * accounted for, nothing is left: "Explain the 80/20 rule" keeps "explain … rule" and is not.
 */
import { isCalculateName } from "../../tools/calculate";

const N = "(-?\\d+(?:\\.\\d+)?)";
/** A number or a bracketed group, the operand of a root or a power written in words. */
const OPERAND = "(-?\\d+(?:\\.\\d+)?|\\([^()]*\\))";

/** Operator phrases → symbols, longest first within each language. */
const OPERATOR_WORDS: [RegExp, string][] = [
  [/(?<!\p{L})(?:multiplied by|times|multipliziert mit|mal|multiplié par|fois|multiplicado por)(?!\p{L})/giu, " * "],
  [/(?:乘以|乘上|乘)/gu, " * "],
  [/(?<!\p{L})(?:divided by|geteilt durch|dividiert durch|divisé par|dividido (?:entre|por))(?!\p{L})/giu, " / "],
  [/(?:除以)/gu, " / "],
  [/(?<!\p{L})(?:plus|más|mas|加上|加)(?!\p{L})/giu, " + "],
  [/(?<!\p{L})(?:minus|moins|menos|减去|减)(?!\p{L})/giu, " - "],
  [
    /(?<!\p{L})(?:to the power of|raised to the power of|raised to|to the power|hoch|à la puissance|puissance|elevado a la|elevado a)(?!\p{L})/giu,
    " ^ ",
  ],
  [/(?:的)?(\d+)次方/gu, " ^ $1"],
  [/\bto the (\d+)(?:st|nd|rd|th) power\b/giu, " ^ $1"],
  [/(?<!\p{L})(?:squared|zum quadrat|au carré|al cuadrado)(?!\p{L})|的平方(?!根)/giu, " ^ 2"],
  [/(?<!\p{L})(?:cubed|hoch drei|au cube|al cubo)(?!\p{L})|的立方(?!根)/giu, " ^ 3"],
  // "**" is a power in every language people paste from (Python, JavaScript), never a product.
  [/\*\*/gu, " ^ "],
  [/[×✕·]|\*/gu, " * "],
  [/[÷]/gu, " / "],
  [/(?<=\d)\s+(?:x|por)\s+(?=\d)/giu, " * "],
];

/** Imperatives: "divide 90 by 3", "multiply 6 by 7", "subtract 3 from 10", "add 4 to 5" (five languages). */
const VERB_FORMS: [RegExp, string][] = [
  [
    new RegExp(`(?:divide|teile|dividiere|divise|divisez)\\s+${N}\\s+(?:by|durch|par|entre|por)\\s+${N}`, "giu"),
    "$1 / $2",
  ],
  [
    new RegExp(
      `(?:multiply|multipliziere|multiplie|multipliez|multiplica)\\s+${N}\\s+(?:by|mit|par|por)\\s+${N}`,
      "giu",
    ),
    "$1 * $2",
  ],
  [new RegExp(`(?:subtract|ziehe|soustrais|resta)\\s+${N}\\s+(?:from|von|de|a)\\s+${N}(?:\\s+ab)?`, "giu"), "$2 - $1"],
  [new RegExp(`(?:add|addiere|ajoute|suma)\\s+${N}\\s+(?:to|zu|à|a)\\s+${N}`, "giu"), "$2 + $1"],
];

/** Roots written in words: "square root of 144", "Quadratwurzel von 625", "racine carrée de 2". */
const ROOT_WORDS: [RegExp, string][] = [
  [
    new RegExp(
      `(?:square root|sqrt|quadratwurzel|wurzel|racine carrée|racine|raíz cuadrada|raiz cuadrada)\\s*(?:of|von|aus|de|del)?\\s*${OPERAND}`,
      "giu",
    ),
    "sqrt($1)",
  ],
  [
    new RegExp(
      `(?:cube root|kubikwurzel|racine cubique|raíz cúbica|raiz cubica)\\s*(?:of|von|aus|de|del)?\\s*${OPERAND}`,
      "giu",
    ),
    "cbrt($1)",
  ],
  [
    new RegExp(
      `(\\d+)(?:st|nd|rd|th|te|ten|ème|e|a|o)?\\s*(?:root|wurzel|racine|raíz)\\s*(?:of|von|aus|de|del)?\\s*${OPERAND}`,
      "giu",
    ),
    "$2 ^ (1 / $1)",
  ],
  [new RegExp(`${OPERAND}\\s*的平方根`, "gu"), "sqrt($1)"],
  [new RegExp(`${OPERAND}\\s*的立方根`, "gu"), "cbrt($1)"],
  [new RegExp(`(?:根号|平方根|√)\\s*${OPERAND}`, "gu"), "sqrt($1)"],
];

/** "the remainder of 17 divided by 5", "17 mod 5", "Rest von 17 geteilt durch 5" → mod(17, 5). */
const REMAINDER = new RegExp(
  `(?:(?:the )?(?:remainder|rest|reste|resto)\\s+(?:of|von|de|del|when|wenn)?\\s*)${N}\\s*(?:divided by|/|geteilt durch|divisé par|dividido (?:entre|por)|is divided by)\\s*${N}`,
  "giu",
);
const MODULO = new RegExp(`${N}\\s+(?:mod|modulo)\\s+${N}`, "giu");

/** "15 % of 2340", "15 % von 2340", "15 % de 2340", "2340 的 15 %" → "15 / 100 * 2340". */
const PERCENT_OF = new RegExp(`${N}\\s*%\\s*(?:of|von|de|del|des|du)\\s+${N}`, "giu");
const PERCENT_OF_ZH = new RegExp(`${N}\\s*的\\s*${N}\\s*%`, "gu");

/** Words that may surround an expression without changing it. */
const FILLER = new Set(
  (
    "what whats what's is s the calculate calc compute evaluate solve work out find determine figure please pls how much result of answer " +
    "do does would will you get if we i " +
    "tell me equals equal give can you could quickly value exactly approximately " +
    "berechne berechnen rechne was ist sind wie viel wieviel bitte ergibt das der die den dem ergebnis von " +
    "combien font fait calcule calculez calculer quel quelle est le la résultat de " +
    "cuánto cuanto cuál cual es son calcula calcular el resultado"
  ).split(" "),
);
const CHINESE_FILLER = /计算|等于多少|等于几|等于|是多少|多少|请|帮我算|帮我|算一下|一下|是|吗|呢|得/gu;

/** Operator words, roots, powers, remainders and percentages turned into symbols. */
export function symbolise(text: string): string {
  let out = text;
  for (const [pattern, replacement] of VERB_FORMS) out = out.replace(pattern, replacement);
  out = out.replace(REMAINDER, "mod($1, $2)").replace(MODULO, "mod($1, $2)");
  for (const [pattern, replacement] of ROOT_WORDS) out = out.replace(pattern, replacement);
  for (const [pattern, replacement] of OPERATOR_WORDS) out = out.replace(pattern, replacement);
  out = out.replace(PERCENT_OF, "($1 / 100) * $2").replace(PERCENT_OF_ZH, "($2 / 100) * $1");
  return out;
}

/**
 * A comma before an operator closes what came before, as a pause does when people say it:
 * "2 plus 3, times 4" is (2 + 3) * 4, "1000 divided by 8, plus 20" is (1000 / 8) + 20.
 */
function groupAtCommas(text: string): string {
  // "-" only as a spaced operator: "1, -2" is a list with a negative number.
  const parts = text.split(/,\s*(?=(?:[+*/^]|-\s)\s*[\d(])/u);
  if (parts.length < 2) return text;
  return parts.reduce((grouped, part) => `(${grouped.trim()}) ${part.trim()}`);
}

/**
 * The expression when the whole text is arithmetic (once polite words are dropped), else null.
 * `unitNames` are the unit words the text may use ("5 km + 300 m").
 */
export function wholeExpression(symbolised: string, isUnitName: (word: string) => boolean): string | null {
  const stripped = groupAtCommas(symbolised)
    .replace(CHINESE_FILLER, " ")
    .replace(/[?？!！¿¡=＝。]+/gu, " ")
    .replace(/[.:;,]\s*$/u, "");
  let unknownWord = false;
  const expression = stripped
    .replace(/[\p{L}'’]+/gu, (word) => {
      const lower = word.toLowerCase();
      if (isCalculateName(lower) || isUnitName(word)) return word;
      if (FILLER.has(lower.replace(/[’]/g, "'"))) return " ";
      unknownWord = true;
      return word;
    })
    .replace(/\s+/g, " ")
    .replace(/\(\s+/g, "(")
    .replace(/\s+\)/g, ")")
    .trim();
  if (unknownWord || expression === "") return null;
  // "45 % 180" would be a remainder in mathjs, but people mean a percentage: never guess.
  if (/%\s*[\d(a-z]/i.test(expression)) return null;
  if (!/^[\d\s.+\-*/^%(),\p{L}°/]+$/u.test(expression)) return null;
  // An operator or a function: a lone number ("1984") is no calculation.
  if (!/\d\s*[-+*/^%]\s*[\d(a-z]|\)\s*[-+*/^]|[a-z]+\(/i.test(expression)) return null;
  // Commas only as function arguments: "1, 2" outside a call is a list, not one expression.
  if (/,/.test(expression.replace(/[a-z0-9]+\([^()]*\)/gi, ""))) return null;
  return expression;
}

/** Words around a unit conversion: "convert", "how many", "umrechnen", "换算". */
const CONVERSION_FILLER = new Set(
  "convert conversion change turn express um umrechnen umrechnung rechne konvertiere convertis convertir conversion convierte pasar pasa".split(
    " ",
  ),
);

/** True when nothing but polite and conversion words is left in the text. */
export function onlyFiller(text: string): boolean {
  const words =
    text
      .replace(CHINESE_FILLER, " ")
      .replace(/换算|转换|换成/gu, " ")
      .match(/[\p{L}'’]+/gu) ?? [];
  return (
    words.every((word) => FILLER.has(word.toLowerCase()) || CONVERSION_FILLER.has(word.toLowerCase())) &&
    // A sign or operator left over ("-40 °F" read as 40 °F) would change the number.
    !/[\d+\-*/^%]/.test(text)
  );
}
