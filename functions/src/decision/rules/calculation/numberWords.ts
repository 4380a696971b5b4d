/**
 * Number words turned into digits ("twelve times eleven" → "12 times 11"), in English,
 * German, French, Spanish and Chinese, up to the thousands. Articles that are also "one"
 * (un, une, ein, uno, una) are left alone: "un poème" is not "1 poème".
 */

const SMALL: Record<string, number> = {};
function add(words: string, start: number, step = 1): void {
  words.split(" ").forEach((word, index) => (SMALL[word] = start + index * step));
}
add(
  "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen",
  0,
);
add("twenty thirty forty fifty sixty seventy eighty ninety", 20, 10);
add(
  "null eins zwei drei vier fünf sechs sieben acht neun zehn elf zwölf dreizehn vierzehn fünfzehn sechzehn siebzehn achtzehn neunzehn",
  0,
);
add("zwanzig dreißig vierzig fünfzig sechzig siebzig achtzig neunzig", 20, 10);
add("zéro", 0);
add("deux trois quatre cinq six sept huit neuf dix onze douze treize quatorze quinze seize", 2);
add("vingt trente quarante cinquante soixante", 20, 10);
add("cero", 0);
add(
  "dos tres cuatro cinco seis siete ocho nueve diez once doce trece catorce quince dieciséis diecisiete dieciocho diecinueve veinte",
  2,
);
add("treinta cuarenta cincuenta sesenta setenta ochenta noventa", 30, 10);

const MULTIPLIERS: Record<string, number> = {
  hundred: 100,
  hundert: 100,
  cent: 100,
  cien: 100,
  ciento: 100,
  thousand: 1000,
  tausend: 1000,
  mille: 1000,
  mil: 1000,
  million: 1_000_000,
};

/** "fünfundzwanzig" → 25; "twenty-five" and "dix-sept" are split on the hyphen before this. */
function germanCompound(word: string): number | undefined {
  const match = /^(\p{L}+)und(\p{L}+zig|dreißig)$/u.exec(word);
  if (!match) return undefined;
  const ones = match[1] === "ein" ? 1 : SMALL[match[1] ?? ""];
  const tens = SMALL[match[2] ?? ""];
  return ones !== undefined && ones < 10 && tens !== undefined ? tens + ones : undefined;
}

function wordValue(word: string): number | undefined {
  return SMALL[word] ?? germanCompound(word);
}

type Kind = "ones" | "teen" | "tens" | "multiplier";

function kindOf(word: string): Kind | undefined {
  if (MULTIPLIERS[word] !== undefined) return "multiplier";
  const value = wordValue(word);
  if (value === undefined) return undefined;
  if (value < 10) return "ones";
  return value < 20 || value % 10 !== 0 ? "teen" : "tens";
}

/**
 * Whether a word continues a number: "twenty" + "five", "one hundred" + "twelve",
 * "hundred" + "and five". "two three" and "two and three" are two numbers, never five.
 */
function continues(previous: Kind, next: Kind, joiner: string): boolean {
  const isAnd = /^\s*(and|et|y|und)\s*$/i.test(joiner);
  if (isAnd) return previous === "multiplier" || (previous === "tens" && next === "ones" && !/und/i.test(joiner));
  if (!/^(\s+|-)$/.test(joiner)) return false;
  if (next === "multiplier") return previous !== "multiplier";
  if (previous === "tens") return next === "ones";
  return previous === "multiplier";
}

const WORD_RUN = /\p{L}+/gu;

/** Replaces each run of number words with its value. */
export function replaceNumberWords(text: string): string {
  const words = [...text.matchAll(WORD_RUN)];
  let out = "";
  let cursor = 0;
  let index = 0;
  while (index < words.length) {
    const first = words[index];
    if (!first) break;
    let kind = kindOf(first[0].toLowerCase());
    if (kind === undefined || kind === "multiplier") {
      index += 1;
      continue;
    }
    const run = [first[0].toLowerCase()];
    let end = first.index + first[0].length;
    let next = index + 1;
    while (next < words.length) {
      const candidate = words[next];
      if (!candidate) break;
      const candidateKind = kindOf(candidate[0].toLowerCase());
      const joiner = text.slice(end, candidate.index);
      if (candidateKind === undefined) {
        // "hundred and" + number: look past the joining word.
        const after = words[next + 1];
        const afterKind = after ? kindOf(after[0].toLowerCase()) : undefined;
        if (after && afterKind && /^\s+$/.test(joiner) && continues(kind, afterKind, ` ${candidate[0]} `)) {
          if (!/^\s+$/.test(text.slice(candidate.index + candidate[0].length, after.index))) break;
          run.push(after[0].toLowerCase());
          kind = afterKind;
          end = after.index + after[0].length;
          next += 2;
          continue;
        }
        break;
      }
      if (!continues(kind, candidateKind, joiner)) break;
      run.push(candidate[0].toLowerCase());
      kind = candidateKind;
      end = candidate.index + candidate[0].length;
      next += 1;
    }
    out += text.slice(cursor, first.index) + String(numberValue(run));
    cursor = end;
    index = next;
  }
  return out + text.slice(cursor);
}

function numberValue(words: string[]): number {
  let total = 0;
  let current = 0;
  for (const word of words) {
    const multiplier = MULTIPLIERS[word];
    if (multiplier === undefined) current += wordValue(word) ?? 0;
    else if (multiplier === 100) current = (current || 1) * 100;
    else {
      total += (current || 1) * multiplier;
      current = 0;
    }
  }
  return total + current;
}

const CHINESE_DIGITS: Record<string, number> = {
  零: 0,
  一: 1,
  二: 2,
  两: 2,
  三: 3,
  四: 4,
  五: 5,
  六: 6,
  七: 7,
  八: 8,
  九: 9,
};
const CHINESE_UNITS: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** "一百二十五" → 125, "十二" → 12 (up to the thousands; 万 is left alone). */
export function replaceChineseNumerals(text: string): string {
  return text.replace(/[零一二两三四五六七八九十百千]+/g, (run) => {
    let total = 0;
    let digit = 0;
    for (const char of run) {
      const value = CHINESE_DIGITS[char];
      if (value !== undefined) digit = value;
      else {
        total += (digit || 1) * (CHINESE_UNITS[char] ?? 1);
        digit = 0;
      }
    }
    return String(total + digit);
  });
}
