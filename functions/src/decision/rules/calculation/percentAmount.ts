/**
 * Which number of an objective a percentage applies to, and which end of the change it is.
 *
 * The amount: one number besides the percentage, standing where an amount stands ("on 64.50",
 * "80 € with"), not a count of things ("3 shirts", "for 4 days") and not part of a name
 * ("iPhone 15"). The end: "raise 50,000 by 10 %" gives the start and asks for the result;
 * "after a 10 % raise my salary is 55,000, what was it before?" gives the result and asks for
 * the start (55,000 / 1.1, not 55,000 × 1.1). Reading either wrongly is a wrong number reported
 * as success, so whatever is not clear is not calculated at all.
 */

const N = "(\\d+(?:\\.\\d+)?)";
const PCT = `${N}\\s*%`;

const COUNT_NOUN =
  /^\s*(?:days?|weeks?|months?|years?|hours?|minutes?|times|people|persons|items|pages|users|students|employees|jahre?n?|tage?n?|monate?n?|stunden?|ans?|années?|jours?|mois|años?|días?|meses|horas?|个|天|年|月|人)(?![a-z])/iu;

/** What may stand before an amount: a preposition, a verb of paying or changing, an article, or nothing. */
const AMOUNT_LEAD =
  /(?:^|(?<!\p{L})(?:what|what's|whats|much|calculate|compute|calc|on|of|off|from|by|to|with|für|pour|para|cost|costs|is|was|were|at|for|price|bill|total|pay|paid|increase|raise|reduce|decrease|lower|cut|a|an|the|un|une|le|la|les|ein|eine|einen|el|una|auf|von|um|de|sur|à|en|sobre|por|kostet|coûte|cuesta|erhöhe|senke|augmente|baisse|aumenta|reduce))[\s:,]*$/iu;

/**
 * Words that may follow the amount a tip, discount or change applies to: a currency, a
 * preposition or conjunction, the bill. Any other word makes the number a count of things
 * ("3 shirts with 20 % off" is not 3 × 0.8), which these templates cannot price: searched.
 */
const AFTER_AMOUNT = new RegExp(
  "^(?:with|mit|avec|con|and|und|et|or|plus|minus|off|at|in|on|is|are|was|were|for|für|pour|para|by|um|to|auf|from|von|de|du|des|la|le|el|por|if|when|what|how|after|before|now|then|but|so|the|an?|" +
    "bill|check|cheque|tab|total|amount|price|order|meal|dinner|lunch|purchase|rechnung|betrag|preis|addition|montant|prix|cuenta|importe|precio|" +
    "dollars?|bucks|euros?|eur|usd|gbp|pounds?|francs?|chf|yen|jpy|yuan|cny|rmb|pesos?|rupees?|inr|cents?|" +
    "tip|tax|vat|discount|rabatt|trinkgeld|remise|pourboire|descuento|propina|incl|including|inklusive|plus)$",
  "iu",
);

/** "250 increased by 12 %", "80 reduziert um 5 %": the amount, then the change. */
const CHANGED =
  /^(?:increas|decreas|rais|reduc|lower|cut|discount|mark|grow|grew|drop|fall|fell|ris|rose|erhöh|reduzier|senk|gesenkt|augment|rédui|baiss|aument|disminu|rebaj)/iu;

/** "A 250 jacket", "the 40 item": an article before the amount makes the word after it the thing priced. */
const PRICED_ONE = /(?:^|[^\p{L}])(?:a|an|the|one|ein|eine|einen|un|une|una|uno|le|la|el|der|die|das)\s*$/iu;

function countedThing(beforeAmount: string, afterAmount: string): boolean {
  const next = /^\s*([a-zà-ÿ]{3,})/iu.exec(afterAmount)?.[1];
  return next !== undefined && !AFTER_AMOUNT.test(next) && !CHANGED.test(next) && !PRICED_ONE.test(beforeAmount);
}

export function percentOfTwo(text: string): { p: number; x: number; pText: string; xText: string } | null {
  const p = new RegExp(PCT, "u").exec(text);
  if (!p) return null;
  const rest = text.slice(0, p.index) + " " + text.slice(p.index + p[0].length);
  const others = rest.match(/\d+(?:\.\d+)?/g) ?? [];
  const [pText, xText] = [p[1] ?? "", others[0] ?? ""];
  if (others.length !== 1) return null;
  // "for 4 days", "in 5 years": a count of something, not the amount the percentage applies to.
  const afterAmount = rest.slice(rest.indexOf(xText) + xText.length);
  const beforeAmount = rest.slice(0, rest.indexOf(xText));
  if (COUNT_NOUN.test(afterAmount) || countedThing(beforeAmount, afterAmount)) return null;
  // "iPhone 15 discount 10 %": a number after a name is part of the name, not an amount.
  if (!AMOUNT_LEAD.test(beforeAmount)) return null;
  return { p: Number(pText), x: Number(xText), pText, xText };
}

/** Words for the amount before a change: "before", "original price", "vorher", "avant". */
const BEFORE_WORDS =
  "before|originally|original|previously|previous|used to be|at first|to begin with|pre-tax|vorher|ursprünglich|früher|avant|initialement|antes|原价|原来|之前";
const BEFORE = new RegExp(`(?<!\\p{L})(?:${BEFORE_WORDS})(?!\\p{L})`, "iu");
/** "What was it before?", "what was the original price", "how much did it cost originally". */
const ASKS_BEFORE = new RegExp(
  `(?:what|how much|wie viel|wie hoch|combien|quel|cuánto|cuál|多少)[^.?!。？]*?(?<!\\p{L})(?:${BEFORE_WORDS})(?!\\p{L})`,
  "iu",
);
/** "Without VAT", "net of tax", "excluding": either direction reads naturally, so none is guessed. */
const EITHER_WAY = /(?<!\p{L})(?:without|excluding|excl|net|ohne|netto|sans|hors|sin)(?!\p{L})/iu;

/** "Twice", "each year", "3 years in a row": a change applied more than once, which one formula does not say. */
const REPEATED =
  /(?<!\p{L})(?:twice|thrice|again|every|each (?:year|month|week|day|time)|per (?:year|month|week|day)|annually|yearly|monthly|weekly|daily|consecutive|in a row|successive|zweimal|dreimal|jährlich|monatlich|deux fois|trois fois|chaque année|dos veces|tres veces|cada año|两次|每年|每月)(?!\p{L})/iu;

export type AmountRole = "start" | "result" | "unclear";

/** What the objective's amount is: the start of the change, its result, or not clear. */
export function amountRole(text: string): AmountRole {
  if (EITHER_WAY.test(text) || REPEATED.test(text)) return "unclear";
  if (!BEFORE.test(text)) return "start";
  return ASKS_BEFORE.test(text) ? "result" : "unclear";
}
