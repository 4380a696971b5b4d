import type { CheerioAPI } from "cheerio";
import type { Element } from "domhandler";
import { isElement } from "../dom";
import { memberSelector } from "./selector";
import { hasTitle, shapeOf, similarity, type PageMeasures } from "./shape";

/**
 * A product grid laid out in rows: the detected "records" are the rows (each holds the most
 * text), while the records a person means are the cards inside them. Rows are containers of
 * records when each holds two or more children of one kind that carry a title, and the
 * children of all rows are alike; then the cards, across all rows, are the list.
 */

/** Shape similarity at which two cards are of one kind. */
const SAME_CARD = 0.5;
/** Share of the cards that must carry a title (a heading or a link of a few words). */
const TITLED_CARDS = 0.8;

export interface GridCards {
  selector: string;
  items: Element[];
}

export function cardsOfRows(
  $: CheerioAPI,
  rowSelector: string,
  rows: readonly Element[],
  measures: PageMeasures,
): GridCards | null {
  // Table rows hold cells, not records.
  if (rows.some((row) => row.tagName === "tr")) return null;
  const cards: Element[] = [];
  for (const row of rows) {
    const children = row.children.filter(isElement).filter((child) => (measures.text.get(child) ?? 0) > 0);
    if (children.length < 2) return null;
    cards.push(...children);
  }
  const first = cards[0];
  if (!first || cards.some((card) => card.tagName !== first.tagName)) return null;
  const model = shapeOf(first);
  if (cards.some((card) => similarity(model, shapeOf(card)) < SAME_CARD)) return null;
  if (cards.filter((card) => hasTitle(card, measures)).length < TITLED_CARDS * cards.length) return null;
  const selector = `${rowSelector} > ${memberSelector(cards)}`;
  let found: Element[];
  try {
    found = $(selector).toArray() as Element[];
  } catch {
    return null;
  }
  const wanted = new Set(cards);
  return found.length === cards.length && found.every((element) => wanted.has(element))
    ? { selector, items: cards }
    : null;
}
