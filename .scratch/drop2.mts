import { createParallelGraph } from "../src/index.js";
import { FakeChatModel } from "../test/support/fakeModels.js";
const worker = new FakeChatModel("part done", "worker", 5);
const graph = createParallelGraph().compile();
for (const mc of [1, 2]) {
  const stream = await graph.stream({ query: "Review", subtasks: ["a", "b", "c", "d"] }, { configurable: { agents: { worker } }, maxConcurrency: mc, streamMode: ["updates", "debug"] as any });
  for await (const [m, c] of stream as any) console.log(mc, m, JSON.stringify(c).slice(0, 300));
}
