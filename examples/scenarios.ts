/**
 * The seed guide's four usage scenarios, runnable: `npm run example` runs them
 * against Ollama at OLLAMA_BASE_URL with the default agents. The tests run the
 * same function with fake models.
 */
import { pathToFileURL } from "node:url";
import { AgentOrchestrator, ExecutionMode, flushTraces, type OrchestrationResult } from "../src/index.js";

export interface ScenarioResults {
  codePipeline: OrchestrationResult;
  research: OrchestrationResult;
  creativeWriting: OrchestrationResult;
  problemSolving: OrchestrationResult;
}

export async function runScenarios(orchestrator: AgentOrchestrator): Promise<ScenarioResults> {
  // 1. Code development pipeline: design → implementation → review.
  const codePipeline = await orchestrator.orchestrate({
    query: "Create a REST API for user management",
    executionMode: ExecutionMode.SEQUENTIAL,
  });
  // 2. Research and analysis: subtasks at the same time, then merged.
  const research = await orchestrator.orchestrate({
    query: "Analyze market trends for AI startups",
    executionMode: ExecutionMode.PARALLEL,
    subtasks: [
      "Research current AI startup funding trends",
      "Analyze competitor landscape",
      "Evaluate market opportunities",
    ],
  });
  // 3. Creative writing: every agent writes, the best post is kept.
  const creativeWriting = await orchestrator.orchestrate({
    query: "Write a compelling blog post about AI ethics",
    executionMode: ExecutionMode.COLLABORATIVE,
  });
  // 4. Problem solving: the classifier picks the mode.
  const problemSolving = await orchestrator.orchestrate("Debug performance issues in web application");
  return { codePipeline, research, creativeWriting, problemSolving };
}

function summary(name: string, r: OrchestrationResult): string {
  return `${name}: ${r.status} in ${r.metadata.executionMode} mode, quality ${r.qualityScore.toFixed(2)}, ` +
    `efficiency ${r.coordinationEfficiency.toFixed(2)}, agents ${r.agentsUsed.join(", ")}, ${r.executionTimeMs} ms`;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  const results = await runScenarios(new AgentOrchestrator());
  for (const [name, result] of Object.entries(results)) {
    console.log(summary(name, result));
    if (result.error) console.log(`  error: ${result.error}`);
  }
  // With LANGSMITH_TRACING=true: send the last traces, bounded, then exit even if some are still retrying.
  if (!(await flushTraces())) console.error("some LangSmith traces were not sent in time");
  process.exit(process.exitCode ?? 0);
}
