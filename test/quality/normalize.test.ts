import { describe, expect, it } from "vitest";
import { contentTerms, normalizeText, sentences, stem, tokenize, words } from "../../src/quality/text/normalize.js";
import { detectLanguage } from "../../src/quality/text/language.js";
import { countItems, listItems } from "../../src/quality/text/structure.js";
import { canonicalNumber, digitNumbers, parseCount, statedQuantities } from "../../src/quality/text/numbers.js";

describe("text normalisation", () => {
  it("tokenizes case-insensitively and keeps apostrophes inside words", () => {
    expect(tokenize("The cat's HAT, 42 times!")).toEqual(["the", "cat's", "hat", "42", "times"]);
  });

  it("stems lightly so inflections meet but unrelated words stay apart", () => {
    expect(stem("cities")).toBe(stem("city"));
    expect(stem("running")).toBe(stem("run"));
    expect(stem("summarising")).toBe(stem("summarise"));
    expect(stem("friendship")).toBe(stem("friends"));
    expect(stem("cat")).not.toBe(stem("car"));
  });

  it("drops stop words and, on request, task words", () => {
    expect(contentTerms("Please explain the history of the city")).toEqual(["explain", "history", "city"].map(stem));
    expect(contentTerms("Please explain the history of the city", { dropTaskWords: true })).toEqual(["history", "city"].map(stem));
  });

  it("splits sentences at punctuation and line breaks, ignoring code blocks", () => {
    expect(sentences("One. Two? Three!\n- four\n```js\nx.y();\n```")).toEqual(["One.", "Two?", "Three!", "- four"]);
    expect(words("under 50 words, please")).toHaveLength(4);
    expect(normalizeText("  Hello,   World! ")).toBe("hello, world");
  });
});

describe("numbers", () => {
  it("parses counts in digits and words", () => {
    expect(parseCount("three")).toBe(3);
    expect(parseCount("twenty-one")).toBe(21);
    expect(parseCount("12")).toBe(12);
    expect(parseCount("several")).toBeUndefined();
  });

  it("reads numbers with separators, currency and fractions", () => {
    expect(digitNumbers("It cost $1,200.50 and then 3 more")).toEqual([1200.5, 3]);
    expect(canonicalNumber(5.0)).toBe("5");
    expect(statedQuantities("half of the 3 apples, twice a week")).toEqual(new Set([0.5, 2, 3, 7]));
  });
});

describe("layout", () => {
  it("counts list items, lines and inline enumerations", () => {
    expect(listItems("Intro:\n1. a\n2. b\n- c")).toEqual(["a", "b", "c"]);
    expect(countItems("Soon, Loon")).toBe(2);
    expect(countItems("Here are some:\nApple\nPear\nPlum")).toBe(3);
    expect(countItems("Clone, June, Nore, Tune")).toBe(4);
  });
});

describe("language guess", () => {
  it("tells English from French and Chinese, and abstains on too little text", () => {
    expect(detectLanguage("The weather is nice and the sun is out today.")).toBe("en");
    expect(detectLanguage("Le chat est sur la table et il dort dans la maison.")).toBe("fr");
    expect(detectLanguage("今天天气很好，我们去公园散步吧。")).toBe("zh");
    expect(detectLanguage("Bonjour")).toBe("unknown");
    expect(detectLanguage("See https://example.com/le/la/les/de for the list")).toBe("en");
  });
});
