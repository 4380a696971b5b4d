/**
 * Calculations people describe in words rather than write as arithmetic: tips, discounts,
 * increases and decreases by a percentage, percentage change, "what percent is A of B",
 * splitting a bill, sums and averages of listed numbers, a price per month as a price per year.
 * Each phrasing must use every number in the objective: a number left over means the
 * objective says something the template did not understand, so it is not calculated.
 */
import type { Derived } from "./derived";
import { FINANCE_TEMPLATES } from "./finance";
import { numbersIn } from "./numbers";

const N = "(\\d+(?:\\.\\d+)?)";
const PCT = `${N}\\s*%`;
/** Words or stems (erhöh…, augment…) at the start of a word. */
const any = (words: string) => new RegExp(`(?<![a-zà-ÿ])(?:${words})`, "iu");
/** Whole words ("off" but not "offer"); CJK words need no boundary. */
const word = (words: string) => new RegExp(`(?<![a-zà-ÿ])(?:${words})(?![a-zà-ÿ])`, "iu");

const TIP = any(
  "tip|gratuity|service charge|tax|vat|mwst|mehrwertsteuer|steuer|trinkgeld|pourboire|tva|taxe|propina|iva|impuesto|小费|税",
);
const TOTAL = word("total|including|add|plus|with|in all|altogether|insgesamt|gesamt|au total|en total|总共|一共|合计");
const DISCOUNT = word(
  "off|discount|discounted|discounts|marked down|rabatt|rabattiert|reduziert|remise|réduction|soldé|remisé|descuento|rebaja|rebajado|折扣|优惠|打折",
);
const SAVE = word("save|saving|spare|économise|ahorro|ahorra|省");
const INCREASE = any("increase|raise|grow|add|erhöh|steiger|augment|aument|incrementa|增加|提高");
const DECREASE = any(
  "decrease|reduce|lower|cut|verringer|reduzier|senk|diminu|rédui|baisse|reduc|disminu|rebaj|减少|降低",
);
const CHANGE = any(
  "increase|decrease|change|rise|drop|growth|gain|loss|went|grew|fell|gestiegen|gesunken|veränderung|änderung|anstieg|augmentation|hausse|baisse|variation|aumento|cambio|subida|bajada|变化|增长|下降",
);
const PERCENT_WORD = any("%|percent|percentage|prozent|pourcentage|porcentaje|百分");
const SPLIT = any(
  "split|divide|share|shared|teile|teilen|aufteilen|partager|partage|divise|répartir|dividir|divide|repartir|平分|分摊|均摊",
);
const PEOPLE =
  "people|persons|person|ways|friends|guests|of us|personen|leute|freunde|personnes|amis|personas|amigos|人";

const COUNT_NOUN =
  /^\s*(?:days?|weeks?|months?|years?|hours?|minutes?|times|people|persons|items|pages|users|students|employees|jahre?n?|tage?n?|monate?n?|stunden?|ans?|années?|jours?|mois|años?|días?|meses|horas?|个|天|年|月|人)(?![a-z])/iu;

