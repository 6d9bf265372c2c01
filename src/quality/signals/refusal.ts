/**
 * Refusals and non-answers: "I'm sorry, but I can't…", "As an AI language
 * model…", "<nooutput>", "N/A". A refusal is the worst answer a selector can
 * pick when another candidate actually answers, so it gates the total score.
 * Local models refuse in the language they were asked in: the patterns cover
 * English, German, French, Spanish, Italian, Portuguese and Dutch.
 *
 * The patterns are lower case and match the lower-cased opening of the
 * answer: V8 runs a case-insensitive Unicode pattern about 40 times slower.
 */

/** Not a letter: `\b` is ASCII-only, so it finds no edge after "désolé" or before "é". */
const END = String.raw`(?!\p{L})`;

/** One pattern that matches where any of `patterns` does. */
const anyOf = (patterns: string[]): RegExp => new RegExp(patterns.map((pattern) => `(?:${pattern})`).join("|"), "u");

const NON_ANSWER = new RegExp(
  String.raw`^\s*(<\s*no\s*(?:output|input|answer|response)\s*>|no output|n\/?a|none|null|undefined|\.+|-+|\?+|` +
    String.raw`i don'?t know|i do not know|unknown|ich weiß (?:es )?nicht|je ne sais pas|no (?:lo )?sé|non (?:lo )?so|não sei|ik weet het niet)\.?\s*$`,
  "u",
);

const REFUSAL = anyOf([
  String.raw`\b(i'?m|i am)\s+(so\s+)?sorry,?\s+(but\s+)?(i|as an ai)\b[^.]{0,80}\b(can(?:no|')t|cannot|unable|not able|won'?t|will not|don'?t have)\b`,
  String.raw`\bi\s+(?:can(?:no|')t|cannot|am unable to|am not able to|won'?t|will not)\s+(?:help|assist|provide|answer|fulfil+|comply|do that|complete|write|generate|create|engage|support)\b`,
  String.raw`\bas an ai(?:\s+language model)?,?\s+i\s+(?:can(?:no|')t|cannot|do not|don'?t|am (?:not|unable))\b`,
  String.raw`\bi(?:'m| am) not (?:able|allowed|permitted) to\b`,
  String.raw`\b(?:it is|it's) not (?:appropriate|ethical|possible) for me to\b`,
  // German: "Es tut mir leid, aber ich kann dabei nicht helfen.", "Als KI kann ich keine …"
  String.raw`(?:es tut mir leid|entschuldigung)[^.]{0,80}\b(?:ich (?:kann|darf|werde)|(?:kann|darf|werde) ich)\b[^.]{0,60}\b(?:nicht|keine?n?)\b`,
  String.raw`\bals (?:eine? )?ki(?:-sprachmodell|-assistent)?\b[^.]{0,40}\b(?:kann ich|ich kann|darf ich|habe ich)\b[^.]{0,40}\b(?:nicht|keine?n?)\b`,
  String.raw`\bich kann (?:ihnen |dir )?(?:dabei |hierbei |damit |hier )?nicht (?:helfen|weiterhelfen|behilflich sein)\b`,
  // French: "Je suis désolé, mais je ne peux pas …", "En tant qu'IA, je ne …"
  String.raw`désolée?s?${END}[^.]{0,80}\bje ne (?:peux|pourrai|suis pas en mesure|vais pas)${END}`,
  String.raw`\ben tant qu'(?:ia|intelligence artificielle|assistant|modèle de langage)${END}[^.]{0,60}\bje ne\b`,
  String.raw`\bje ne (?:peux pas|suis pas en mesure de) (?:vous |t')?(?:aider|répondre|fournir|faire cela|écrire|générer|créer)${END}`,
  // Spanish: "Lo siento, pero no puedo …", "Como modelo de lenguaje, no puedo …"
  String.raw`\blo siento\b[^.]{0,80}\bno (?:puedo|podré|me es posible|estoy en condiciones)${END}`,
  String.raw`\bcomo (?:una? )?(?:ia|modelo de lenguaje|inteligencia artificial|asistente de ia)${END}[^.]{0,60}\bno (?:puedo|tengo)\b`,
  String.raw`\bno puedo (?:ayudar|asistir|responder|proporcionar|cumplir|hacer eso|escribir|generar|crear)`,
  // Italian: "Mi dispiace, ma non posso …", "Come modello linguistico, non posso …"
  String.raw`\bmi dispiace\b[^.]{0,80}\bnon (?:posso|sono in grado|riesco)\b`,
  String.raw`\bcome (?:un |una |un'\s*)?(?:ia|modello (?:di )?linguaggio|modello linguistico|intelligenza artificiale)\b[^.]{0,60}\bnon (?:posso|ho)\b`,
  String.raw`\bnon posso (?:aiutar|assister|risponder|fornir|soddisfare|farlo|scriver|generar|crear)`,
  // Portuguese: "Desculpe, mas não posso …", "Como modelo de linguagem, não posso …"
  String.raw`\b(?:desculpe|sinto muito|lamento)\b[^.]{0,80}\bnão (?:posso|consigo|sou capaz)${END}`,
  String.raw`\bcomo (?:uma? )?(?:ia|modelo de linguagem|inteligência artificial|assistente de ia)${END}[^.]{0,60}\bnão (?:posso|tenho)${END}`,
  String.raw`\bnão posso (?:ajudar|responder|fornecer|atender|fazer isso|escrever|gerar|criar)`,
  // Dutch: "Het spijt me, maar ik kan daar niet mee helpen.", "Als AI kan ik geen …"
  String.raw`(?:\bhet spijt me|\bsorry)\b[^.]{0,80}\bik (?:kan|mag)\b[^.]{0,40}\b(?:niet|geen)\b`,
  String.raw`\bals (?:een )?(?:ai|ai-taalmodel|taalmodel|kunstmatige intelligentie)\b[^.]{0,40}\b(?:kan ik|ik kan|heb ik)\b[^.]{0,40}\b(?:niet|geen)\b`,
]);

