/**
 * The progress display on its own, fed the stream events a run produces:
 * plain lines without escape codes when stderr is not a terminal, a live
 * board of calls in flight (cleared at the end) when it is.
 */
import { describe, expect, it } from "vitest";
import { AIMessageChunk } from "@langchain/core/messages";
import type { OrchestrationEvent } from "../../src/orchestrator.js";
import { ProgressReporter } from "../../src/cli/progress.js";
import type { Terminal } from "../../src/cli/terminal.js";

class FakeTerminal implements Terminal {
  text = "";
  constructor(
    readonly isTTY: boolean,
    readonly columns = 80,
  ) {}
  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }
  hasColors(): boolean {
    return this.isTTY;
  }
}

const ESC = "\x1b";
const start = (agent: string, task: string): OrchestrationEvent => ({
  mode: "custom",
  namespace: ["sequential:1"],
  data: { event: "agent_start", key: "step:0", agent, model: `${agent}:7b`, task, attempt: 1 },
});
const token = (agent: string, task: string, content: string): OrchestrationEvent => ({
  mode: "messages",
  namespace: ["sequential:1", "runAgent:2"],
  data: [new AIMessageChunk({ content }), { langgraph_node: "runAgent", agent, task }],
});
const end = (agent: string, task: string): OrchestrationEvent => ({
  mode: "custom",
  namespace: ["sequential:1"],
  data: {
    event: "agent_end",
    result: {
      key: "step:0",
      agent,
      model: `${agent}:7b`,
      task,
      status: "completed",
      output: "done",
      qualityScore: 0.8,
      latencyMs: 1500,
      usage: { inputTokens: 12, outputTokens: 34 },
    },
  },
});
const handoff = {
  from: "planner",
  to: "coder",
  step: "Design it",
  summary: "Use a stack.",
  keyOutputs: [],
  decisions: [],
  openQuestions: [],
};

function run(terminal: FakeTerminal): ProgressReporter {
  let clock = 0;
  const progress = new ProgressReporter(terminal, { now: () => (clock += 100) });
  progress.handle(start("planner", "Design it"));
  progress.handle(token("planner", "Design it", "Use"));
  progress.handle(token("planner", "Design it", " a stack"));
  progress.handle(end("planner", "Design it"));
  progress.handle({ mode: "updates", namespace: ["sequential:1"], data: { handoff: { handoffs: [handoff], step: 1 } } });
  // The orchestrator's update for the whole mode subgraph repeats the handoff: not shown again.
  progress.handle({ mode: "updates", namespace: [], data: { sequential: { handoffs: [handoff] } } });
  progress.stop();
  return progress;
}

