import type { CheerioAPI } from "cheerio";
import type { Element } from "domhandler";
import { classList } from "../dom";

/**
 * The CSS selector of a detected list: matches its items and nothing else on the page, and
 * keeps matching the same list on the site's next pages. So it is anchored on a stable
 * ancestor (an id or class), not on an unclassed parent (`tbody > tr` would also take the rows
 * of every other table), and it names the items only by what all of them share (a list with
 * `odd` / `even` or per-item `post-477` classes is one list).
 */

/** Classes and ids that are CSS-safe and look stable (no run of 3+ digits, as generated ids have). */
function stableName(name: string): boolean {
  return /^[A-Za-z_][\w-]*$/.test(name) && !/\d{3}/.test(name) && name.length <= 40;
}

/** Classes that mark a state or an alternation, not a kind of element. */
const STATE_CLASSES = /^(odd|even|alt|first|last|active|current|selected|hover|open|closed|hidden|clearfix|row-?\d+)$/i;

function classesOf(element: Element): string[] {
  return classList(element).filter((name) => stableName(name) && !STATE_CLASSES.test(name));
}

/** `tag.a.b` for the classes every member has (at most two), in the first member's order. */
export function memberSelector(members: readonly Element[]): string {
  const first = members[0];
  if (!first) return "*";
  const shared = classesOf(first).filter((name) => members.every((member) => classList(member).includes(name)));
  return `${first.tagName}${shared
    .slice(0, 2)
    .map((name) => `.${name}`)
    .join("")}`;
}

/** The simple selector of an ancestor, or null when it has no stable id or class to anchor on. */
function anchorPart(element: Element): string | null {
  const id = element.attribs.id;
  if (id && stableName(id)) return `#${id}`;
  const classes = classesOf(element).slice(0, 2);
  return classes.length ? `${element.tagName}${classes.map((name) => `.${name}`).join("")}` : null;
}

function matches($: CheerioAPI, selector: string): Element[] | null {
  try {
    return $(selector).toArray() as Element[];
  } catch {
    return null;
  }
}

/** How many ancestors up a selector may reach for an anchor. */
const MAX_ANCHOR_HOPS = 6;

/**
 * Candidates from the tightest anchor outwards; the first that matches exactly the items the
 * member part matches under `parent` wins. When none does, the one matching fewest extra
 * elements is returned (the caller's items stay right on this page; later pages may differ).
 */
export function listSelector($: CheerioAPI, parent: Element, members: readonly Element[]): string {
  const member = memberSelector(members);
  const wanted = new Set<Element>($(parent).children(member).toArray());
  const candidates: string[] = [];
  let path: string[] = [];
  let node: Element | null = parent;
  for (let hop = 0; node && hop < MAX_ANCHOR_HOPS && node.tagName !== "html"; hop += 1) {
    const anchor = anchorPart(node);
    // Shortest first: a descendant combinator from the anchor, then the parent's tag, then the full chain.
    if (anchor && path.length > 0)
      candidates.push(`${anchor} ${member}`, `${anchor} ${[...path.slice(-1), member].join(" > ")}`);
    if (anchor) candidates.push([anchor, ...path, member].join(" > "));
    path = [node.tagName, ...path];
    node = node.parent && "tagName" in node.parent ? node.parent : null;
  }
  candidates.push([...path.slice(-2), member].join(" > "));
  let best: { selector: string; extra: number } | null = null;
  for (const selector of candidates) {
    const found = matches($, selector);
    if (!found) continue;
    const hits = found.filter((element) => wanted.has(element)).length;
    if (hits < wanted.size) continue;
    const extra = found.length - hits;
    if (extra === 0) return selector;
    if (!best || extra < best.extra) best = { selector, extra };
  }
  return best?.selector ?? `${parent.tagName} > ${member}`;
}