const DISCLAIMER = anyOf([
  String.raw`\bas an ai(?: language model)?\b`,
  String.raw`\bi (?:do not|don'?t) have (?:personal|access to|the ability)\b`,
  String.raw`\bals (?:ki-sprachmodell|taalmodel)\b`,
  String.raw`\ben tant que modèle de langage${END}`,
  String.raw`\bcomo (?:um )?modelo de (?:lenguaje|linguagem)\b`,
  String.raw`\bcome modello linguistico\b`,
]);

/** How much of an answer's start is read: a refusal comes first. */
const OPENING = 300;

export interface RefusalSignal {
  /** 1 = a real answer, 0 = a refusal or non-answer. */
  score: number;
  note: string;
}

/** Detect a refusal or a non-answer (placeholder output). */
export function detectRefusal(answer: string): RefusalSignal {
  const text = answer.trim();
  if (text.length === 0) return { score: 0, note: "empty answer" };
  // Models write "I’m" and "can’t" with a typographic apostrophe as often as with a straight one.
  const opening = text.slice(0, OPENING).replace(/[‘’]/gu, "'").toLowerCase();
  // Past the opening, only runs of dots, dashes or question marks can be a non-answer: case does not matter.
  if (NON_ANSWER.test(text.length <= OPENING ? opening : text)) return { score: 0, note: `non-answer "${text.slice(0, 20)}"` };
  if (REFUSAL.test(opening)) {
    // A refusal at the start followed by a long, substantive answer is a hedge, not a refusal.
    return text.length > 600 ? { score: 0.6, note: "hedges before answering" } : { score: 0, note: "refuses to answer" };
  }
  if (DISCLAIMER.test(opening)) return { score: 0.8, note: "AI disclaimer" };
  return { score: 1, note: "answers" };
}
