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

export function estimateNesting(body: Buffer): number {
  // latin1 keeps every byte as one character; tag names are ASCII in any ASCII-compatible encoding.
  const source = body.toString("latin1").toLowerCase();
  let depth = 0;
  let max = 0;
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
    if (slash === "/") {
      if (!VOID.has(name) && !IMPLICIT_CLOSE.has(name)) depth = Math.max(0, depth - 1);
    } else if (RAW_TEXT.includes(name)) {
      // Raw text (a script's "<div>" strings) is not markup: jump past its end tag.
      const end = source.indexOf(`</${name}`, next);
      next = end === -1 ? source.length : end;
    } else if (!VOID.has(name) && !IMPLICIT_CLOSE.has(name) && source[close - 1] !== "/") {
      depth += 1;
      if (depth > max) max = depth;
    }
    at = source.indexOf("<", next);
  }
  return max;
}
