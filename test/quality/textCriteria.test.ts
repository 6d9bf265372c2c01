import { describe, expect, it } from "vitest";
import * as C from "../../src/quality/text/criteria.js";
import { parseInstructions } from "../../src/quality/text/instructions.js";
import { profileQuery } from "../../src/quality/text/query.js";
import { validateAnswer } from "../../src/quality/index.js";

const ctx = (query: string, answer: string): C.TextContext => {
  const profile = profileQuery(query);
  return { query, answer, profile, constraints: parseInstructions(profile.instruction, profile.input) };
};
const score = (fn: (c: C.TextContext) => { score: number }, query: string, answer: string): number => fn(ctx(query, answer)).score;

describe("text criteria", () => {
  it("relevance: on-topic beats off-topic, and restating the question earns nothing", () => {
    const q = "Explain how vaccines train the immune system to fight infections.";
    const onTopic = "Vaccines expose the immune system to a harmless antigen so that it builds antibodies and memory cells, which fight later infections quickly.";
    const offTopic = "The stock market closed higher today as investors welcomed strong earnings reports from several large technology companies and banks.";
    expect(score(C.relevance, q, onTopic)).toBeGreaterThan(score(C.relevance, q, offTopic));
    const restated = C.withoutRestatement('The antonym for the word "cogent" is "weak".', 'What is an antonym for the word "cogent"?');
    expect(restated).not.toMatch(/cogent/u);
    expect(score(C.relevance, q, "")).toBe(0);
  });

  it("instructions: weight grows with the number of checks; not applicable without any", () => {
    const one = C.instructions(ctx("List 3 fruits.", "- apple\n- pear\n- plum"));
    expect(one.score).toBe(1);
    expect(one.weight).toBeGreaterThan(0);
    expect(C.instructions(ctx("List 3 fruits.", "- apple\n- pear")).score).toBeLessThan(1);
    expect(C.instructions(ctx("Tell me about Rome.", "Rome is old.")).weight).toBe(0);
  });

  it("completeness: a cut-off answer scores lower", () => {
    expect(score(C.completeness, "Explain rain.", "Water vapour condenses into droplets that fall.")).toBe(1);
    expect(score(C.completeness, "Explain rain.", "Water vapour condenses into droplets and the")).toBeLessThan(0.5);
  });

  it("length: flat inside the expected range, lower outside, and never rewards length as such", () => {
    const q = "Explain why the sky is blue.";
    const ok = "Sunlight scatters off air molecules, and blue light scatters most because of its short wavelength, so the sky looks blue from every direction.";
    expect(score(C.lengthFit, q, ok)).toBe(1);
    expect(score(C.lengthFit, q, "Scattering.")).toBeLessThan(0.5);
    expect(score(C.lengthFit, q, `${ok} ${ok} ${ok}`)).toBe(1);
    expect(score(C.lengthFit, "Write a headline for this story.\n\nA cat saved a dog.", "Cat Saves Dog")).toBe(1);
    expect(score(C.lengthFit, "Write a headline for this story.\n\nA cat saved a dog.", "word ".repeat(120))).toBeLessThan(0.6);
  });

  it("structure: a list request answered as a list; long walls of text marked down", () => {
    expect(score(C.structure, "Brainstorm ideas for a party.", "- games\n- music\n- food")).toBe(1);
    expect(score(C.structure, "Brainstorm ideas for a party.", `${"We could play games and listen to music and eat food together all night. ".repeat(6)}`)).toBeLessThan(1);
    expect(score(C.structure, "Tell me about Rome.", `${"Rome is an ancient city with a long history and many monuments. ".repeat(20)}`)).toBeLessThan(1);
  });

  it("repetition: a looping answer scores low", () => {
    expect(score(C.repetition, "List podcasts.", "1. Serial\n2. Radiolab\n3. Serial\n4. Serial\n5. Serial")).toBeLessThan(0.5);
    expect(score(C.repetition, "List podcasts.", "1. Serial\n2. Radiolab\n3. This American Life")).toBe(1);
  });

  it("refusal: a refusal or non-answer is a gate on the total", () => {
    expect(score(C.refusal, "Write a poem.", "I'm sorry, but I cannot write poems.")).toBe(0);
    expect(validateAnswer("Write a poem about the sea.", "I'm sorry, but I cannot write poems.").score).toBe(0);
  });

  it("echo: copying the input is the failure for summaries; an unchanged rewrite is caught", () => {
    const text = "The council met on Monday to discuss the new park. Residents asked for more trees and benches. The council agreed to plant fifty trees next spring and to review the budget for benches in June.";
    const q = `Summarize the following text.\n\n${text}`;
    expect(score(C.echo, q, "The council agreed to plant trees in the park next spring and will review benches.")).toBe(1);
    expect(score(C.echo, q, text)).toBeLessThan(0.3);
    expect(score(C.echo, "Correct the grammar of the following sentence.\n\nHe go to school every days.", "He go to school every days.")).toBeLessThan(0.5);
    expect(score(C.echo, "Correct the grammar of the following sentence.\n\nHe go to school every days.", "He goes to school every day.")).toBe(1);
    expect(score(C.echo, 'Complete the following sentence: "Yesterday it was raining, so I put on my ____."', "Yesterday it was raining, so I put on my raincoat.")).toBe(1);
  });

  it("language: the answer is in the query's language", () => {
    expect(score(C.language, "What is the weather like in the mountains in the winter?", "Il fait très froid et il y a de la neige sur les montagnes en hiver.")).toBe(0);
    expect(score(C.language, "What is the weather like in the mountains in the winter?", "It is very cold and there is a lot of snow in the mountains.")).toBe(1);
  });

  it("correctness: wrong stated arithmetic costs", () => {
    expect(score(C.correctness, "What is 12 times 4?", "12 × 4 = 48.")).toBe(1);
    expect(score(C.correctness, "What is 12 times 4?", "12 × 4 = 46.")).toBe(0);
  });

  it("reasoning: only for numeric problems", () => {
    const q = "Tom has 5 apples and buys 3 more. How many apples does he have?";
    expect(C.reasoning(ctx(q, "5 + 3 = 8. He has 8 apples.")).weight).toBeGreaterThan(0);
    expect(score(C.reasoning, q, "5 + 3 = 8. He has 8 apples.")).toBeGreaterThan(score(C.reasoning, q, "He has 2 apples."));
    expect(C.reasoning(ctx("Write a poem.", "Roses are red.")).weight).toBe(0);
  });

  it("grounding: a summary's numbers and names come from the source", () => {
    const q = "Summarize the following text.\n\nThe firm hired 120 people in Boston last year and plans 80 more.";
    expect(score(C.grounding, q, "The firm hired 120 people in Boston and plans 80 more.")).toBe(1);
    expect(score(C.grounding, q, "The firm hired 450 people in Chicago and plans 80 more.")).toBeLessThan(1);
  });

  it("substance: a one-word reply to an explanation request scores low; enough content saturates", () => {
    const q = "Explain the causes of the French Revolution.";
    expect(score(C.substance, q, "Taxes.")).toBeLessThan(0.2);
    const rich = "Royal debt from wars, unfair taxation of the third estate, bread shortages after poor harvests, Enlightenment ideas about rights, and a weak monarchy together pushed commoners to revolt.";
    expect(score(C.substance, q, rich)).toBe(1);
    expect(score(C.substance, q, `${rich} ${rich}`)).toBe(1);
    expect(C.substance(ctx("Classify the sentiment of the following review.\n\nGreat food!", "Positive")).weight).toBe(0);
  });
});
