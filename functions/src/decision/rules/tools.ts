/** What the tools can do, in the words a refusal shows a person. */
export const TOOLS_SENTENCE =
  "the tools are calculate (arithmetic and unit conversions), web_search (questions for the web), " +
  "web_extract (reading a given page)";

/** A reason for a refusal: what cannot be done, and what can. */
export function refusalReason(cannot: string): string {
  return `${cannot}; ${TOOLS_SENTENCE}`;
}
