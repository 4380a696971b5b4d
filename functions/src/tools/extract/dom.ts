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
 * An element's visible text and first link, reading at most `maxChars` characters and
 * `maxNodes` nodes of its subtree (items are short; a huge container is not an item).
 */
export function scanElement(root: Element, maxChars = 600, maxNodes = 2_000): { text: string; href?: string } {
  let text = "";
  let href: string | undefined;
  let visited = 0;
  const stack: AnyNode[] = [root];
  for (let node = stack.pop(); node && visited < maxNodes; node = stack.pop()) {
    visited += 1;
    if (node.type === "text" && "data" in node) {
      if (text.length < maxChars) text += ` ${node.data}`;
    } else if (isElement(node)) {
      if (node.tagName === "script" || node.tagName === "style") continue;
      if (href === undefined && node.tagName === "a" && node.attribs.href) href = node.attribs.href;
      const children = node.children;
      for (let i = children.length - 1; i >= 0; i -= 1) {
        const child = children[i];
        if (child) stack.push(child);
      }
    }
    if (text.length >= maxChars && href !== undefined) break;
  }
  return { text, ...(href !== undefined ? { href } : {}) };
}
