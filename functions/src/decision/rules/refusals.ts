/**
 * What no tool can do: small talk, keyboard mashing, and actions in the world (send a
 * message, call, remind, order, pay, play media, draw, write creatively). Each refusal names
 * what cannot be done and what the tools can do, so the person knows what to ask instead.
 */
import { refusalReason } from "./tools";

interface Refusal {
  cannot: string;
  pattern: RegExp;
}

const START =
  "^(?:please\\s+|pls\\s+|can you\\s+|could you\\s+|bitte\\s+|kannst du\\s+|peux-tu\\s+|pouvez-vous\\s+|puedes\\s+|por favor\\s+|请|帮我)?";
const at = (body: string) => new RegExp(`${START}(?:${body})`, "iu");

const ACTIONS: Refusal[] = [
  {
    cannot: "no tool can send email or messages",
    pattern: at(
      "e-?mail\\s+(?:my|him|her|them|the)\\s|(?:text|message)\\s+(?:my|him|her|them)\\s|(?:send|write|draft|compose)\\s+(?:an?\\s+)?(?:e-?mail|mail|message|text|sms|whatsapp)|" +
        "(?:sende|schicke?|schreib(?:e)?)\\s+(?:\\p{L}+\\s+)?(?:eine?\\s+)?(?:e-?mail|nachricht|sms)|envoie\\s+(?:un\\s+)?(?:e-?mail|mail|message|sms|courriel)|" +
        "(?:envía|envia|manda)\\s+(?:un\\s+)?(?:correo|e-?mail|mensaje|sms)|发(?:送)?(?:一封)?(?:邮件|电子邮件|短信|消息)|给.+发(?:邮件|短信|消息)",
    ),
  },
  {
    cannot: "no tool can make phone calls",
    pattern: at(
      "(?:call|phone|dial)\\s+(?:\\+|\\(|\\d|me\\s+(?:at|on|back|now|tomorrow|tonight)\\b|my\\s|mom|mum|dad|him|her|them)|ruf\\w*\\s+\\p{L}+\\s+an|anrufen|appelle|llama\\s+a|llamar\\s+a|打电话|拨打|呼叫",
    ),
  },
  {
    cannot: "no tool can set reminders, alarms or calendar entries",
    pattern: at(
      "remind me (?:to|at|in|on|tomorrow|tonight|every|about)\\b|set (?:a |an )?(?:reminder|alarm|timer)|wake me|add .+ to (?:my )?calendar|schedule a (?:meeting|call)|" +
        "erinnere mich|stell(?:e)? (?:einen )?(?:wecker|timer)|rappelle-moi|mets un réveil|recuérdame|pon una alarma|提醒我|设置(?:一个)?(?:闹钟|提醒)",
    ),
  },
  {
    cannot: "no tool can order, buy or book anything",
    pattern: at(
      "(?:order|buy|purchase|get me)\\s+(?:a|an|me|some|the|\\d+|one|two|three)\\s|(?:order|buy|purchase)\\s+(?!(?:of|by|in|to|vs|versus|or)\\s)(?:\\p{L}+\\s+){1,3}?(?:for|from|online|delivered)(?:\\s|[.!]?$)|book (?:a|an|me|the)\\s|reserve (?:a|an)\\s|add .+ to (?:my )?cart|bestell|kauf(?:e)?\\s|buche\\s|commande|achète|réserve|pide\\s|compra\\s|reserva\\s|订(?:一|个|份)|买(?:一|个|份)|下单|预订",
    ),
  },
  {
    cannot: "no tool can transfer or pay money",
    pattern: at(
      "(?:transfer|wire|send|pay)\\s+(?:[$€£¥]\\s?\\d|\\d+(?:[.,]\\d+)?\\s*(?:[$€£¥]|dollars?|euros?|pounds?|usd|eur|gbp)|money|funds)|pay (?:my|the|our) (?:\\p{L}+\\s+){0,2}?(?:bill|rent|invoice|tax(?:es)?|fees?|loan|mortgage)|überweise|zahle\\s|vire|transfère|paie\\s|transfiere|paga\\s|转账|付款|汇款",
    ),
  },
  {
    cannot: "no tool can play music or videos",
    pattern: at(
      "play\\s+(?:some|me|a|an|the|music|songs?|my)\\s|spiele\\s|spiel mir|joue\\s+(?:de la|du|un|une|moi)|mets (?:de la|du) musique|pon (?:música|musica)|reproduce\\s|播放|放(?:一首|首|点)",
    ),
  },
  {
    cannot: "no tool can control devices or apps",
    pattern: at(
      "(?:turn|switch|shut)\\s+(?:on|off|up|down)\\s+(?:the|my|all)\\s|(?:turn|switch)\\s+(?:the|my)\\s+\\p{L}+\\s+(?:on|off)|(?:dim|lock|unlock|open|close)\\s+(?:the|my)\\s+(?:lights?|doors?|garage|windows?|blinds|curtains)|set (?:the|my) (?:thermostat|heating|temperature)|" +
        "mach\\w*\\s+(?:das|die|den)\\s+\\p{L}+\\s+(?:an|aus)|schalte\\s|allume|éteins|enciende|apaga\\s|打开(?:灯|空调)|关(?:掉|闭)?(?:灯|空调)",
    ),
  },
  {
    cannot: "no tool translates or writes text",
    pattern: at(
      "translate\\s|übersetze?\\s|tradu(?:is|isez|ce|zca)\\s|翻译|" +
        "(?:write|draft|compose|rewrite|paraphrase|proofread)\\s+(?:me\\s+|us\\s+)?(?:an?\\s+|my\\s+|the\\s+|some\\s+)?(?:\\p{L}+\\s+){0,2}?(?:letter|cover letter|cv|résumé|resume|bio|tweet|post|caption|paragraph|description|essay|speech|toast|reply|response|review|summary of my|outline|slogan|tagline|headline|product description|thank-you note|note|card|invitation)",
    ),
  },
  {
    cannot: "no tool can draw or generate images",
    pattern: at(
      "(?:draw|paint|sketch)\\s+(?:me|a|an|the|some)\\s|(?:generate|create|make|design)\\s+(?:me\\s+)?(?:an?\\s+)?(?:image|picture|photo|logo|illustration|drawing)|" +
        "zeichne|dessine|dibuja|pinta\\s|画(?:一|个|张|幅)",
    ),
  },
  {
    cannot: "no tool writes poems, stories or other creative text",
    pattern: at(
      "(?:write|compose|tell)\\s+(?:me\\s+)?(?:an?\\s+|some\\s+)?(?:\\p{L}+\\s+)?(?:poem|story|song|haiku|limerick|joke|essay|novel|speech|rap|lyrics)|" +
        "schreib(?:e)?\\s+(?:mir\\s+)?(?:ein(?:e|en)?\\s+)?(?:gedicht|geschichte|lied|witz|aufsatz)|erzähl\\w*\\s+(?:mir\\s+)?einen witz|" +
        "écris\\s+(?:moi\\s+)?(?:un|une)\\s+(?:poème|histoire|chanson|blague)|raconte\\s+(?:moi\\s+)?une blague|" +
        "escribe\\s+(?:me\\s+)?(?:un|una)\\s+(?:poema|historia|canción|cuento)|cuéntame un chiste|写.{0,3}(?:首|个|篇|段).{0,10}?(?:诗|故事|歌|小说|笑话)|讲个笑话",
    ),
  },
];

