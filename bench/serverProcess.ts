/**
 * Child-process host of the benchmark's Ollama server: its event loop is not
 * the orchestrator's. Driven over IPC by `startBenchServer("child", …)`.
 */
import type { OllamaServer } from "../test/support/ollamaServer.js";
import { chatLog, startScriptedServer, type ServerReply, type ServerRequest } from "./modelServer.js";

let server: OllamaServer | undefined;

const answer = (reply: ServerReply) => process.send!(reply);

process.on("message", async (request: ServerRequest) => {
  try {
    switch (request.op) {
      case "start":
        server = await startScriptedServer(request.options);
        return answer({ id: request.id, ok: true, value: { url: server.url, timeOrigin: performance.timeOrigin } });
      case "reset":
        server!.reset();
        return answer({ id: request.id, ok: true });
      case "chats":
        return answer({ id: request.id, ok: true, value: chatLog(server!.requests, request.prompts) });
      case "close":
        await server?.close();
        server = undefined;
        return answer({ id: request.id, ok: true });
    }
  } catch (error) {
    answer({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});

process.on("disconnect", () => {
  void server?.close().finally(() => process.exit(0));
  if (!server) process.exit(0);
});
