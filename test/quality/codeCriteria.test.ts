import { describe, expect, it } from "vitest";
import * as C from "../../src/quality/code/criteria.js";
import { extractCode, guessLanguage } from "../../src/quality/code/extract.js";
import { checkSyntax, declaredNames, emptyFunctionBodies, openBrackets } from "../../src/quality/code/syntax.js";

const QUERY = "Write a JavaScript function `const addAll = (numbers)` that returns the sum of the numbers.";
const GOOD = "```js\nconst addAll = (numbers) => {\n  let total = 0;\n  for (const n of numbers) total += n;\n  return total;\n};\n```";
const ctx = (answer: string, query = QUERY): C.CodeContext => ({ query, answer, extracted: extractCode(answer) });

describe("code extraction", () => {
  it("strips markdown fences and keeps the explanation apart", () => {
    const extracted = extractCode(`Here you go:\n${GOOD}\nIt loops once.`);
    expect(extracted.fenced).toBe(true);
    expect(extracted.language).toBe("javascript");
    expect(extracted.code.startsWith("const addAll")).toBe(true);
    expect(extracted.prose).toContain("It loops once.");
  });

  it("notices an unclosed fence and guesses languages", () => {
    expect(extractCode("```python\ndef f():\n    return 1").unclosedFence).toBe(true);
    expect(guessLanguage("def f(x):\n    return x")).toBe("python");
    expect(guessLanguage("function f(x: number): number { return x; }")).toBe("typescript");
    expect(guessLanguage("SELECT word FROM words WHERE word LIKE 'd%';")).toBe("sql");
  });
});

describe("TypeScript compiler checks", () => {
  it("reports syntax errors and constructs cut off at the end", () => {
    expect(checkSyntax("const f = (a) => a + 1;").errors).toBe(0);
    const cut = checkSyntax("function f(a) {\n  return a +");
    expect(cut.errors).toBeGreaterThan(0);
    expect(cut.endsMidConstruct).toBe(true);
    expect(openBrackets("function f() { const s = '{'; ")).toBe(1);
    expect(declaredNames("function a() {}\nconst b = () => 1;\nclass C { m() {} }")).toEqual(new Set(["a", "b", "C", "m"]));
    expect(emptyFunctionBodies("function todo() {}\nconst x = () => 1;")).toBe(1);
  });
});

describe("code criteria", () => {
  it("syntax: parsing code scores 1, broken code less", () => {
    expect(C.syntax(ctx(GOOD)).score).toBe(1);
    expect(C.syntax(ctx("```js\nconst addAll = (numbers) => { return numbers.reduce((a, b) => a + b, 0) ]\n```")).score).toBeLessThan(1);
    expect(C.syntax(ctx("Sorry, no code.")).score).toBeLessThan(1);
  });

  it("completeness: truncated code scores low", () => {
    expect(C.completeness(ctx(GOOD)).score).toBe(1);
    expect(C.completeness(ctx("```js\nconst addAll = (numbers) => {\n  let total = 0;\n  for (const n of numbers) {")).score).toBeLessThan(0.5);
  });

  it("placeholders: stubs are found", () => {
    expect(C.placeholders(ctx(GOOD)).score).toBe(1);
    for (const stub of [
      "const addAll = (numbers) => {\n  // TODO: implement\n  return 0;\n};",
      "const addAll = (numbers) => {\n  // your code here\n};",
      "const addAll = (numbers) => {\n  ...\n};",
      'const addAll = (numbers) => {\n  throw new Error("not implemented");\n};',
      "def add_all(numbers):\n    pass",
      "function addAll(numbers) {}",
    ]) {
      expect(C.placeholders(ctx(stub)).score, stub).toBeLessThan(1);
    }
  });

  it("relevance: defines the requested name in the requested language", () => {
    expect(C.requestedNames(QUERY)).toEqual(["addAll"]);
    const wrongName = "```js\nconst sumAll = (numbers) => numbers.reduce((a, b) => a + b, 0);\n```";
    const python = "```python\ndef addAll(numbers):\n    return sum(numbers)\n```";
    expect(C.codeRelevance(ctx(GOOD)).score).toBeGreaterThan(C.codeRelevance(ctx(wrongName)).score);
    expect(C.codeRelevance(ctx(GOOD)).score).toBeGreaterThan(C.codeRelevance(ctx(python)).score);
  });

  it("substance: a one-liner without the asked return scores lower", () => {
    expect(C.substance(ctx(GOOD)).score).toBe(1);
    expect(C.substance(ctx("```js\nconsole.log(1);\n```")).score).toBeLessThan(0.5);
  });

  it("refusal and repetition", () => {
    expect(C.codeRefusal(ctx("I'm sorry, but I can't write that code.")).score).toBe(0);
    const looped = `\`\`\`js\n${"console.log('hello world again');\n".repeat(12)}\`\`\``;
    expect(C.codeRepetition(ctx(looped)).score).toBeLessThan(0.5);
    expect(C.codeRepetition(ctx(GOOD)).score).toBe(1);
  });
});