/** Chinese puts the person before the verb ("给妈妈打电话"), so these are not anchored at the start. */
const CHINESE_ACTIONS: Refusal[] = [
  { cannot: "no tool can make phone calls", pattern: /给.{1,12}打(?:个)?电话|打电话给/u },
  {
    cannot: "no tool can send email or messages",
    pattern: /给.{1,12}发(?:一封|个|条)?(?:邮件|电子邮件|短信|消息|微信)/u,
  },
  { cannot: "no tool can set reminders, alarms or calendar entries", pattern: /提醒我|设(?:置)?.{0,4}(?:闹钟|提醒)/u },
];

/** Words that are only conversation: greetings, thanks, acknowledgements, tests. */
const SMALL_TALK = new Set(
  (
    "hi hello hey heya hiya yo there good morning evening afternoon night thanks thank you thx ty cheers ok okay k kk " +
    "so much a lot many very again appreciate appreciated it ping pong alright awesome perfect got np " +
    "cool great nice yes no yeah yep nope sure fine bye goodbye test testing tests how are is it going doing what's up sup lol haha hmm wow " +
    "hallo servus moin guten tag morgen abend danke schön wie geht's gehts es dir ihnen tschüss ja nein gut " +
    "bonjour salut bonsoir merci beaucoup ça va ca comment allez vous oui non au revoir " +
    "hola buenos buenas días dias tardes noches gracias qué tal que como estás estas sí si adiós " +
    "你好 您好 嗨 谢谢 好的 好 测试 再见 早上好 晚上好 在吗"
  ).split(" "),
);

