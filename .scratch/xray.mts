import { createCollaborativeGraph, createOrchestratorGraph } from "../src/index.js";
const g = createCollaborativeGraph().compile();
const d = await g.getGraphAsync({ xray: true });
console.log(Object.keys(d.nodes), d.firstNode()?.id);
const o = createOrchestratorGraph().compile();
for await (const [k, s] of o.getSubgraphsAsync()) console.log(k, s === undefined, (s as any).getGraphAsync === (g as any).getGraphAsync, Object.hasOwn(s as any, "getGraphAsync"));
