import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { detectRefusal } from "../../src/quality/signals/refusal.js";
import { detectGarbled } from "../../src/quality/signals/garbled.js";
import { detectTruncation } from "../../src/quality/signals/truncation.js";
import { detectRepetition } from "../../src/quality/signals/repetition.js";
import { evaluateExpression, findArithmeticClaims } from "../../src/quality/signals/arithmetic.js";
import { extractFinalAnswer } from "../../src/quality/signals/finalAnswer.js";
import { assessReasoning, relationCoverage } from "../../src/quality/signals/reasoning.js";

describe("refusal", () => {
  it("flags refusals and non-answers", () => {
    expect(detectRefusal("I'm sorry, but I can't help with that request.").score).toBe(0);
    expect(detectRefusal("As an AI language model, I cannot browse the internet.").score).toBe(0);
    expect(detectRefusal("<nooutput>").score).toBe(0);
    expect(detectRefusal("N/A").score).toBe(0);
    expect(detectRefusal("   ").score).toBe(0);
  });

  it("passes real answers and only discounts a disclaimer", () => {
    expect(detectRefusal("Paris is the capital of France.").score).toBe(1);
    expect(detectRefusal("As an AI, here is my best summary: the report covers sales.").score).toBe(0.8);
  });

  it("reads typographic apostrophes as straight ones", () => {
    expect(detectRefusal("I’m sorry, but I can’t help with that request.").score).toBe(0);
    expect(detectRefusal("I don’t know.").score).toBe(0);
  });

  // Local models refuse in the language they were asked in.
  it.each([
    ["German", "Es tut mir leid, aber ich kann dabei nicht helfen.", "Ich weiß es nicht."],
    ["German", "Als KI-Sprachmodell habe ich keinen Zugriff auf das Internet.", "Ich weiß nicht"],
    ["French", "Je suis désolé, mais je ne peux pas répondre à cette demande.", "Je ne sais pas."],
    ["French", "En tant qu’IA, je ne peux pas accéder à vos fichiers.", "Je ne sais pas"],
    ["Spanish", "Lo siento, pero no puedo ayudarte con eso.", "No lo sé."],
    ["Spanish", "Como modelo de lenguaje, no puedo navegar por internet.", "No sé"],
    ["Italian", "Mi dispiace, ma non posso aiutarti con questa richiesta.", "Non lo so."],
    ["Portuguese", "Desculpe, mas não posso ajudar com isso.", "Não sei."],
    ["Dutch", "Het spijt me, maar ik kan je daar niet mee helpen.", "Ik weet het niet."],
  ])("flags a refusal and a non-answer in %s", (_language, refusal, nonAnswer) => {
    expect(detectRefusal(refusal).score).toBe(0);
    expect(detectRefusal(nonAnswer).score).toBe(0);
  });

  it.each([
    ["German", "Die Funktion prüft zuerst die Eingabe. Wenn die ID fehlt, kann ich den Datensatz nicht laden, also gibt sie 404 zurück."],
    ["French", "Désolé pour l'attente : voici la fonction. Elle vérifie l'identifiant et renvoie 404 si l'enregistrement manque."],
    ["Spanish", "La función valida la entrada y devuelve 404 cuando el registro no existe; el caché evita lecturas repetidas."],
    ["Italian", "Come prima cosa la funzione controlla l'input, poi cerca il record e restituisce 404 se non lo trova."],
    ["Portuguese", "Como regra, a função valida a entrada e devolve 404 quando o registo não existe."],
    ["Dutch", "Als eerste stap controleert de functie de invoer; bestaat het record niet, dan geeft ze 404 terug."],
  ])("passes an answer in %s", (_language, answer) => {
    expect(detectRefusal(answer).score).toBe(1);
  });
});

