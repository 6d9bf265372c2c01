import { describe, expect, it } from "vitest";
import { selectBest } from "../../src/selection/index.js";
import { FakeChatModel } from "../support/fakeModels.js";

const rejects = (input: unknown) => selectBest(input as Parameters<typeof selectBest>[0]);

describe("selectBest input validation", () => {
  it("names the bad field", async () => {
    await expect(rejects({ query: "q", candidates: [] })).rejects.toThrow(/^candidates: must contain at least one candidate/u);
    await expect(rejects({ query: "q", candidates: "a" })).rejects.toThrow(/^candidates: /u);
    await expect(rejects({ query: "q", candidates: ["a", 2] })).rejects.toThrow(/^candidates\[1\]: must be a string/u);
    await expect(rejects({ query: "  ", candidates: ["a"] })).rejects.toThrow(/^query: must not be empty/u);
    await expect(rejects({ candidates: ["a"] })).rejects.toThrow(/^query: /u);
    await expect(rejects({ query: "q", candidates: ["a"], tests: 5 })).rejects.toThrow(/^tests: /u);
    await expect(rejects({ query: "q", candidates: ["a"], executeCode: "yes" })).rejects.toThrow(/^executeCode: must be a boolean/u);
    await expect(rejects({ query: "q", candidates: ["a"], judge: {} })).rejects.toThrow(/^judge: must be a LangChain chat model or a resolved agent/u);
    await expect(rejects({ query: "q", candidates: ["a"], sandbox: { timeoutMs: -1 } })).rejects.toThrow(/^sandbox\.timeoutMs: /u);
    await expect(rejects({ query: "q", candidates: ["a"], excuteCode: true })).rejects.toThrow(/^input: .*excuteCode/u);
    await expect(rejects(null)).rejects.toThrow(/^input: /u);
  });

  it("accepts a chat model or a resolved agent as judge", async () => {
    const model = new FakeChatModel({ json: { reason: "same", winner: "tie" } });
    await expect(selectBest({ query: "q", candidates: ["a", "b"], judge: model })).resolves.toMatchObject({ index: expect.any(Number) });
    const agent = { name: "judge", modelName: "fake", model };
    await expect(selectBest({ query: "q", candidates: ["a", "b"], judge: agent })).resolves.toMatchObject({ index: expect.any(Number) });
  });
});
