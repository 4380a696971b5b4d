/**
 * Objectives written for these tests (not the shared labelled set), one list per kind, with
 * what the rules must decide: calculate with the value the expression is worth, a page to read
 * (and article mode), a search, or a refusal.
 */
export type Expected =
  | { tool: "calculate"; value: number }
  | { tool: "web_extract"; url: string; article?: boolean }
  | { tool: "web_search" }
  | { tool: null };

export type Case = [objective: string, expected: Expected];

const calc = (value: number): Expected => ({ tool: "calculate", value });
const page = (url: string, article = false): Expected => ({ tool: "web_extract", url, article });
const search: Expected = { tool: "web_search" };
const refused: Expected = { tool: null };

export const KINDS: Record<string, Case[]> = {
  "percentages in every phrasing": [
    ["What's 20% of 350?", calc(70)],
    ["calculate 12.5 percent of 8,000", calc(1000)],
    ["How much is a 15% tip on a $42 dinner?", calc(6.3)],
    ["Total bill with 20% tip on $85", calc(102)],
    ["A $250 jacket is 30% off, what is the final price?", calc(175)],
    ["How much do I save with 25% off $80?", calc(20)],
    ["Raise 1,200 by 8%", calc(1296)],
    ["Reduce 500 by 12%", calc(440)],
    ["Sales went from 200 to 250; what is the percentage increase?", calc(25)],
    ["What is the percent decrease from 80 to 60?", calc(25)],
    ["45 is what percent of 180?", calc(25)],
    ["What percentage of 400 is 50?", calc(12.5)],
    ["Split $96 between 4 people", calc(24)],
    ["Divide 150 euros among 3 friends", calc(50)],
  ],
  "lists, powers, roots and functions": [
    ["Average of 10, 20, 30 and 40", calc(25)],
    ["What is the mean of 3, 7 and 11?", calc(7)],
    ["Add up 12, 30 and 58", calc(100)],
    ["Product of 4, 5 and 6", calc(120)],
    ["What is 5 to the power of 4?", calc(625)],
    ["9 squared minus 4 cubed", calc(17)],
    ["square root of 81", calc(9)],
    ["sqrt(3) * 100", calc(Math.sqrt(3) * 100)],
    ["What is 2^16?", calc(65536)],
    ["(12 + 8) * 3 - 4 / 2", calc(58)],
    ["remainder when 100 is divided by 7", calc(2)],
    ["cube root of 125", calc(5)],
  ],
  "number words in five languages": [
    ["what is twenty-five times four", calc(100)],
    ["seven plus eight", calc(15)],
    ["one hundred divided by four", calc(25)],
    ["Was ist sieben mal acht?", calc(56)],
    ["Combien font neuf fois six ?", calc(54)],
    ["¿Cuánto es cinco más tres?", calc(8)],
    ["计算 三 乘以 七", calc(21)],
  ],
  "units and currency amounts": [
    ["10 km in miles", calc(10 / 1.609344)],
    ["Convert 100°F to Celsius", calc(((100 - 32) * 5) / 9)],
    ["How many ounces is 2 kg?", calc(2000 / 28.349523125)],
    ["6 feet to meters", calc(1.8288)],
    ["Convert 3 liters to gallons", calc(3 / 3.785411784)],
    ["Rechne 5 Meilen in Kilometer um", calc(8.04672)],
    ["What's $12.40 + $7.60?", calc(20)],
    ["Total of €3.20, €4.80 and €2", calc(10)],
    ["A gym costs $30 a month, how much per year?", calc(360)],
  ],
  "decimal commas and thousands separators by locale": [
    ["1,5 + 2,25", calc(3.75)],
    ["Berechne 1.234,5 + 0,5", calc(1235)],
    ["What is 10% of 12,500?", calc(1250)],
    ["Teile 90,30 € durch 3", calc(30.1)],
    ["Sum of 2,000, 3,500 and 500", calc(6000)],
  ],
  "never arithmetic: dates, times, phones, versions, ranges, scores, names": [
    ["Events in London on 2025-03-14", search],
    ["What happened on 11/9/2001?", search],
    ["Flights to Rome on 15.06.2025", search],
    ["Bus from Leeds to York at 8:15", search],
    ["Whose number is +44 20 7946 0958?", search],
    ["Is 1-888-555-0100 a scam?", search],
    ["Python 3.12 new features", search],
    ["Galaxy S24 battery life", search],
    ["Llama-3 70B benchmark", search],
    ["World Cup winners 1998-2018", search],
    ["Real Madrid 3-2 Barcelona recap", search],
    ["Who directed 2001: A Space Odyssey?", search],
    ["What is the 50/30/20 budget rule", search],
    ["Best 4K monitors under 500 dollars", search],
    ["Tell me about Route 66", search],
  ],
  "currency conversions need a live rate": [
    ["Convert 250 euros to dollars", search],
    ["How much is 50 GBP in USD?", search],
    ["EUR to JPY rate today", search],
  ],
  "URLs with and without a scheme": [
    ["Get the titles from quotes.toscrape.com", page("https://quotes.toscrape.com")],
    ["List the jobs on www.example.org/careers.", page("https://www.example.org/careers")],
    ["Scrape prices from shop.example.com.au/sale, then sort them", page("https://shop.example.com.au/sale")],
    [
      "Read https://en.wikipedia.org/wiki/Python_(programming_language).",
      page("https://en.wikipedia.org/wiki/Python_(programming_language)", true),
    ],
    ["What is listed at https://example.com/items!", page("https://example.com/items")],
    ["抓取 https://example.cn/list，并列出标题", page("https://example.cn/list")],
    ["Compare 'https://a.example.com/x' with https://b.example.com/y", page("https://a.example.com/x")],
    ["Is https://github.com down?", search],
    ["Who owns example.net?", search],
  ],
  "article mode in five languages": [
    ["Summarize https://blog.example.com/post/42", page("https://blog.example.com/post/42", true)],
    ["tldr https://example.com/story", page("https://example.com/story", true)],
    ["Get the main text of https://news.example.com/a/1", page("https://news.example.com/a/1", true)],
    ["Fasse https://www.zeit.de/artikel/123 zusammen", page("https://www.zeit.de/artikel/123", true)],
    ["Résume https://www.example.fr/actu/9", page("https://www.example.fr/actu/9", true)],
    ["Resume el artículo https://elpais.com/x/1.html", page("https://elpais.com/x/1.html", true)],
    ["总结一下 https://example.com/news/7 的内容", page("https://example.com/news/7", true)],
    ["List the articles on https://blog.example.com", page("https://blog.example.com")],
  ],
  "questions for the web": [
    ["Who won the Nobel Prize in Physics last year?", search],
    ["How tall is the Eiffel Tower?", search],
    ["Wer ist der Bundeskanzler?", search],
    ["Meilleurs films de 2023", search],
    ["¿Dónde está Machu Picchu?", search],
    ["上海明天会下雨吗", search],
  ],
  "refusals: what no tool can do": [
    ["hello there", refused],
    ["Thank you!", refused],
    ["okay", refused],
    ["testing", refused],
    ["jkjkjk hjkl", refused],
    ["Email my boss that I'm sick", refused],
    ["Send a text to Maria", refused],
    ["Call +1 212 555 0100", refused],
    ["Set an alarm for 7am", refused],
    ["Buy me a pair of running shoes", refused],
    ["Send $50 to Tom", refused],
    ["Play the new Taylor Swift album", refused],
    ["Generate an image of a dragon", refused],
    ["Write a short story about a robot", refused],
    ["Bonjour", refused],
    ["Danke schön", refused],
    ["Hola, ¿qué tal?", refused],
    ["谢谢", refused],
    ["Écris une chanson sur Paris", refused],
  ],
};
