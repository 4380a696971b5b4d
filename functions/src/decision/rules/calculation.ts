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
  if (identifierIn(separated)) return null;
  const numbers = normaliseNumbers(separated);
  if (numbers.ambiguous) return null;
  let text = replaceNumberWords(numbers.text);
  if (isChinese(text)) text = replaceChineseNumerals(text).replace(/百分之\s*(\d+(?:\.\d+)?)/gu, "$1%");
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
