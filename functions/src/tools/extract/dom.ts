import type { AnyNode, Element } from "domhandler";

/**
 * Linear-time walks over a parsed page. Everything here is iterative (a hostile page can
 * nest deeper than the JS stack) and bounded, because cheerio's own helpers (`text()`,
 * `closest()`, `find()`) re-walk subtrees and turn nested pages quadratic.
 */

export function isElement(node: AnyNode): node is Element {
  return "tagName" in node;
}

function childrenOf(node: AnyNode): AnyNode[] {
  return "children" in node ? node.children : [];
}

/**
 * Elements whose content is never visible text. `noscript` is here because the parser runs with
 * scripting on, so its content is one raw text node ("<img src=…>" markup, not an image).
 */
export const INVISIBLE = new Set(["script", "style", "noscript", "template", "head", "svg", "iframe", "object"]);

/**
 * Elements whose boundaries separate words: blocks, and the inline controls and links a page
 * spaces out with CSS ("By<a>Dave</a>" reads "By Dave"). Other inline boundaries do not
 * ("<b>4</b>.5" stays "4.5").
 */
const BREAK = new Set(
  "address article aside blockquote br dd div dl dt fieldset figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td tfoot th thead tr ul a button img input label select".split(
    " ",
  ),
);

/** Whether an element is hidden from readers by its own markup. */
export function isHidden(element: Element): boolean {
  const { attribs } = element;
  if (attribs.hidden !== undefined || attribs["aria-hidden"] === "true") return true;
  const style = attribs.style;
  return style !== undefined && /(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden)/i.test(style);
}

/** Every node under `root` (itself included) in document order, with its depth. */
export function preorder(root: AnyNode): { node: AnyNode; depth: number }[] {
  const out: { node: AnyNode; depth: number }[] = [];
  const stack: { node: AnyNode; depth: number }[] = [{ node: root, depth: 0 }];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    out.push(entry);
    const children = childrenOf(entry.node);
    for (let i = children.length - 1; i >= 0; i -= 1) {
      const child = children[i];
      if (child) stack.push({ node: child, depth: entry.depth + 1 });
    }
  }
  return out;
}

export function documentStats(root: AnyNode): { elements: number; maxDepth: number } {
  let elements = 0;
  let maxDepth = 0;
  for (const { node, depth } of preorder(root)) {
    if (!isElement(node)) continue;
    elements += 1;
    if (depth > maxDepth) maxDepth = depth;
  }
  return { elements, maxDepth };
}

/**
 * An element's readable text, whitespace-normalised, stopping once `maxChars` characters of
 * *normalised* text are read (raw indentation does not use up the budget) or `maxNodes` nodes
 * are visited. Script, style, noscript and hidden elements (and `skip`'s tags) are skipped; see BREAK for
 * where spaces go.
 */
export function readableText(
  root: AnyNode,
  maxChars = 600,
  maxNodes = 4_000,
  skip: ReadonlySet<string> = INVISIBLE,
): string {
  const parts: string[] = [];
  let length = 0;
  let visited = 0;
  // A null entry marks the end of a block element: a space goes there.
  const stack: (AnyNode | null)[] = [root];
  for (let node = stack.pop(); node !== undefined && visited < maxNodes && length < maxChars; node = stack.pop()) {
    if (node === null) {
      parts.push(" ");
      continue;
    }
    visited += 1;
    if (node.type === "text" && "data" in node) {
      parts.push(node.data);
      length += normalisedLength(node.data) + 1;
    } else if (isElement(node)) {
      if (skip.has(node.tagName) || isHidden(node)) continue;
      const block = BREAK.has(node.tagName);
      if (block) {
        parts.push(" ");
        stack.push(null);
      }
      if (node.tagName === "img" && node !== root) continue;
      for (let i = node.children.length - 1; i >= 0; i -= 1) {
        const child = node.children[i];
        if (child) stack.push(child);
      }
    }
  }
  return parts.join("").replace(/\s+/g, " ").trim();
}

const isSpace = (code: number) => code === 32 || (code >= 9 && code <= 13) || code === 160;

/**
 * The length of `text` with whitespace runs collapsed to one space and the ends trimmed, as
 * `text.replace(/\s+/g, " ").trim().length` (ASCII whitespace and no-break space), without
 * building the string: it runs for every text node of a page.
 */
export function normalisedLength(text: string): number {
  let length = 0;
  let pendingSpace = false;
  for (let i = 0; i < text.length; i += 1) {
    if (isSpace(text.charCodeAt(i))) {
      pendingSpace = length > 0;
    } else {
      length += pendingSpace ? 2 : 1;
      pendingSpace = false;
    }
  }
  return length;
}

/** Class names of an element. */
export function classList(element: Element): string[] {
  const value = element.attribs.class;
  return value ? value.split(/\s+/).filter(Boolean) : [];
}

/**
 * The words of a class or id name: split at "-", "_", digits and camelCase humps, lowercased.
 * "subNav" → ["sub", "nav"]; "lst-rw-even" → ["lst", "rw", "even"].
 */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z])([A-Z])/g, "$1 $2")
    .toLowerCase()
    .split(/[^a-z]+/)
    .filter(Boolean);
}