function isSmallTalk(text: string): boolean {
  const words = text.toLowerCase().match(/[\p{L}']+/gu);
  if (!words || words.length > 8 || (/\d/.test(text) && !/^\s*test(?:ing)?[\s\d.!]*$/i.test(text))) return false;
  return words.every((word) => SMALL_TALK.has(word));
}

/** Keyboard rows and runs without vowels: "asdf qwerty", "jjjjj", "xkcdvb". */
function isGibberish(text: string): boolean {
  if (!/[\p{L}\p{N}]/u.test(text)) return true;
  if (/[\u3400-\u9fff]/.test(text)) return false;
  const words = text.match(/\p{L}+/gu) ?? [];
  if (words.length === 0 || /\d/.test(text)) return false;
  const mashed = words.filter(
    (word) =>
      /asdf|sdfg|dfgh|fghj|ghjk|hjkl|qwer|tyui|yuio|uiop|zxcv|xcvb|cvbn|vbnm|(.)\1{3,}/i.test(word) ||
      // Capitals without vowels are tickers and acronyms (NVDA, CRISPR), not mashing.
      (word.length >= 4 && word !== word.toUpperCase() && !/[aeiouyäöüéèàáíóú]/i.test(word)),
  );
  return mashed.length / words.length >= 0.5;
}

/** "Call Bob", "Text Anna at 5": a verb and then a person's name (capitalised, so "Call of Duty" is not). */
const CONTACT_NAME =
  /^(?:[Pp]lease\s+)?(?:[Cc]all|[Pp]hone|[Tt]ext|[Ee]-?mail|[Mm]essage)\s+(?!of\b|for\b)[A-Z][a-z]+(?:\s+(?:at|on|now|back|and|to|about|that|saying)\b.*)?\s*[.!]?$/;

/** The refusal reason when no tool can serve the objective, else null. */
export function refusalFor(objective: string): string | null {
  const text = objective.trim();
  if (text === "" || isGibberish(text)) {
    return refusalReason(
      "this does not read as a request any tool can serve (ask a question, give a calculation or a page to read)",
    );
  }
  if (isSmallTalk(text))
    return refusalReason("there is nothing to look up, calculate or read in a greeting or a thank-you");
  if (CONTACT_NAME.test(text)) return refusalReason("no tool can call or message people");
  for (const { cannot, pattern } of CHINESE_ACTIONS) {
    if (pattern.test(text)) return refusalReason(cannot);
  }
  for (const { cannot, pattern } of ACTIONS) {
    if (pattern.test(text)) return refusalReason(cannot);
  }
  return null;
}
