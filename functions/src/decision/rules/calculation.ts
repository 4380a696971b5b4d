/**
 * Whether an objective is a calculation, and its expression. Never a wrong number: an
 * identifier (date, time, phone, version, name), a number whose separators could be read two
 * ways, a currency conversion (it needs a live rate) or any word the rules do not understand
 * means "not a calculation", and the objective goes to search instead. Every expression is
 * checked and evaluated by the calculate tool itself before it is proposed.
 */
import { calculateValue } from "../../tools/calculate";
import { onlyFiller, symbolise, wholeExpression } from "./arithmetic";
import { daysBetween } from "./finance";
import { identifierIn } from "./identifiers";
import { isChinese } from "./language";
import { normaliseNumbers } from "./numbers";
import { replaceChineseNumerals, replaceNumberWords } from "./numberWords";
import { expandScaleWords, rewriteFractionsOf, rewritePortions } from "./portions";
import { describedCalculation } from "./templates";
import { findConversion, separateFusedUnits, unitFor } from "./units";

export interface CalculationVerdict {
  expression: string;
  confidence: number;
  reason: string;
}

const CURRENCY =
  /(?<!\p{L})(?:usd|eur|gbp|jpy|cny|rmb|chf|cad|aud|inr|mxn|btc|eth|yen|yuan|renminbi|rupees?|dollars?|euros?|francs?|pesos?|pounds? sterling|sterling|bitcoins?|美元|欧元|日元|人民币|英镑)(?![a-z])|[$€£¥₹]/giu;
const EXCHANGE =
  /exchange rate|conversion rate|wechselkurs|taux de change|tipo de cambio|cambio de divisas|汇率|兑换/iu;
const LIVE =
  /(?<!\p{L})(?:today|now|current|currently|latest|live|heute|aktuell|aujourd'hui|actuel|hoy|actual|今天|现在|目前)(?![a-z])/iu;
const SUPERSCRIPTS: Record<string, string> = { "²": " ^ 2", "³": " ^ 3" };
const PERCENT_WORDS = /\s*(?:percent|per cent|pct|prozent|pour ?cent|por ?ciento)(?![a-z])/giu;

/** A conversion between currencies needs today's rate: only a search has it. */
function asksForExchange(text: string): boolean {
  if (EXCHANGE.test(text)) return true;
  const mentions = text.match(CURRENCY) ?? [];
  const distinct = new Set(mentions.map((m) => m.toLowerCase().replace(/s$/, "")));
  return distinct.size >= 2 || (distinct.size >= 1 && LIVE.test(text));
}

/** Currency words next to an amount carry no arithmetic: "19.99 dollars" is 19.99. */
function dropCurrencyWords(text: string): string {
  return text.replace(CURRENCY, " ");
}

function evaluates(expression: string): boolean {
  try {
    calculateValue(expression);
    return true;
  } catch {
    return false;
  }
}

const DIGIT_JOINED_TO_WORD = /\d-\p{L}|\p{L}-\d/u;

const isMathjsUnit = (word: string): boolean => unitFor(word) === word;

export function findCalculation(objective: string): CalculationVerdict | null {
  const raw = objective
    .replace(/[²³]/g, (char) => SUPERSCRIPTS[char] ?? char)
    .normalize("NFKC")
    .trim();
  const dates = daysBetween(raw);
  if (dates && evaluates(dates.expression)) {
    return { expression: dates.expression, confidence: 0.85, reason: `asks for ${dates.what}` };
  }
  if (asksForExchange(raw)) return null;
  const separated = separateFusedUnits(raw);
  // "1/4 of 200" is a portion before it can look like a date; "24/7" is left for the check below.
  const portions = rewriteFractionsOf(separated);
  if (identifierIn(portions)) return null;
  const normalised = normaliseNumbers(portions);
  if (normalised.ambiguous) return null;
  const numbers = { ...normalised, text: rewritePortions(expandScaleWords(normalised.text)) };
  let text = replaceNumberWords(numbers.text);
  // A digit hyphen-joined to a word ("7-Eleven") is a name: once the word is a numeral it
  // would read as a subtraction, so the identifier check runs again on what the words became.
  if (DIGIT_JOINED_TO_WORD.test(numbers.text) && identifierIn(text)) return null;
  // 百分之二十 is 20 %: read before the numerals, whose 百 would otherwise be a hundred.
  if (isChinese(text))
    text = replaceChineseNumerals(text.replace(/百分之/gu, "PERCENT_OF_ZH ")).replace(
      /PERCENT_OF_ZH\s*(\d+(?:\.\d+)?)/gu,
      "$1%",
    );
  text = text.replace(PERCENT_WORDS, " %");

  const conversion = findConversion(text);
  if (conversion && onlyFiller(text.replace(conversion.matched, " ")) && evaluates(conversion.expression)) {
    return { expression: conversion.expression, confidence: 0.9, reason: "asks to convert a value between units" };
  }
  const plain = dropCurrencyWords(text);
  const whole = wholeExpression(symbolise(plain), isMathjsUnit);
  if (whole && evaluates(whole)) {
    return { expression: whole, confidence: 0.95, reason: `is the arithmetic ${whole}` };
  }
  const described = describedCalculation(plain);
  if (described && evaluates(described.expression)) {
    return { expression: described.expression, confidence: 0.85, reason: `asks for ${described.what}` };
  }
  return null;
}