describe("garbled", () => {
  // What the tiny random-weight test model streams: bytes that are not UTF-8, decoded to U+FFFD.
  const soup = "Ξ\\'o\uFFFD\uFFFD\uFFFDpB\uFFFD\uFFFDp\uFFFD\uFFFDAp\uFFFD\uFFFD11J\uFFFD\uFFFDM\uFFFD\uFFFD.\uFFFD\uFFFD\uFFFDjݫ\\[xj\uFFFDAPJj)";

  it("flags text that is mostly replacement or control characters", () => {
    expect(detectGarbled(soup).score).toBe(0);
    expect(detectGarbled("ok\u0001\u0002\u0003\u0004 fine\u0085\u0090").score).toBe(0);
  });

  it("passes text, whitespace and a stray replacement character in a long answer", () => {
    expect(detectGarbled("Paris is the capital of France.\n\tIt lies on the Seine.\r\n").score).toBe(1);
    expect(detectGarbled("Café, naïve, Ελληνικά, 日本語, emoji 🎉.").score).toBe(1);
    expect(detectGarbled(`${"A real sentence about hash maps and their buckets. ".repeat(4)}\uFFFD`).score).toBe(1);
    expect(detectGarbled("").score).toBe(1);
  });

  it("lowers the score in between", () => {
    const some = detectGarbled(`${"abcdefghij".repeat(5)}\uFFFD\uFFFD\uFFFD`);
    expect(some.share).toBeGreaterThan(0.05);
    expect(some.score).toBeGreaterThan(0);
    expect(some.score).toBeLessThan(1);
  });

  // Letters drawn at random (a fixed linear congruential sequence, its high bits: the same every run).
  const randomLetters = (seed: number, length: number, alphabet = "abcdefghijklmnopqrstuvwxyz      "): string => {
    let state = seed;
    let text = "";
    for (let i = 0; i < length; i++) {
      state = (state * 1103515245 + 12345) % 2 ** 31;
      text += alphabet[(state >>> 16) % alphabet.length];
    }
    return text;
  };

  it("flags letter strings no language writes, however the letters are spaced or cased", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      for (const text of [randomLetters(seed, 600), randomLetters(seed, 600, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ   ")]) {
        const signal = detectGarbled(text);
        expect(signal.nonWordShare, text.slice(0, 40)).toBeGreaterThanOrEqual(0.5);
        expect(signal.score, text.slice(0, 40)).toBe(0);
        expect(signal.note).toMatch(/no language writes/);
      }
    }
  });

  it("passes prose in the languages it knows, developer jargon, names and code", () => {
    const texts = [
      "Install the package with npm, build it with tsx, and serve the html, css and svg files over https; the configuration lives in the working directory.",
      "Die Anwendung speichert jede Bestellung zuerst lokal und schreibt sie anschließend gesammelt in die Datenbank, damit kurze Verbindungsabbrüche keine Daten kosten.",
      "L'application enregistre chaque commande localement, puis les envoie ensemble à la base de données afin qu'une coupure réseau ne perde rien.",
      "Marrakech, Casablanca, Chefchaouen, Essaouira, Ouarzazate, Merzouga, Tangier and Agadir make a two-week itinerary through Morocco.",
      "Call `XMLHttpRequest` or `fetch`, then parse it:\n```c\nstrncpy(buffer, source, sizeof buffer); fprintf(stderr, \"%s\", buffer);\n```\nThat handles the response.",
    ];
    for (const text of texts) expect(detectGarbled(text).score, text.slice(0, 40)).toBe(1);
    // Too few long words to judge.
    expect(detectGarbled("qxzvbn wqjxkt").nonWordShare).toBe(0);
  });

  it.each([
    ["Russian", "Приложение сохраняет каждый заказ локально, затем отправляет их вместе в базу данных, чтобы короткие обрывы соединения никогда не приводили к потере информации пользователей."],
    ["Greek", "Η εφαρμογή αποθηκεύει κάθε παραγγελία τοπικά και στη συνέχεια τις στέλνει μαζί στη βάση δεδομένων, ώστε οι σύντομες διακοπές σύνδεσης να μην προκαλούν απώλεια δεδομένων."],
    ["Chinese", "应用程序首先在本地保存每个订单，然后将它们一起写入数据库，这样短暂的网络中断就不会导致数据丢失，我们还会定期检查数据的完整性，并在发现问题时自动修复，同时记录每一次修复的详细过程，管理员可以随时查看这些记录，系统也会每天生成一份完整的报告，报告会通过电子邮件发送给相关人员。"],
    ["Polish (\"cj\")", "Konfiguracja aplikacji wymaga modyfikacji dokumentacji oraz implementacji nowej funkcji autoryzacji. Przed instalacją sprawdź wersję biblioteki, uruchom skrypt migracji bazy danych i zweryfikuj poprawność transakcji w środowisku testowym."],
    ["Czech (\"čtvrt\")", "Zmrzlina, čtvrtek, čtvrtletní zpráva: společnost představila nejkrásnější výsledky hospodaření. Zaměstnanci dostanou příspěvek, protože scvrnkl se deficit a zvýšila se konkurenceschopnost firmy."],
    ["Turkish (\"ı\")", "Kırmızı arabanın altında yıldızlı bir kedi uyuyordu. Sıcaklık yükseldiğinde kullanıcıların bağlantıları kesildi ve sunucunun yapılandırması değiştirildi. Geliştiriciler yarın sabah güncellemeyi tamamlayacaklarını söylediler."],
  ])("leaves %s prose alone: the letter pairs say nothing of its language", (_, text) => {
    expect(detectGarbled(text).score).toBe(1);
  });

  it("still judges random letters with a few names of other languages among them", () => {
    expect(detectGarbled(`${randomLetters(1, 600)} Gdańsk Wrocław Poznań`).score).toBe(0);
  });

  it("passes every labelled candidate answer in data/selection", () => {
    const rows = readFileSync(resolve(import.meta.dirname, "../../data/selection/dev.jsonl"), "utf8").trim().split("\n");
    const candidates = rows.flatMap((line) => (JSON.parse(line) as { candidates: string[] }).candidates);
    expect(candidates.length).toBeGreaterThan(1900);
    const flagged = candidates.filter((answer) => detectGarbled(answer).score < 1);
    expect(flagged).toEqual([]);
  });
});

