/** The search query: the objective without polite openings and closing punctuation. */
const OPENING =
  /^(?:please|pls|can you|could you|would you|tell me|i want to know|i'd like to know|search(?: the web)? for|look up|google|find out|bitte|suche(?: nach)?|cherche|recherche|busca|por favor|请|帮我(?:查|搜)?(?:一下)?|搜索|查一下)[\s,:：]*/iu;
const CLOSING = /[\s,]*(?:please|bitte|s'il (?:te|vous) plaît|por favor)?[\s?？!！.。]*$/iu;

export function searchQuery(objective: string): string {
  let query = objective.trim();
  for (let previous = ""; previous !== query;) {
    previous = query;
    query = query.replace(OPENING, "");
  }
  query = query.replace(CLOSING, "").trim();
  return query === "" ? objective.trim() : query;
}
