/**
 * What pagination links say, in the languages the web is written in. A label is lowercased,
 * trimmed of arrows and punctuation, then looked up whole: "Next →", "Next>>", "Вперёд »" and
 * "次のページ" all become one of these words. Looking labels up whole, not searching inside
 * them, is what keeps "Read more" or "Next week's menu" from counting.
 */

/** Labels of a link to the next page. */
export const NEXT_WORDS = new Set([
  // English, and the blog convention ("older posts" continue the list)
  "next",
  "next page",
  "next results",
  "next entries",
  "older",
  "older posts",
  "older entries",
  "older articles",
  "older stories",
  "more results",
  "show more",
  "load more",
  "view more",
  "forward",
  "continued",
  "nxt",
  // Western European
  "siguiente",
  "siguientes",
  "página siguiente",
  "próxima",
  "próximo",
  "próxima página",
  "seguinte",
  "suivant",
  "suivante",
  "page suivante",
  "weiter",
  "nächste",
  "nächste seite",
  "vorwärts",
  "volgende",
  "volgende pagina",
  "successivo",
  "successiva",
  "pagina successiva",
  "prossima",
  "prossimo",
  "avanti",
  "næste",
  "nästa",
  "neste",
  "seuraava",
  // Central and Eastern European
  "następna",
  "następna strona",
  "dalej",
  "další",
  "další stránka",
  "ďalšia",
  "következő",
  "următoarea",
  "sonraki",
  "ileri",
  "следующая",
  "следующая страница",
  "следующие",
  "след",
  "далее",
  "вперёд",
  "вперед",
  "наступна",
  "далі",
  "επόμενη",
  "επόμενο",
  // Asian and others
  "下一页",
  "下一頁",
  "下页",
  "下頁",
  "后页",
  "次へ",
  "次",
  "次のページ",
  "次のページへ",
  "次ページ",
  "次の",
  "다음",
  "다음 페이지",
  "ถัดไป",
  "tiếp",
  "tiếp theo",
  "berikutnya",
  "selanjutnya",
  "التالي",
  "بعدی",
  "صفحه بعد",
  "صفحه بعدی",
  "التالية",
  "הבא",
  "הבאה",
  "अगला",
]);

/** Labels of a link backwards or to an end of the list: never the next page. */
export const NOT_NEXT_WORDS = new Set([
  "prev",
  "previous",
  "previous page",
  "back",
  "newer",
  "newer posts",
  "newer entries",
  "first",
  "last",
  "first page",
  "last page",
  "end",
  "anterior",
  "anteriores",
  "página anterior",
  "précédent",
  "précédente",
  "page précédente",
  "zurück",
  "vorherige",
  "erste",
  "letzte",
  "vorige",
  "precedente",
  "precedenti",
  "indietro",
  "poprzednia",
  "předchozí",
  "предыдущая",
  "назад",
  "пред",
  "первая",
  "последняя",
  "上一页",
  "上一頁",
  "上页",
  "前页",
  "首页",
  "尾页",
  "末页",
  "前へ",
  "前",
  "前のページ",
  "最初",
  "最後",
  "이전",
  "السابق",
  "الأولى",
  "الأخيرة",
  "قبلی",
  "پیش",
  "صفحه قبل",
  "نخست",
  "آخر",
  "הקודם",
]);

/** Arrows and symbols that point forward, alone or beside a word. */
const FORWARD = /^(?:>|>>|›|››|»|→|⟶|⇒|⇨|➔|➜|➝|❯|▶|►|▸|⟩|〉|≫|⏩|\.\.\.>)$/u;
/** Symbols that point backward or to an end (« ‹ ← |< >|). */
const BACKWARD_OR_END = /[<‹«←⟵⇐❮◀◄◂⟨〈≪⏪|]|»»|>>\||⏭/u;

/** Arrows, brackets, quotes and punctuation trimmed from both ends of a label. */
const TRIM =
  /^[\s<>‹›«»←→⟶⇒⇨➔➜➝❮❯◀▶►▸◂◄⟨⟩〈〉≪≫⏩⏪|.,:;!?()[\]{}"'“”‘’·•…\-–—_*~+]+|[\s<>‹›«»←→⟶⇒⇨➔➜➝❮❯◀▶►▸◂◄⟨⟩〈〉≪≫⏩⏪|.,:;!?()[\]{}"'“”‘’·•…\-–—_*~+]+$/gu;

export type LabelMeaning = "next" | "forward_arrow" | "more" | "not_next" | "number" | "none";

/** "More upcoming events", "See more news": more of the same list, when the URL agrees. */
const MORE = /^(?:(?:see|view|show|load|read) )?more(?: [\p{L}]+){0,3}$/u;

/** What a link's visible text, aria-label or title says about where it leads. */
export function labelMeaning(raw: string): LabelMeaning {
  // "Next Page - Results 21 to 40 of 201": the part before a dash or colon is the label.
  const label = (
    raw
      .replace(/\s+/g, " ")
      .trim()
      .toLowerCase()
      .split(/\s[-–—:|]\s/)[0] ?? ""
  ).trim();
  if (!label || label.length > 40) return "none";
  const words = label.replace(TRIM, "").trim();
  if (!words) {
    const compact = label.replace(/\s+/g, "");
    if (FORWARD.test(compact)) return "forward_arrow";
    return BACKWARD_OR_END.test(compact) ? "not_next" : "none";
  }
  if (NEXT_WORDS.has(words) || /^next \d+(?: \p{L}+)?$/u.test(words))
    return BACKWARD_OR_END.test(label.replace(words, "")) ? "none" : "next";
  if (NOT_NEXT_WORDS.has(words)) return "not_next";
  if (/^\d{1,5}$/.test(words)) return "number";
  if (MORE.test(words) && !words.startsWith("read")) return "more";
  return "none";
}
