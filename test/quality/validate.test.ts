import { describe, expect, it } from "vitest";
import { detectKind, validateAnswer } from "../../src/quality/index.js";

describe("detectKind", () => {
  it("tells code from prose", () => {
    expect(detectKind("Write a function that adds two numbers.", "```js\nconst add = (a, b) => a + b;\n```")).toBe("code");
    expect(detectKind("Add two numbers in JS.", "function add(a, b) {\n  return a + b;\n}")).toBe("code");
    expect(detectKind("Explain what Python's sorted key argument does.", "The key argument takes a function.\n```py\nsorted(x, key=len)\n```\nIt is called once per element, and the results decide the order of the elements.")).toBe("text");
    expect(detectKind("Why is the sky blue?", "Because of Rayleigh scattering.")).toBe("text");
    expect(detectKind("Solve it.", "Let's say x is 5, then 5 + 3 = 8.")).toBe("text");
  });
});

describe("validateAnswer", () => {
  it("returns a 0..1 score with explained, weighted criteria", () => {
    const report = validateAnswer("List three primary colours.", "1. Red\n2. Blue\n3. Yellow");
    expect(report.kind).toBe("text");
    expect(report.score).toBeGreaterThan(0.8);
    expect(report.score).toBeLessThanOrEqual(1);
    for (const [name, c] of Object.entries(report.criteria)) {
      expect(c.score, name).toBeGreaterThanOrEqual(0);
      expect(c.score, name).toBeLessThanOrEqual(1);
      expect(c.weight, name).toBeGreaterThanOrEqual(0);
      expect(c.note.length, name).toBeGreaterThan(0);
    }
  });

  it("scores an answer that is not text, or letters that are not words, near 0 (the garbled gate)", () => {
    const soup = `${"\uFFFDj\uFFFDp\u0001o".repeat(40)} the hash map`;
    for (const query of ["Explain how a hash map handles collisions.", "Write a function that checks whether a string is a palindrome."]) {
      const report = validateAnswer(query, soup);
      expect(report.criteria.garbled!.score, report.kind).toBe(0);
      expect(report.score, report.kind).toBe(0);
    }
    const letters = "kaoxfgush xsovecd klatsxmvx jqs gicwq abqqh drnlupqvk qka dqwmzt pvbnxe tqrwlk zhmvbq yvfjwo cnbtwq";
    expect(validateAnswer("Explain how a hash map handles collisions.", letters).score).toBe(0);
    const text = "A hash map puts each key in a bucket chosen by its hash; colliding keys share the bucket's list.";
    expect(validateAnswer("Explain how a hash map handles collisions.", text).criteria.garbled!.score).toBe(1);
  });

  it("follows the instruction over length", () => {
    const query = "List three primary colours.";
    const follows = validateAnswer(query, "1. Red\n2. Blue\n3. Yellow").score;
    const ignores = validateAnswer(query, "Colour theory is a fascinating subject that has been studied for centuries by artists and scientists alike. There are many different models, such as the RGB model used for screens and the CMYK model used in printing, and each has its own set of primaries and secondaries, which interact in complex ways.").score;
    expect(follows).toBeGreaterThan(ignores);
  });

  it("scores code with the code criteria, and a stub below a real implementation", () => {
    const query = "Write a JavaScript function `const isEven = (n)` that returns whether n is even.";
    const real = validateAnswer(query, "```js\nconst isEven = (n) => {\n  const remainder = n % 2;\n  return remainder === 0;\n};\n```");
    const stub = validateAnswer(query, "```js\nconst isEven = (n) => {\n  // TODO\n};\n```");
    expect(real.kind).toBe("code");
    expect(real.criteria.syntax).toBeDefined();
    expect(real.score).toBeGreaterThan(stub.score);
  });

  it("honours a forced kind and is deterministic", () => {
    const a = validateAnswer("Explain recursion.", "A function that calls itself.", { kind: "code" });
    expect(a.kind).toBe("code");
    expect(validateAnswer("Explain recursion.", "A function that calls itself.")).toEqual(validateAnswer("Explain recursion.", "A function that calls itself."));
  });
});
