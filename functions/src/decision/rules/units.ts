/**
 * Units people name, mapped to mathjs's units, and the phrasings of a conversion
 * ("5 miles in km", "Convert 72°F to Celsius", "How many pounds is 68 kg?", "3,5 Zoll in cm").
 * The calculate tool computes `5 mile to km` with mathjs and returns the value with its unit.
 */
import { calculateValue } from "../../tools/calculate";

/** Natural names (several languages) → mathjs unit. Longest names are matched first. */
const UNIT_NAMES: Record<string, string> = {};
function names(unit: string, words: string): void {
  for (const word of words.split("|")) UNIT_NAMES[word] = unit;
}
names("mi", "mile|miles|mi|meile|meilen|mille|milles|milla|millas|英里");
names("km", "km|kms|kilometer|kilometers|kilometre|kilometres|kilomètre|kilomètres|kilómetro|kilómetros|公里|千米");
names("m", "m|meter|meters|metre|metres|mètre|mètres|metro|metros|米");
names(
  "cm",
  "cm|centimeter|centimeters|centimetre|centimetres|zentimeter|centimètre|centimètres|centímetro|centímetros|厘米",
);
names("mm", "mm|millimeter|millimeters|millimetre|millimetres|millimètre|millimètres|milímetro|milímetros|毫米");
names("inch", "inch|inches|zoll|pouce|pouces|pulgada|pulgadas|英寸");
names("ft", "ft|foot|feet|fuß|pied|pieds|pie|pies|英尺");
names("yd", "yd|yard|yards|yarda|yardas|码");
names("kg", "kg|kgs|kilo|kilos|kilogram|kilograms|kilogramme|kilogrammes|kilogramm|kilogramo|kilogramos|公斤|千克");
names("g", "g|gram|grams|gramme|grammes|gramm|gramo|gramos|克");
names("lb", "lb|lbs|pound|pounds|pfund|livre|livres|libra|libras|磅");
names("oz", "oz|ounce|ounces|unze|unzen|once|onces|onza|onzas|盎司");
names("gal", "gal|gallon|gallons|gallone|gallonen|galon|galón|galones|加仑");
names("L", "l|liter|liters|litre|litres|litro|litros|升");
names("mL", "ml|milliliter|milliliters|millilitre|millilitres|mililitro|mililitros|毫升");
names("cup", "cup|cups|tasse|tasses|taza|tazas|杯");
names(
  "degF",
  "°f|℉|degf|deg f|degrees f|degrees fahrenheit|degree fahrenheit|grad fahrenheit|degrés fahrenheit|grados fahrenheit|fahrenheit|华氏度|华氏",
);
names(
  "degC",
  "°c|℃|degc|deg c|degrees c|degrees celsius|degree celsius|celsius|centigrade|grad celsius|degrés celsius|grados celsius|摄氏度|摄氏",
);
names("K", "kelvin");
names("mi/h", "mph|miles per hour");
names("km/h", "km/h|kmh|kph|km per hour|kilometers per hour|kilometres per hour");
names("acre", "acre|acres");
names("hectare", "hectare|hectares|hektar|hectárea|hectáreas|公顷");
names("h", "hour|hours|hr|hrs|stunde|stunden|heure|heures|hora|horas|小时");
// "minute", not "min": mathjs reads "min" as its function.
names("minute", "minute|minutes|min|mins|minuten|minuto|minutos|分钟");
names("s", "second|seconds|sec|secs|sekunde|sekunden|seconde|secondes|segundo|segundos|秒");
names("day", "day|days|tag|tage|tagen|jour|jours|día|días|天");
names("week", "week|weeks|woche|wochen|semaine|semaines|semana|semanas|周");

const NAMES_LONGEST_FIRST = Object.keys(UNIT_NAMES).sort((a, b) => b.length - a.length);
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
const UNIT_ALTERNATION = NAMES_LONGEST_FIRST.map(escape).join("|");
/** After a letter-unit, a word must end (so "m" is not the start of "more"). */
const UNIT = `(${UNIT_ALTERNATION})(?![\\p{L}])`;
/** A value, negative when a minus stands before it alone ("-40 °F"), not after a number ("5 - 3"). */
const NUMBER = "((?:(?<!\\d\\s*)-)?\\d+(?:\\.\\d+)?)";
const TO = "(?:in|to|into|as|in|en|a|zu|nach|para|换算成|换算为|转换成|转换为|等于多少|是多少|等于)";

