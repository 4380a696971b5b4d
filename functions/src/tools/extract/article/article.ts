import { Readability } from "@mozilla/readability";
// The slim build parses with htmlparser2: Readability's output is well-formed, and this is faster than parse5.
import { load } from "cheerio/slim";
import type { AnyNode } from "domhandler";
import { parseHTML } from "linkedom";
import { isBoilerplateBlock, pruneBoilerplate, type PrunableDocument } from "./boilerplate";
import { INVISIBLE, isElement, readableText } from "../dom";

/**
 * Article mode: the main text of a page, found by Mozilla Readability (the engine of Firefox's
 * Reader View) on a linkedom DOM, then written out as blocks (headings, paragraphs, list
 * items, quotes, code, table rows) and as Markdown, so headings and lists survive.
 */
export type BlockKind = "heading" | "paragraph" | "list_item" | "quote" | "code" | "row";

export interface ArticleBlock {
  kind: BlockKind;
  text: string;
  /** Headings: 1–6. */
  level?: number;
}

export interface Article {
  title: string | null;
  byline: string | null;
  site_name: string | null;
  published_time: string | null;
  lang: string | null;
  excerpt: string | null;
  blocks: number;
  markdown: string;
  /** Blocks separated by blank lines. */
  text: string;
}

const HEADING = /^h([1-6])$/;
/** Elements whose content is one line of its own (their boundaries end the running paragraph). */
const BLOCK_TAGS = new Set(
  "address article aside blockquote dd details div dl dt fieldset figcaption figure footer form header hr li main nav ol p section summary table tbody thead tfoot ul".split(
    " ",
  ),
);

/** Walks the article's HTML, collecting inline text into the current block until a block boundary. */
function toBlocks(html: string): ArticleBlock[] {
  const $ = load(html);
  const blocks: ArticleBlock[] = [];
  const seen = new Set<string>();
  let buffer = "";
  let linkChars = 0;
  const push = (block: ArticleBlock, links: number) => {
    if (!isBoilerplateBlock(block.text, links, seen)) blocks.push(block);
  };
  const flush = (kind: BlockKind) => {
    const text = buffer.replace(/\s+/g, " ").trim();
    if (text) push({ kind, text }, linkChars);
    buffer = "";
    linkChars = 0;
  };
  const walk = (node: AnyNode, kind: BlockKind, inLink = false): void => {
    if (node.type === "text" && "data" in node) {
      buffer += node.data;
      if (inLink) linkChars += node.data.replace(/\s+/g, " ").length;
      return;
    }
    if (!isElement(node) || INVISIBLE.has(node.tagName)) return;
    const tag = node.tagName;
    const heading = HEADING.exec(tag);
    if (heading) {
      flush(kind);
      const text = readableText(node, 1_000);
      if (text) push({ kind: "heading", text, level: Number(heading[1]) }, 0);
    } else if (tag === "pre") {
      flush(kind);
      const code = $(node)
        .text()
        .replace(/^\n+|\s+$/g, "");
      if (code) push({ kind: "code", text: code }, 0);
    } else if (tag === "tr") {
      flush(kind);
      const cells = node.children.filter(isElement).map((cell) => readableText(cell, 500));
      if (cells.some(Boolean)) push({ kind: "row", text: cells.join(" | ") }, 0);
    } else if (tag === "br") {
      buffer += " ";
    } else if (BLOCK_TAGS.has(tag)) {
      const inner: BlockKind = tag === "li" ? "list_item" : tag === "blockquote" ? "quote" : kind;
      flush(kind);
      for (const child of node.children) walk(child, inner, inLink);
      flush(inner);
    } else {
      for (const child of node.children) walk(child, kind, inLink || tag === "a");
    }
  };
  const root = $.root().get(0);
  if (root) for (const child of root.children) walk(child, "paragraph");
  flush("paragraph");
  return blocks;
}

function markdownOf(block: ArticleBlock): string {
  switch (block.kind) {
    case "heading":
      return `${"#".repeat(block.level ?? 2)} ${block.text}`;
    case "list_item":
      return `- ${block.text}`;
    case "quote":
      return `> ${block.text}`;
    case "code":
      return `\`\`\`\n${block.text}\n\`\`\``;
    default:
      return block.text;
  }
}

const clean = (value: string | null | undefined) => value?.replace(/\s+/g, " ").trim() || null;

/**
 * The members of linkedom's document used here. Its published types name the DOM lib's
 * `Document`, which the server program does not load (that lib would let any server module
 * use browser globals), so the members called here are spelled out.
 */
interface LinkedDocument {
  createElement(tag: "base"): { setAttribute(name: string, value: string): void };
  head: { prepend(node: unknown): void } | null;
}

/** The page's article, or null when Readability finds no main text. */
export function extractArticle(html: string, url: URL): Article | null {
  const { document } = parseHTML(html);
  const page = document as unknown as LinkedDocument;
  // Readability resolves relative links against the document's URL; linkedom has none of its own.
  const base = page.createElement("base");
  base.setAttribute("href", url.href);
  page.head?.prepend(base);
  pruneBoilerplate(document as unknown as PrunableDocument);
  const parsed = new Readability(document).parse();
  if (!parsed?.content) return null;
  const blocks = toBlocks(parsed.content);
  if (blocks.length === 0) return null;
  return {
    title: clean(parsed.title),
    byline: clean(parsed.byline),
    site_name: clean(parsed.siteName),
    published_time: clean(parsed.publishedTime),
    lang: clean(parsed.lang),
    excerpt: clean(parsed.excerpt),
    blocks: blocks.length,
    markdown: blocks.map(markdownOf).join("\n\n"),
    text: blocks.map((block) => block.text).join("\n\n"),
  };
}
