/** An OpenAI-format tool, as `convertToOpenAITool` makes it from any LangChain tool. */
export interface FunctionTool {
  type: "function";
  function: { name: string; description?: string; parameters?: Record<string, unknown> };
}