/** What may stand before an amount: a preposition, a verb of paying or changing, an article, or nothing. */
const AMOUNT_LEAD =
  /(?:^|(?<!\p{L})(?:what|what's|whats|much|calculate|compute|calc|on|of|off|from|by|to|with|cost|costs|is|was|were|at|for|price|bill|total|pay|paid|increase|raise|reduce|decrease|lower|cut|a|an|the|un|une|le|la|les|ein|eine|einen|el|una|auf|von|um|de|sur|à|en|sobre|por|kostet|coûte|cuesta|erhöhe|senke|augmente|baisse|aumenta|reduce))[\s:,]*$/iu;

function percentOfTwo(text: string): { p: number; x: number; pText: string; xText: string } | null {
  const p = new RegExp(PCT, "u").exec(text);
  if (!p) return null;
  const rest = text.slice(0, p.index) + " " + text.slice(p.index + p[0].length);
  const others = rest.match(/\d+(?:\.\d+)?/g) ?? [];
  const [pText, xText] = [p[1] ?? "", others[0] ?? ""];
  if (others.length !== 1) return null;
  // "for 4 days", "in 5 years": a count of something, not the amount the percentage applies to.
  const afterAmount = rest.slice(rest.indexOf(xText) + xText.length);
  if (COUNT_NOUN.test(afterAmount)) return null;
  // "iPhone 15 discount 10 %": a number after a name is part of the name, not an amount.
  const beforeAmount = rest.slice(0, rest.indexOf(xText));
  if (!AMOUNT_LEAD.test(beforeAmount)) return null;
  return { p: Number(pText), x: Number(xText), pText, xText };
}

function tip(text: string): Derived | null {
  if (!TIP.test(text)) return null;
  const found = percentOfTwo(text);
  if (!found) return null;
  if (TOTAL.test(text))
    return { expression: `${found.xText} * (1 + ${found.pText} / 100)`, uses: 2, what: "a total with a tip" };
  return { expression: `${found.pText} / 100 * ${found.xText}`, uses: 2, what: "a tip" };
}

function discount(text: string): Derived | null {
  if (!DISCOUNT.test(text)) return null;
  const found = percentOfTwo(text);
  if (!found) return null;
  if (SAVE.test(text))
    return { expression: `${found.pText} / 100 * ${found.xText}`, uses: 2, what: "a discount's amount" };
  return { expression: `${found.xText} * (1 - ${found.pText} / 100)`, uses: 2, what: "a discounted price" };
}

function increaseOrDecrease(text: string): Derived | null {
  const up = INCREASE.test(text) || /\d\s*\+\s*\d+(?:\.\d+)?\s*%/.test(text);
  const down = DECREASE.test(text) || /\d\s*-\s*\d+(?:\.\d+)?\s*%/.test(text);
  if (up === down) return null;
  const found = percentOfTwo(text);
  if (!found) return null;
  const sign = up ? "+" : "-";
  return {
    expression: `${found.xText} * (1 ${sign} ${found.pText} / 100)`,
    uses: 2,
    what: `a ${up ? "increase" : "decrease"} by a percentage`,
  };
}

/** "from 45 to 54 … percentage increase", "von 80 auf 60", "de 45 à 54", "de 45 a 54". */
function percentChange(text: string): Derived | null {
  if (!PERCENT_WORD.test(text) || !CHANGE.test(text) || /\d\s*%/.test(text)) return null;
  const match = new RegExp(`(?:from|von|de|desde)\\s+${N}\\s+(?:to|auf|zu|à|a|hasta)\\s+${N}`, "iu").exec(text);
  if (!match) return null;
  const [a, b] = [match[1], match[2]];
  const falling = DECREASE.test(text) && Number(b) < Number(a);
  const expression = falling ? `(${a} - ${b}) / ${a} * 100` : `(${b} - ${a}) / ${a} * 100`;
  return { expression, uses: 2, what: "a percentage change" };
}

/** The whole a share is of: "of 120", "out of 120", "von 120", "sur 120". */
const OF_WHOLE = "(?:out of|of|von|de|sur|del|sobre)";

/** "30 is what percent of 120", "what percentage of 120 is 30", "what % is 30 out of 120". */
function percentRatio(text: string): Derived | null {
  const what =
    "(?:what|which|wie ?viel|quel|qué|que|多少)\\s*(?:%|percent|percentage|per cent|prozent|pourcentage|porcentaje)";
  const forms: [RegExp, (m: RegExpExecArray) => [string, string]][] = [
    [
      new RegExp(`${N}\\s+(?:is|are|sind|ist|est|es|représente)\\s+${what}\\s+${OF_WHOLE}\\s+${N}`, "iu"),
      (m) => [m[1] ?? "", m[2] ?? ""],
    ],
    [
      new RegExp(`${what}\\s+${OF_WHOLE}\\s+${N}\\s+(?:is|are|ist|sind|est|es)\\s+${N}`, "iu"),
      (m) => [m[2] ?? "", m[1] ?? ""],
    ],
    [
      new RegExp(`${what}\\s+(?:is|are|ist|sind|est|es|représente)\\s+${N}\\s+${OF_WHOLE}\\s+${N}`, "iu"),
      (m) => [m[1] ?? "", m[2] ?? ""],
    ],
    // "18 out of 24 as a percentage", "18 von 24 in Prozent": a score read as a share.
    [
      new RegExp(
        `${N}\\s+(?:out of|von|sur|de)\\s+${N}\\s+(?:as an?|in|en)\\s+(?:%|percent|percentage|per cent|prozent|pourcentage|porcentaje)`,
        "iu",
      ),
      (m) => [m[1] ?? "", m[2] ?? ""],
    ],
  ];
  for (const [pattern, pick] of forms) {
    const match = pattern.exec(text);
    if (match) {
      const [part, whole] = pick(match);
      return { expression: `${part} / ${whole} * 100`, uses: 2, what: "a share in percent" };
    }
  }
  return null;
}

/** "Split 237.60 among 6 people", "120 split 4 ways", "partager 90 entre 3 personnes". */
function split(text: string): Derived | null {
  if (!SPLIT.test(text)) return null;
  const people = new RegExp(`${N}\\s*(?:${PEOPLE})(?!\\p{L})`, "iu").exec(text);
  const numbers = text.match(/\d+(?:\.\d+)?/g) ?? [];
  if (!people || numbers.length !== 2) return null;
  const amount = numbers[0] === people[1] && numbers.indexOf(people[1]) === 0 ? numbers[1] : numbers[0];
  if (!Number.isInteger(Number(people[1])) || Number(people[1]) === 0) return null;
  return { expression: `${amount} / ${people[1]}`, uses: 2, what: "an amount split equally" };
}

const SUM = word("sum|total|add up|add|summe|addiere|zusammen|somme|additionne|suma|suma de|总和|合计|加起来|相加");
const AVERAGE = word("average|mean|avg|durchschnitt|mittelwert|moyenne|promedio|media|平均");
const PRODUCT = any("product of|produkt|produit|producto|乘积");

/** Keyword, then only "of the (numbers)" before the list. */
const LIST_HEAD = new RegExp(
  `(?:^|\\s)(?:sum|total|add(?: up)?|summe|addiere|somme|additionne|suma|average|mean|avg|durchschnitt|mittelwert|moyenne|promedio|media|product|produkt|produit|producto)\\s*(?:up|of|von|aus|de|des|du|del|la|le|el|der|die|das|:)?\\s*(?:(?:the|numbers|zahlen|nombres|números|les|los)\\s+)*$|^[\\s计算求]*$`,
  "iu",
);

/** "Sum of 1250, 3400 and 975", "Quelle est la moyenne de 14, 16 et 18", "Total of 19.99, 5.49 and 12.00". */
function list(text: string): Derived | null {
  const numbers = text.match(/\d+(?:\.\d+)?/g) ?? [];
  if (numbers.length < 2) return null;
  // Only separators between the numbers: commas, "and", "und", "et", "y", "和", "、", "+".
  const first = text.indexOf(numbers[0] ?? "");
  const lastNumber = numbers[numbers.length - 1] ?? "";
  const between = text.slice(first, text.lastIndexOf(lastNumber)).replace(/\d+(?:\.\d+)?/g, " ");
  if (!/^(?:[\s,、;]|and|und|et|y|e|和|与|及|plus|\+)*$/iu.test(between)) return null;
  // The list is what the keyword applies to, and ends the objective: "average of 3, 5 and 7?",
  // not "average rainfall in 2020 and 2021" (a statistic to search for).
  const head = text.slice(0, first);
  const tail = text.slice(text.lastIndexOf(lastNumber) + lastNumber.length);
  if (!LIST_HEAD.test(head) || !/^[\s?？.!。]*(?:的?(?:平均值?|总和|和|乘积)[是为]?多少?)?[\s?？.!。]*$/u.test(tail))
    return null;
  if (AVERAGE.test(text)) {
    return { expression: `(${numbers.join(" + ")}) / ${numbers.length}`, uses: numbers.length, what: "an average" };
  }
  if (PRODUCT.test(text)) return { expression: numbers.join(" * "), uses: numbers.length, what: "a product" };
  if (SUM.test(text)) return { expression: numbers.join(" + "), uses: numbers.length, what: "a sum" };
  return null;
}

const PERIODS: [string, RegExp][] = [
  ["day", word("day|daily|tag|täglich|jour|quotidien|día|diario|天|日")],
  ["week", word("week|weekly|woche|wöchentlich|semaine|semana|周|星期")],
  ["month", word("month|monthly|monat|monatlich|mois|mensuel|mes|mensual|月")],
  ["year", word("year|yearly|annual|annually|jahr|jährlich|an|année|annuel|año|anual|年")],
];
const FACTOR: Record<string, number> = { "day>week": 7, "day>year": 365, "week>year": 52, "month>year": 12 };

/** "14.99 a month; what does it cost per year?" → 14.99 * 12 (and back: per year → per month). */
function perPeriod(text: string): Derived | null {
  const numbers = text.match(/\d+(?:\.\d+)?/g) ?? [];
  if (
    numbers.length !== 1 ||
    !/(?:cost|pay|price|spend|how much|subscription|fee|rent|salary|earn|kostet|zahle|wie viel|coûte|paie|combien|cuesta|pago|cuánto|花|付|多少钱)/iu.test(
      text,
    )
  )
    return null;
  const found = PERIODS.map(([name, pattern]) => ({ name, index: text.search(pattern) })).filter((p) => p.index >= 0);
  if (found.length !== 2) return null;
  const numberAt = text.indexOf(numbers[0]);
  const [from, to] = found.sort((a, b) => Math.abs(a.index - numberAt) - Math.abs(b.index - numberAt));
  if (!from || !to) return null;
  const up = FACTOR[`${from.name}>${to.name}`];
  const down = FACTOR[`${to.name}>${from.name}`];
  if (up)
    return { expression: `${numbers[0]} * ${up}`, uses: 1, what: `a price per ${from.name} as a price per ${to.name}` };
  if (down)
    return {
      expression: `${numbers[0]} / ${down}`,
      uses: 1,
      what: `a price per ${from.name} as a price per ${to.name}`,
    };
  return null;
}

const COSTS = "(?:costs?|is|are|was|sells for|goes for|kostet|coûte|cuesta)";
const ITEM = "(\\p{L}{3,})";
/** "A ticket costs 12.50", "one apple is 0.40", "each book costs 8": the price of one item. */
const PRICE_OF_ONE = new RegExp(
  `(?:^|\\s)(?:a|an|one|each|1|per|the)\\s+(?:\\p{L}+\\s+)?${ITEM}\\s+${COSTS}\\s+${N}`,
  "iu",
);
/** "Tickets are 12.50 each", "apples cost 0.40 apiece". */
const PRICE_EACH = new RegExp(
  `${ITEM}\\s+${COSTS}\\s+${N}\\s+(?:each|apiece|a piece|per piece|the piece|pro stück|pièce|cada uno)`,
  "iu",
);
const HOW_MUCH = /how much|what (?:do|does|would|will|is|are)|total|cost|pay|wie viel|combien|cuánto/iu;

/** The same noun, singular or plural: "ticket" and "tickets", "box" and "boxes". */
const sameItem = (a: string, b: string) => {
  const [x, y] = [a.toLowerCase(), b.toLowerCase()].sort((p, q) => p.length - q.length);
  return x === y || `${x}s` === y || `${x}es` === y;
};

/** "A ticket costs 12.50. How much for 7 tickets?" → 12.50 * 7: a price times a count of the same thing. */
function unitPrice(text: string): Derived | null {
  if (!HOW_MUCH.test(text)) return null;
  const priced = PRICE_OF_ONE.exec(text) ?? PRICE_EACH.exec(text);
  if (!priced) return null;
  const [item, price] = [priced[1] ?? "", priced[2] ?? ""];
  const rest = text.slice(0, priced.index) + " " + text.slice(priced.index + priced[0].length);
  const counted =
    new RegExp(`${N}\\s+${ITEM}`, "iu").exec(rest) ??
    new RegExp(`(?:for|buy|of)\\s+${N}(?!\\s*\\p{L})`, "iu").exec(rest);
  if (!counted) return null;
  if (counted[2] !== undefined && !sameItem(counted[2], item)) return null;
  // "one apple" became "1 apple": that 1 is a number of the text too.
  const uses = /^\s*1\s/u.test(priced[0]) ? 3 : 2;
  return { expression: `${price} * ${counted[1]}`, uses, what: "a price times a count" };
}

const TEMPLATES = [
  ...FINANCE_TEMPLATES,
  tip,
  discount,
  percentChange,
  percentRatio,
  increaseOrDecrease,
  split,
  list,
  perPeriod,
  unitPrice,
];

/** The first phrasing that reads the text and uses all its numbers, or null. */
export function describedCalculation(text: string): Derived | null {
  const total = numbersIn(text).length;
  for (const template of TEMPLATES) {
    const derived = template(text);
    if (derived && derived.uses === total) return derived;
  }
  return null;
}