describe("truncation", () => {
  it("detects answers cut off mid-sentence, in a fence or a parenthesis", () => {
    expect(detectTruncation("The main reasons are cost, speed and the").score).toBeLessThan(0.5);
    expect(detectTruncation("Items: apples, pears,").score).toBeLessThan(0.5);
    expect(detectTruncation("Here:\n```js\nconst x = 1;").score).toBeLessThan(0.5);
    expect(detectTruncation("It depends on the season (mostly in winter when the").score).toBeLessThan(0.5);
  });

  it("accepts clean endings, list items and short replies", () => {
    expect(detectTruncation("It is sunny today.").score).toBe(1);
    expect(detectTruncation("Steps:\n1. Boil water\n2. Add tea").score).toBe(1);
    expect(detectTruncation("Soon, Loon").score).toBe(1);
    expect(detectTruncation("This sentence is long enough to need an ending but it has none").score).toBeLessThan(1);
  });
});

describe("repetition", () => {
  it("measures repeated lines, sentences and phrase loops", () => {
    const looped = Array.from({ length: 8 }, () => "5. Feeling Good by Justin Timberlake").join("\n");
    expect(detectRepetition(looped).score).toBeLessThan(0.2);
    expect(detectRepetition("cutting-edge, innovative, cutting-edge, innovative, cutting-edge, innovative, cutting-edge, innovative, cutting-edge, innovative, cutting-edge, innovative").score).toBeLessThan(0.5);
    expect(detectRepetition("Rome was not built in a day. Patience matters in every craft. Practice makes progress.").score).toBe(1);
  });
});

