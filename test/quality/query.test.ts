import { describe, expect, it } from "vitest";
import { profileQuery, splitQuery } from "../../src/quality/text/query.js";

describe("splitQuery", () => {
  it("takes the first paragraph as the instruction and the rest as input", () => {
    expect(splitQuery("Summarize the following content.\n\nMy long story here.")).toEqual({ instruction: "Summarize the following content.", input: "My long story here." });
  });

  it("takes a short request after a long passage as the instruction", () => {
    const passage = Array.from({ length: 70 }, (_, i) => `word${i}`).join(" ");
    expect(splitQuery(`${passage}\n\nWhat is the main point?`).instruction).toBe("What is the main point?");
  });

  it("splits an inline input after a colon or after a 'following …' sentence", () => {
    expect(splitQuery('Rewrite this sentence in a more concise way: "A long sentence."')).toEqual({ instruction: "Rewrite this sentence in a more concise way", input: '"A long sentence."' });
    expect(splitQuery("Generate two rhymes for the following word. Moon")).toEqual({ instruction: "Generate two rhymes for the following word.", input: "Moon" });
    expect(splitQuery("Why is the sky blue?")).toEqual({ instruction: "Why is the sky blue?", input: "" });
  });
});

describe("profileQuery", () => {
  it("categorizes requests by their instruction, not by words in the input", () => {
    expect(profileQuery("Summarize the following content.\n\nHow many cats do 3 people have if 2 leave?").category).toBe("summarize");
    expect(profileQuery("Janet has 3 apples and buys 5 more. How many apples does she have?").category).toBe("math");
    expect(profileQuery("Translate the text into French.\n\nGood morning").category).toBe("translate");
    expect(profileQuery("Classify the following list as either a positive or negative emotion: amazed, scared").category).toBe("closed");
    expect(profileQuery("Make a list of snacks for a game day.").category).toBe("list");
    expect(profileQuery("Construct plumbing diagrams for a two-story house").category).not.toBe("creative");
    expect(profileQuery("Write a script for a 10-second conversation between two characters.").category).toBe("creative");
  });

  it("recognises brevity, with a limit that depends on the form", () => {
    expect(profileQuery("Write a headline for this article.").brevityLimit).toBe(30);
    expect(profileQuery("Generate a short story about a cat.").brevityLimit).toBe(250);
    expect(profileQuery("Describe the differences with a brief example.").brevity).toBe(false);
    expect(profileQuery("Talk about Who wears short shorts?").brevity).toBe(false);
  });

  it("flags completions and direct questions", () => {
    expect(profileQuery('Complete the following sentence: "It was raining, so I ____."').completion).toBe(true);
    expect(profileQuery("What is an antonym for cogent?").question).toBe(true);
  });

  it("lets the classifier's task type refine an unclear request", () => {
    expect(profileQuery("The sea at night.").category).toBe("open");
    expect(profileQuery("The sea at night.", "creative_writing").category).toBe("creative");
    expect(profileQuery("The sea at night.", "documentation")).toMatchObject({ category: "explain", elaboration: true });
    expect(profileQuery("Summarize the following text.\n\nA long text.", "creative_writing").category).toBe("summarize");
  });
});