/** "5 miles in km", "72 °F to Celsius", "3.5 Zoll in cm", "5公里等于多少英里". */
const VALUE_TO_UNIT = new RegExp(`${NUMBER}\\s*${UNIT}\\s*(?:${TO})\\s*${UNIT}`, "iu");
/** "98.6 F to C": single capital letters are temperatures only between a value and a scale. */
const TEMPERATURE_LETTERS = new RegExp(
  `${NUMBER}\\s*°?\\s*([FC])\\s+(?:to|in|into|as)\\s+°?\\s*([FC])(?![\\p{L}])`,
  "u",
);
/** "How many pounds is 68 kg", "combien de pouces dans 5 cm", "wie viele Meilen sind 10 km". */
const HOW_MANY = new RegExp(
  `(?:how many|how much|wie viele?|combien de|cuántos|cuántas|cuantos|cuantas)\\s+${UNIT}\\s+` +
    `(?:(?:is|are|make|sind|ist|hat|font|fait|son|es|y a-t-il|hay)\\s+)?(?:there\\s+)?(?:(?:in|dans|en|in einer?|in einem)\\s+)?` +
    // "how many seconds are in a day": a unit alone is one of it.
    `(${NUMBER.slice(1, -1)}|an?|one|einer?|einem|un|une|una|uno)\\s*${UNIT}`,
  "iu",
);

export interface Conversion {
  expression: string;
  /** The text the conversion was read from (to check that nothing else is left). */
  matched: string;
}

function unitOf(name: string): string | undefined {
  return UNIT_NAMES[name.toLowerCase()];
}

/** Both units exist and measure the same thing (length to length, not kg to km). */
function convertible(from: string, to: string): boolean {
  try {
    // The calculate tool's own mathjs converts one unit into the other, or refuses.
    calculateValue(`1 ${from} to ${to}`);
    return true;
  } catch {
    return false;
  }
}

/** A unit conversion the objective asks for, as a mathjs expression, or null. */
export function findConversion(text: string): Conversion | null {
  const direct = VALUE_TO_UNIT.exec(text);
  if (direct) return build(direct[1] ?? "", direct[2] ?? "", direct[3] ?? "", direct[0]);
  const letters = TEMPERATURE_LETTERS.exec(text);
  if (letters)
    return build(
      letters[1] ?? "",
      `°${letters[2] ?? ""}`.toLowerCase(),
      `°${letters[3] ?? ""}`.toLowerCase(),
      letters[0],
    );
  const howMany = HOW_MANY.exec(text);
  if (howMany) {
    const value = /^\d|^-/.test(howMany[2] ?? "") ? (howMany[2] ?? "") : "1";
    return build(value, howMany[3] ?? "", howMany[1] ?? "", howMany[0]);
  }
  return null;
}

function build(value: string, fromName: string, toName: string, matched: string): Conversion | null {
  const from = unitOf(fromName);
  const to = unitOf(toName);
  if (!from || !to || from === to || !convertible(from, to)) return null;
  return { expression: `${value} ${from} to ${to}`, matched };
}

/** "5km" → "5 km": a number fused to a unit is a quantity, not a name like "5G". */
export function separateFusedUnits(text: string): string {
  return text.replace(FUSED_UNIT, "$1 $2");
}
// Single letters stay fused: "5G" and "24H2" are names, not grams and hours.
const FUSED_UNIT = new RegExp(
  `(\\d)(${NAMES_LONGEST_FIRST.filter((name) => name.length > 1)
    .map(escape)
    .join("|")})(?![\\p{L}\\d])`,
  "giu",
);

/** A value with a unit ("5 km", "72 °F") as mathjs writes it, for unit arithmetic; null when not a unit. */
export function unitFor(name: string): string | undefined {
  return unitOf(name);
}