describe("arithmetic", () => {
  it("evaluates expressions without eval", () => {
    expect(evaluateExpression("3 + 4 * 2")).toBe(11);
    expect(evaluateExpression("(3 + 4) × 2")).toBe(14);
    expect(evaluateExpression("2^3 - 10 ÷ 5")).toBe(6);
    expect(evaluateExpression("30% * 200")).toBe(60);
    expect(evaluateExpression("3 + x")).toBeUndefined();
    expect(evaluateExpression("process.exit()")).toBeUndefined();
  });

  it("checks stated calculations, including calculator annotations", () => {
    const claims = findArithmeticClaims("So 16 - 3 = 13 eggs, then 13 * 2 = 25 dollars, and 3+4=<<3+4=7>>7.");
    expect(claims.map((c) => c.correct)).toEqual([true, false, true]);
    expect(findArithmeticClaims("<<16*7=113>>113")[0]!.correct).toBe(false);
    expect(findArithmeticClaims("11/18*162 = <<11/18*162=99.00000000000001>>99")[0]!.correct).toBe(true);
  });

  it("catches prose that disagrees with its annotation and ignores algebra", () => {
    const claims = findArithmeticClaims("over 8 hours he chews 8/2 = <<20*1/2=10.0>>10 pieces");
    expect(claims.some((c) => c.expression.trim() === "8/2" && !c.correct)).toBe(true);
    expect(findArithmeticClaims("so x/2 + 6 = 25 and 2X+Y=100")).toEqual([]);
    expect(findArithmeticClaims("3 * 60 = <<3*60=180>>180")).toHaveLength(1);
  });
});

describe("final answers", () => {
  it("reads marked answers, GSM8K style and the last number", () => {
    expect(extractFinalAnswer("work...\n#### 1,234")).toEqual({ kind: "number", value: "1234", explicit: true });
    expect(extractFinalAnswer("Steps\nA: $18")).toEqual({ kind: "number", value: "18", explicit: true });
    expect(extractFinalAnswer("The answer is 42 apples.")).toMatchObject({ kind: "number", value: "42" });
    expect(extractFinalAnswer("\\boxed{7.50}")).toMatchObject({ kind: "number", value: "7.5" });
    expect(extractFinalAnswer("She has 3 then buys 5 so 8 in all", "How many apples does she have?")).toMatchObject({ value: "8", explicit: false });
    expect(extractFinalAnswer("A long essay with 3 points and 5 reasons but no question about amounts.", "Write an essay")).toBeUndefined();
  });

  it("reads choice letters when the query offers options, and short spans", () => {
    const query = "Which is a mammal? (A) shark (B) whale (C) trout";
    expect(extractFinalAnswer("The answer is (B) whale.", query)).toEqual({ kind: "choice", value: "B", explicit: true });
    expect(extractFinalAnswer("Paris", "What is the capital of France?")).toMatchObject({ kind: "span", value: "paris" });
  });
});

describe("reasoning", () => {
  const query = "Janet has 16 eggs. She eats 3 and bakes with 4. She sells the rest at $2 each. How much does she make?";

  it("prefers a solution that uses the given numbers and ends on its own result", () => {
    const good = assessReasoning(query, "3 + 4 = <<3+4=7>>7 used. 16 - 7 = <<16-7=9>>9 left. 9 * 2 = <<9*2=18>>18.\nA: 18");
    const skips = assessReasoning(query, "16 - 3 = <<16-3=13>>13 left. 13 * 2 = <<13*2=26>>26.\nA: 26");
    const inconsistent = assessReasoning(query, "3 + 4 = <<3+4=7>>7 used. 16 - 7 = <<16-7=9>>9 left. 9 * 2 = <<9*2=18>>18.\nA: 11");
    expect(good.coverage).toBe(1);
    expect(skips.coverage).toBeLessThan(1);
    expect(good.score).toBeGreaterThan(skips.score);
    expect(inconsistent.consistent).toBe(false);
    expect(good.score).toBeGreaterThan(inconsistent.score);
  });

  it("checks that worded relations are carried out", () => {
    expect(relationCoverage("the average of the hat and jacket", "25+75").missing).toEqual(["average → division"]);
    expect(relationCoverage("the average of the hat and jacket", "(25+75)/2").share).toBe(1);
    expect(relationCoverage("reduced by 30% in the third month", "180-30").share).toBe(0);
    expect(relationCoverage("reduced by 30% in the third month", "180*0.3").share).toBe(1);
    expect(relationCoverage("no relations here", "1+1").share).toBe(1);
  });
});
