/**
 * Money over time, when every number is given: compound interest ("5000 at 4 % compounded
 * yearly for 10 years"), a loan's monthly payment ("200000 loan at 6 % over 30 years") and
 * the days between two ISO dates. Without the word that says which formula (compound, monthly
 * payment), nothing is calculated: a simple-interest reading would be a wrong number.
 */
import type { Derived } from "./derived";

const N = "(\\d+(?:\\.\\d+)?)";
const RATE = new RegExp(`${N}\\s*%`, "u");
const YEARS = new RegExp(`${N}\\s*(?:years?|yrs?|jahren?|ans|années|años|anos|年)(?![a-z])`, "iu");
const COMPOUND = /compound|zinseszins|composés?|compuesto|复利/iu;
/**
 * The interest itself is asked for ("compound interest on 1000 at 5 % for 3 years", "how much
 * interest will I earn"), not the balance ("how much will I have", "future value"): the
 * textbook compound interest is the balance less the principal.
 */
const INTEREST_ASKED =
  /^(?:compound|simple)\s+interest\s+(?:on|for|of)\b|how much interest|interest (?:earned|will i (?:earn|get|make))/iu;
const BALANCE_ASKED =
  /how much will|will (?:it|i|they|that) (?:be|have|grow)|grow to|worth|future value|balance|total|end up|endwert|valeur future|valor futuro/iu;
const SIMPLE = /simple interest|einfache[nr]? zins|intérêts? simples?|interés simple|单利/iu;
const LOAN =
  /(?:monthly|mortgage|loan)\s+(?:payment|repayment|installment)|monatliche\s+rate|mensualité|cuota mensual|月供/iu;
const FREQUENCY: [RegExp, number][] = [
  [/monthly|monatlich|mensuel|mensual|每月|按月/iu, 12],
  [/quarterly|vierteljährlich|trimestriel|trimestral|每季/iu, 4],
  [/daily|täglich|quotidien|diario|每天|每日/iu, 365],
  [/semi-?annually|half-?yearly|halbjährlich|semestriel|semestral/iu, 2],
];

function principalRateYears(text: string): { principal: string; rate: string; years: string } | null {
  const rate = RATE.exec(text);
  const years = YEARS.exec(text);
  const numbers = text.match(/\d+(?:\.\d+)?/g) ?? [];
  if (!rate || !years || numbers.length !== 3) return null;
  const [rateText, yearsText] = [rate[1] ?? "", years[1] ?? ""];
  const principal = numbers.find(
    (_, index) => index !== numbers.indexOf(rateText) && index !== numbers.lastIndexOf(yearsText),
  );
  if (!principal || rateText === yearsText) return null;
  return { principal, rate: rateText, years: yearsText };
}

function compoundInterest(text: string): Derived | null {
  const simple = SIMPLE.test(text);
  if (!COMPOUND.test(text) && !simple) return null;
  const found = principalRateYears(text);
  if (!found) return null;
  const { principal: p, rate: r, years: n } = found;
  const interestOnly = INTEREST_ASKED.test(text) && !BALANCE_ASKED.test(text);
  const less = interestOnly ? ` - ${p}` : "";
  if (simple) return { expression: `${p} * (1 + ${r} / 100 * ${n})${less}`, uses: 3, what: "simple interest" };
  const k = FREQUENCY.find(([pattern]) => pattern.test(text))?.[1] ?? 1;
  const balance = k === 1 ? `${p} * (1 + ${r} / 100) ^ ${n}` : `${p} * (1 + ${r} / 100 / ${k}) ^ (${k} * ${n})`;
  return {
    expression: `${balance}${less}`,
    uses: 3,
    what: interestOnly ? "compound interest earned" : "compound interest",
  };
}

function loanPayment(text: string): Derived | null {
  if (!LOAN.test(text)) return null;
  const found = principalRateYears(text);
  if (!found) return null;
  const { principal: p, rate: r, years: n } = found;
  const monthly = `${r} / 100 / 12`;
  return {
    expression: `${p} * (${monthly}) / (1 - (1 + ${monthly}) ^ (-12 * ${n}))`,
    uses: 3,
    what: "a loan's monthly payment",
  };
}

const ISO_DATE = /\b(\d{4})-(\d{2})-(\d{2})\b/g;
const DAYS_BETWEEN =
  /(?:how many|number of|wie viele|combien de|cuántos)\s+(days|weeks|tage|wochen|jours|semaines|días|semanas)/iu;

/** Days from 1970-01-01, so that a difference of two is a number of days. */
function dayNumber(year: string, month: string, day: string): number | null {
  const time = Date.UTC(Number(year), Number(month) - 1, Number(day));
  const date = new Date(time);
  if (date.getUTCMonth() !== Number(month) - 1 || date.getUTCDate() !== Number(day)) return null;
  return time / 86_400_000;
}

/** "How many days between 2024-01-02 and 2024-03-15?" → the two dates as day numbers, subtracted. */
export function daysBetween(text: string): Derived | null {
  const unit = DAYS_BETWEEN.exec(text);
  const dates = [...text.matchAll(ISO_DATE)];
  if (!unit || dates.length !== 2) return null;
  const [a, b] = dates.map((d) => dayNumber(d[1] ?? "", d[2] ?? "", d[3] ?? ""));
  if (a === null || b === null || a === undefined || b === undefined) return null;
  const weeks = /week|woche|semaine|semana/i.test(unit[1] ?? "");
  const expression = `abs(${b} - ${a})${weeks ? " / 7" : ""}`;
  return { expression, uses: 6, what: `the ${weeks ? "weeks" : "days"} between two dates (as days since 1970-01-01)` };
}

export const FINANCE_TEMPLATES = [compoundInterest, loanPayment];