describe("ProgressReporter", () => {
  it("writes plain lines, no escape codes, when stderr is not a terminal", () => {
    const terminal = new FakeTerminal(false);
    run(terminal);
    expect(terminal.text).not.toContain(ESC);
    const lines = terminal.text.trimEnd().split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^\[ +0\.\ds\] start +planner \(planner:7b\) · Design it$/);
    expect(lines[1]).toMatch(/done +planner · Design it · 1\.5s · 12→34 tokens · quality 0\.80$/);
    expect(lines[2]).toMatch(/handoff +planner → coder · Design it: Use a stack\.$/);
  });

  it("names the host of a call that goes to another Ollama server than the default one", () => {
    const terminal = new FakeTerminal(false);
    const progress = new ProgressReporter(terminal, { defaultHost: "http://127.0.0.1:11434" });
    const on = (agent: string, host: string): OrchestrationEvent => {
      const event = start(agent, "Design it");
      return { ...event, data: { ...(event.data as object), host } } as OrchestrationEvent;
    };
    progress.handle(on("planner", "http://127.0.0.1:11434"));
    progress.handle(on("coder", "http://gpu-box:11434"));
    progress.stop();
    const lines = terminal.text.trimEnd().split("\n");
    expect(lines[0]).toMatch(/start +planner \(planner:7b\) · Design it$/);
    expect(lines[1]).toMatch(/start +coder \(coder:7b @ http:\/\/gpu-box:11434\) · Design it$/);
  });

  it("says when an attempt waited for its model (Ollama's load_duration), not when the model was ready at once", () => {
    const terminal = new FakeTerminal(false);
    const progress = new ProgressReporter(terminal);
    const loaded = (agent: string, modelLoadMs: number): OrchestrationEvent => {
      const event = end(agent, "Design it");
      const data = event.data as Extract<OrchestrationEvent, { mode: "custom" }>["data"] & { result: object };
      return { ...event, data: { ...data, result: { ...data.result, modelLoadMs } } } as OrchestrationEvent;
    };
    progress.handle(loaded("planner", 2300));
    progress.handle(loaded("coder", 12));
    progress.stop();
    const lines = terminal.text.trimEnd().split("\n");
    expect(lines[0]).toMatch(/done +planner · Design it · 1\.5s · model ready after 2\.3s · 12→34 tokens · quality 0\.80$/);
    expect(lines[1]).toMatch(/done +coder · Design it · 1\.5s · 12→34 tokens · quality 0\.80$/);
  });

  it("shows on the live board how many calls wait to start, and for which host", () => {
    const terminal = new FakeTerminal(true);
    const progress = new ProgressReporter(terminal);
    const queued = (agent: string, key: string, host?: string): OrchestrationEvent => ({
      mode: "custom",
      namespace: ["parallel:1"],
      data: { event: "agent_queued", key, agent, model: `${agent}:7b`, ...(host ? { host } : {}), task: "Design it", attempt: 1 },
    });
    progress.handle(queued("planner", "step:0", "http://gpu-box:11434"));
    progress.handle(queued("coder", "step:1", "http://gpu-box:11434"));
    progress.handle(queued("judge", "step:2"));
    progress.info("note", "redraw");
    expect(terminal.text).toContain("⋯ 3 calls waiting to start: 2 for http://gpu-box:11434, 1 for a run slot");
    progress.handle(start("planner", "Design it")); // key step:0: no longer waiting
    expect(terminal.text).toContain("⋯ 2 calls waiting to start: 1 for http://gpu-box:11434, 1 for a run slot");
    progress.handle(end("planner", "Design it"));
    const before = terminal.text.length;
    progress.stop();
    progress.info("note", "after");
    expect(terminal.text.slice(before)).not.toContain("waiting to start");
  });

  it("a learned route is the run's one mode line: the graph's classification of the mode it was given is not repeated", () => {
    const classification = {
      taskType: "code_generation",
      complexity: 2,
      confidence: 0.93,
      reasoning: "learned: single:coder passed 6/6 code_generation items; collaborative 2/6",
      suggestedMode: "collaborative",
      source: "rules",
    } as const;
    const terminal = new FakeTerminal(false);
    const progress = new ProgressReporter(terminal);
    progress.handle({ mode: "custom", namespace: [], data: { event: "route", strategy: "single:coder", source: "learned", classification } });
    const graphClassified = { ...classification, reasoning: "code_generation (score 4.5)" };
    progress.handle({ mode: "updates", namespace: [], data: { classify: { classification: graphClassified, executionMode: "collaborative" } } });
    progress.stop();
    expect(terminal.text.trimEnd().split("\n")).toEqual([
      expect.stringMatching(
        /^\[ +0\.\ds\] mode +single:coder, chosen by learned routing \(code_generation, complexity 2\/4, confidence 0\.93\): learned: single:coder passed 6\/6/,
      ),
    ]);
  });

  it("keeps calls in flight on a live board with streamed tokens, and clears it at the end", () => {
    const terminal = new FakeTerminal(true);
    const progress = new ProgressReporter(terminal);
    progress.handle(start("planner", "Design it"));
    progress.handle(token("planner", "Design it", "Use"));
    progress.handle(token("planner", "Design it", " a"));
    progress.info("note", "redraw"); // any line redraws the board below it
    expect(terminal.text).toMatch(/planner · Design it · \d+\.\ds · ~2 tokens/);
    const before = terminal.text.length;
    progress.handle(end("planner", "Design it"));
    progress.stop();
    const after = terminal.text.slice(before);
    expect(after).toContain(`${ESC}[0J`); // the board was cleared
    expect(after).not.toMatch(/~\d+ tokens/); // and not drawn again once the call ended
    expect(terminal.text).toContain(`${ESC}[32m`); // colours on a terminal that has them
  });
});
