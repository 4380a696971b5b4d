/**
 * Estimates how deep a page's tags nest, from its source, before any parser sees it.
 * HTML tree builders are superlinear in nesting depth (parse5 takes ~15 s for 50,000
 * nested <div>s, well inside the 2 MiB cap), so a deep page is refused up front.
 * Elements that close implicitly (<p>, <li>, <td>, …) and void elements are not counted,
 * and comments, scripts and styles are skipped, so ordinary sloppy HTML scores low.
 * One forward scan with indexOf: linear even for hostile input (no backtracking regex).
 */
const VOID = new Set("area base br col embed hr img input link meta param source track wbr".split(" "));
const IMPLICIT_CLOSE = new Set(
  "p li dt dd option optgroup tr td th thead tbody tfoot colgroup caption rb rt rp rtc html head body".split(" "),
);
const RAW_TEXT = ["script", "style", "textarea", "title"];
const TAG_NAME = /^<(\/?)([a-z][a-z0-9-]*)/;
/**
 * Formatting elements (HTML's "list of active formatting elements"): left unclosed, the
 * parser re-creates every one of them for each later block that holds text (adoption
 * agency / reconstruction), so 1,000 stray <b>s followed by 1,000 <p>s build 1,000,000
 * elements from 18 KB of source.
 */
const FORMATTING = new Set("a b big code em font i nobr s small strike strong tt u".split(" "));
/** Only one <a> or <nobr> stays active: a new one first closes the previous one. */
const SINGLE_ACTIVE = new Set(["a", "nobr"]);
/** Elements that put a scope marker on that list: formatting opened inside them ends with them. */
const MARKERS = new Set("td th caption applet marquee object template".split(" "));
const CELLS = new Set(["td", "th"]);
const FORMATTING_LOOKBACK = 64;
/** Start and end tags that close an open table cell implicitly. */
const CLOSES_CELL_START = new Set(["td", "th", "tr"]);
const CLOSES_CELL_END = new Set(["tr", "table", "tbody", "thead", "tfoot"]);

/** What one forward scan of a page's source says about the work its parse would do. */
export interface SourceScan {
  /** Deepest estimated nesting of explicitly closed elements. */
  nesting: number;
  /** Start tags seen (outside comments and raw text). */
  startTags: number;
  /** Most formatting elements left open at once (within one table cell or other marker scope). */
  openFormatting: number;
  /**
   * Upper estimate of elements the parser re-creates for open formatting elements: each end
   * tag that may pop them counts all of them, as if each were then reconstructed.
   */
  reconstructed: number;
}

export function estimateNesting(body: Buffer): number {
  return scanSource(body).nesting;
}

export function scanSource(body: Buffer): SourceScan {
  // latin1 keeps every byte as one character; tag names are ASCII in any ASCII-compatible encoding.
  const source = body.toString("latin1").toLowerCase();
  let depth = 0;
  let max = 0;
  let startTags = 0;
  let openFormatting = 0;
  let reconstructed = 0;
  // Active formatting names, with marker names (prefixed "|") where a marker scope starts.
  const active: string[] = [];
  const markers: number[] = [];
  const scopeStart = () => markers[markers.length - 1] ?? 0;
  const clearToMarker = () => {
    const marker = markers.pop();
    if (marker !== undefined) active.length = marker - 1;
  };
  const removeLast = (name: string) => {
    // Bounded look-back keeps hostile input ("<b>" × 100,000 then "</i>" × 100,000) linear;
    // a page with that many open formatting elements is refused by the caller anyway.
    const stop = Math.max(scopeStart(), active.length - FORMATTING_LOOKBACK);
    for (let i = active.length - 1; i >= stop; i -= 1) {
      if (active[i] === name) {
        active.splice(i, 1);
        return;
      }
    }
  };
  let at = source.indexOf("<");
  let nextClose = -2;
  while (at !== -1) {
    if (source.startsWith("<!--", at)) {
      const end = source.indexOf("-->", at + 4);
      at = end === -1 ? -1 : source.indexOf("<", end + 3);
      continue;
    }
    // The next ">" is found once and reused while it lies ahead, so hostile input
    // ("<a<a<a…", no ">" at all) cannot make the scan quadratic.
    if (nextClose < at) nextClose = source.indexOf(">", at);
    if (nextClose === -1) break;
    const close = nextClose;
    const match = TAG_NAME.exec(source.slice(at, at + 64));
    if (!match) {
      at = source.indexOf("<", at + 1);
      continue;
    }
    const [, slash, name = ""] = match;
    let next = close + 1;
    const lastMarker = active[scopeStart() - 1];
    const inCell = markers.length > 0 && lastMarker !== undefined && CELLS.has(lastMarker.slice(1));
    if (slash === "/") {
      if (!VOID.has(name) && !IMPLICIT_CLOSE.has(name)) depth = Math.max(0, depth - 1);
      if (FORMATTING.has(name)) {
        removeLast(name);
      } else {
        if (MARKERS.has(name) || (inCell && CLOSES_CELL_END.has(name))) clearToMarker();
        // Closing a container may pop the formatting elements opened inside it.
        reconstructed += active.length - scopeStart();
      }
    } else {
      startTags += 1;
      if (inCell && CLOSES_CELL_START.has(name)) clearToMarker();
      if (MARKERS.has(name)) {
        markers.push(active.length + 1);
        active.push(`|${name}`);
      } else if (FORMATTING.has(name)) {
        if (SINGLE_ACTIVE.has(name)) removeLast(name);
        active.push(name);
        openFormatting = Math.max(openFormatting, active.length - scopeStart());
      }
      if (RAW_TEXT.includes(name)) {
        // Raw text (a script's "<div>" strings) is not markup: jump past its end tag.
        const end = source.indexOf(`</${name}`, next);
        next = end === -1 ? source.length : end;
      } else if (!VOID.has(name) && !IMPLICIT_CLOSE.has(name) && source[close - 1] !== "/") {
        depth += 1;
        if (depth > max) max = depth;
      }
    }
    at = source.indexOf("<", next);
  }
  return { nesting: max, startTags, openFormatting, reconstructed };
}
