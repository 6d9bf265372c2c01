import { describe, expect, it } from "vitest";
import { checkConstraint, inlineEnumeration, parseInstructions, rangeScore, type Constraint } from "../../src/quality/text/instructions.js";

const only = (instruction: string, input = ""): Constraint[] => parseInstructions(instruction, input);
const check = (answer: string, constraint: Constraint, source = ""): number => checkConstraint(answer, constraint, source).score;

describe("parseInstructions: counts", () => {
  it("reads sentence counts, ranges and bounds", () => {
    expect(only("Explain it in one sentence.")).toEqual([expect.objectContaining({ type: "count", unit: "sentence", min: 1, max: 1 })]);
    expect(only("Write a 1 to 2 sentences introduction.")).toEqual([expect.objectContaining({ unit: "sentence", min: 1, max: 2 })]);
    expect(only("Answer in no more than three sentences.")).toEqual([expect.objectContaining({ unit: "sentence", max: 3 })]);
    expect(only("Generate a 5-sentence story about a forest.")).toEqual([expect.objectContaining({ unit: "sentence", min: 5, max: 5 })]);
  });

  it("reads word limits", () => {
    expect(only("Describe it in under 50 words.")).toEqual([expect.objectContaining({ unit: "word", max: 49 })]);
    expect(only("Summarize in 30 words or fewer.")).toEqual([expect.objectContaining({ unit: "word", max: 30 })]);
    expect(only("Write at least 100 words.")).toEqual([expect.objectContaining({ unit: "word", min: 100 })]);
  });

  it("reads requested numbers of items", () => {
    expect(only("List 3 benefits of exercise.")).toEqual(expect.arrayContaining([expect.objectContaining({ unit: "item", min: 3, max: 3 })]));
    expect(only("Name three public figures who support renewable energy")).toEqual([expect.objectContaining({ unit: "item", min: 3, max: 3 })]);
    expect(only("Generate two rhymes for the following word.")).toEqual([expect.objectContaining({ unit: "item", min: 2, max: 2 })]);
    expect(only("Enter the words that satisfy the given condition.", "5 Countries that Start with S")).toEqual([expect.objectContaining({ unit: "item", min: 5 })]);
  });

  it("does not mistake descriptions of the input for counts", () => {
    expect(only("Generate a short story from a single sentence")).toEqual([]);
    expect(only("Create a daily itinerary for a 9-day trip")).toEqual([]);
    expect(only("Construct a sentence using the words")).toEqual([]);
  });
});

describe("parseInstructions: format, case, language, words, person", () => {
  it("finds each kind of instruction", () => {
    const types = (text: string) => parseInstructions(text).map((c) => (c.type === "format" ? `format:${c.format}` : c.type));
    expect(types("Give the answer as bullet points")).toEqual(["format:list"]);
    expect(types("Create a table of the planets")).toContain("format:table");
    expect(types("Return the result as JSON")).toEqual(["format:json"]);
    expect(types("Answer yes or no: is 17 prime?")).toEqual(["format:yesno"]);
    expect(types("Reformat the sentence so it is a question")).toEqual(["format:question"]);
    expect(types("Write it in all caps")).toEqual(["case"]);
    expect(types("Translate this into Spanish")).toEqual(["language"]);
    expect(types('Construct a sentence using the words "effervescence", "hesitant" and "integrity".')).toEqual(["include"]);
    expect(types('Describe your day without using the word "good".')).toEqual(["exclude"]);
    expect(types('Start your answer with "Dear team".')).toEqual(["startsWith"]);
    expect(types('End your reply with "Thanks".')).toEqual(["endsWith"]);
    expect(types("Change the first person to the third person in the sentence.")).toEqual(["person"]);
    expect(types("Divide this list of numbers by 10.")).toEqual([]);
  });
});

describe("checkConstraint", () => {
  it("scores counts by distance from the asked range", () => {
    expect(rangeScore(3, 3, 3)).toBe(1);
    expect(rangeScore(4, 2, 2)).toBe(0);
    expect(rangeScore(55, undefined, 50)).toBeGreaterThan(0.8);
    const twoItems: Constraint = { type: "count", unit: "item", min: 2, max: 2, source: "two" };
    expect(check("Soon, Loon", twoItems)).toBe(1);
    expect(check("Clone, June, Nore, Tune", twoItems)).toBe(0);
    const oneSentence: Constraint = { type: "count", unit: "sentence", min: 1, max: 1, source: "one sentence" };
    expect(check("The sky scatters blue light.", oneSentence)).toBe(1);
    expect(check("The sky is blue. It scatters light. Also red.", oneSentence)).toBe(0);
  });

  it("checks list, table, JSON, yes/no and question formats", () => {
    expect(check("- a\n- b", { type: "format", format: "list", source: "" })).toBe(1);
    expect(check("The traits include creativity, communication, patience and focus.", { type: "format", format: "list", source: "" })).toBe(0.7);
    expect(check("One long paragraph of prose without any enumeration at all here.", { type: "format", format: "list", source: "" })).toBe(0.2);
    expect(check("| a | b |\n|---|---|\n| 1 | 2 |", { type: "format", format: "table", source: "" })).toBe(1);
    expect(check('```json\n{"a": 1}\n```', { type: "format", format: "json", source: "" })).toBe(1);
    expect(check("{a: 1}", { type: "format", format: "json", source: "" })).toBe(0);
    expect(check("Yes, it is prime.", { type: "format", format: "yesno", source: "" })).toBe(1);
    expect(check("Was I surprised by the outcome?", { type: "format", format: "question", source: "" })).toBe(1);
    expect(check("I was surprised.", { type: "format", format: "question", source: "" })).toBe(0);
  });

  it("checks case, language, required and forbidden words, openings, endings and person", () => {
    expect(check("ALL OF THIS IS UPPER CASE.", { type: "case", letterCase: "upper", source: "" })).toBe(1);
    expect(check("Mostly lower case.", { type: "case", letterCase: "upper", source: "" })).toBe(0);
    expect(check("Le chat est sur la table et il dort.", { type: "language", language: "fr", source: "" })).toBe(1);
    expect(check("The cat is on the table and sleeps.", { type: "language", language: "fr", source: "" })).toBe(0);
    expect(check("The cat is on the table and sleeps.", { type: "language", language: "not-source", source: "" }, "The dog is in the garden and runs.")).toBe(0);
    expect(check("Her effervescence made him hesitant.", { type: "include", terms: ["effervescence", "hesitant", "integrity"], source: "" })).toBeCloseTo(2 / 3);
    expect(check("A good day.", { type: "exclude", terms: ["good"], source: "" })).toBe(0);
    expect(check("Dear team, hello.", { type: "startsWith", text: "Dear team", source: "" })).toBe(1);
    expect(check("Hello. Thanks!", { type: "endsWith", text: "Thanks", source: "" })).toBe(1);
    expect(check("They reduced their risk.", { type: "person", person: "third", source: "" })).toBe(1);
    expect(check("We reduced our risk.", { type: "person", person: "third", source: "" })).toBe(0);
  });

  it("finds inline enumerations", () => {
    expect(inlineEnumeration("Skills include creativity, communication skills, analytical thinking and patience.")).toBe(4);
    expect(inlineEnumeration("This is a sentence without a list.")).toBe(0);
  });
});
