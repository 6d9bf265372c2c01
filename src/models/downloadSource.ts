/**
 * Before a model download: does its server answer at all? node-llama-cpp's
 * downloader (ipull) retries a server it cannot reach 150 times, for about
 * 12 minutes, without a word and with no way to stop it; one request of our
 * own first turns an unreachable server (no network, a firewall, a typo in
 * the URL) into an error within the stall timeout.
 */
import { noAnswerReason } from "../networkErrors.js";

/**
 * The server a remote model comes from: the URL itself, or for an `hf:` URI
 * the Hugging Face endpoint node-llama-cpp downloads from (`MODEL_ENDPOINT`,
 * else `HF_ENDPOINT`, else huggingface.co, as it resolves them).
 */
function downloadServerOf(spec: string): string {
  if (!/^hf:/i.test(spec)) return spec;
  return process.env.MODEL_ENDPOINT || process.env.HF_ENDPOINT || "https://huggingface.co/";
}

/** A download server that gave no answer: its origin, and why. */
export interface Unreachable {
  server: string;
  reason: string;
}

/**
 * Whether the server of `spec` gives no answer within `timeoutMs`, and why;
 * undefined when it answers (with any status: what is wrong with the file,
 * the downloader says).
 */
export async function unreachableServer(spec: string, timeoutMs: number, signal?: AbortSignal): Promise<Unreachable | undefined> {
  const url = downloadServerOf(spec);
  const reason = await noAnswerReason(url, timeoutMs, { method: "HEAD", signal });
  return reason === undefined ? undefined : { server: new URL(url).origin, reason };
}
