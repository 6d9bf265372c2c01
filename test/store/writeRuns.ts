/**
 * A writer process for the concurrent-writers test: opens the run store at
 * argv[2] and records argv[4] runs whose taskIds start with argv[3].
 */
import { openRunStore } from "../../src/store/index.js";
import { sampleRun } from "./sampleRun.js";

const [location, prefix, count] = process.argv.slice(2) as [string, string, string];
const store = await openRunStore(location);
for (let i = 0; i < Number(count); i++) await store.recordRun(sampleRun(`${prefix}-${i}`, { attempts: 2 }));
await store.close();
