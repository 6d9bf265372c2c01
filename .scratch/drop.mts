import { createParallelGraph } from "../src/index.js";
import { FakeChatModel } from "../test/support/fakeModels.js";
const worker = new FakeChatModel("part done", "worker", 5);
const graph = createParallelGraph().compile();
for (const mc of [1, 2, 3]) {
  const state = await graph.invoke({ query: "Review", subtasks: ["a", "b", "c", "d"] }, { configurable: { agents: { worker } }, maxConcurrency: mc });
  console.log(mc, state.status, state.results.map((r: any) => r.key + ":" + r.status));
}
