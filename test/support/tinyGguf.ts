/**
 * Writes a tiny random-weight llama model as a GGUF v3 file, so tests and the
 * bench can drive node-llama-cpp for real without downloading any weights.
 * Its output is gibberish; what it exercises is the machinery: loading,
 * context sequences, sampling, grammars, chat templates, streaming.
 *
 * Shape: `llama` architecture, embedding 64, 2 layers, 4 heads, feed-forward
 * 128, F16 matrices (F32 norms); a byte-level vocabulary (the 256 GPT-2 byte
 * symbols, `tokenizer.ggml.model = "gpt2"`, no merges) plus the ChatML special
 * tokens, and a ChatML `tokenizer.chat_template`. About 240 KB.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { seededRandom } from "../../src/classification/learned.js";

const GGUF_VERSION = 3;
const ALIGNMENT = 32;

const EMBEDDING = 64;
const LAYERS = 2;
const HEADS = 4;
const FEED_FORWARD = 128;
const CONTEXT_LENGTH = 4096;

const SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"] as const;

/** ChatML, as Qwen models ship it (system, user, assistant turns; generation prompt). */
const CHATML_TEMPLATE =
  "{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}" +
  "{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}";

/** GGUF metadata value types. */
const enum ValueType {
  UINT32 = 4,
  INT32 = 5,
  FLOAT32 = 6,
  BOOL = 7,
  STRING = 8,
  ARRAY = 9,
}

/** ggml tensor types used here. */
const enum TensorType {
  F32 = 0,
  F16 = 1,
}

type Value =
  | { type: ValueType.UINT32 | ValueType.INT32 | ValueType.FLOAT32; value: number }
  | { type: ValueType.BOOL; value: boolean }
  | { type: ValueType.STRING; value: string }
  | { type: ValueType.ARRAY; of: ValueType.STRING; value: string[] }
  | { type: ValueType.ARRAY; of: ValueType.INT32; value: number[] };

/** GPT-2's reversible byte → printable-character table (what a byte-level BPE vocabulary spells bytes as). */
function byteSymbols(): string[] {
  const printable = new Set<number>();
  for (let b = 0x21; b <= 0x7e; b++) printable.add(b);
  for (let b = 0xa1; b <= 0xac; b++) printable.add(b);
  for (let b = 0xae; b <= 0xff; b++) printable.add(b);
  let extra = 0;
  return Array.from({ length: 256 }, (_, byte) => String.fromCodePoint(printable.has(byte) ? byte : 256 + extra++));
}

/** IEEE 754 half precision bits of a small float (no infinities or NaNs needed here). */
function toHalf(value: number): number {
  const f32 = new Float32Array([value]);
  const bits = new Uint32Array(f32.buffer)[0]!;
  const sign = (bits >>> 16) & 0x8000;
  const exponent = ((bits >>> 23) & 0xff) - 127 + 15;
  const mantissa = bits & 0x7fffff;
  if (exponent <= 0) return sign; // too small for a normal half: zero
  if (exponent >= 31) return sign | 0x7bff; // clamp to the largest finite half
  return sign | (exponent << 10) | (mantissa >>> 13);
}

class Writer {
  private chunks: Buffer[] = [];
  length = 0;
  push(buffer: Buffer): void {
    this.chunks.push(buffer);
    this.length += buffer.length;
  }
  /** A little-endian number of `size` bytes, written by `write`. */
  private fixed(size: number, write: (buffer: Buffer) => void): void {
    const buffer = Buffer.alloc(size);
    write(buffer);
    this.push(buffer);
  }
  u32(value: number): void {
    this.fixed(4, (b) => b.writeUInt32LE(value));
  }
  i32(value: number): void {
    this.fixed(4, (b) => b.writeInt32LE(value));
  }
  u64(value: number): void {
    this.fixed(8, (b) => b.writeBigUInt64LE(BigInt(value)));
  }
  f32(value: number): void {
    this.fixed(4, (b) => b.writeFloatLE(value));
  }
  string(value: string): void {
    const bytes = Buffer.from(value, "utf8");
    this.u64(bytes.length);
    this.push(bytes);
  }
  pad(): void {
    const rest = this.length % ALIGNMENT;
    if (rest) this.push(Buffer.alloc(ALIGNMENT - rest));
  }
  value(v: Value): void {
    this.u32(v.type);
    if (v.type === ValueType.UINT32) this.u32(v.value);
    else if (v.type === ValueType.INT32) this.i32(v.value);
    else if (v.type === ValueType.FLOAT32) this.f32(v.value);
    else if (v.type === ValueType.BOOL) this.push(Buffer.from([v.value ? 1 : 0]));
    else if (v.type === ValueType.STRING) this.string(v.value);
    else if (v.type === ValueType.ARRAY) {
      this.u32(v.of);
      this.u64(v.value.length);
      for (const item of v.value) {
        if (v.of === ValueType.STRING) this.string(item as string);
        else this.i32(item as number);
      }
    }
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

interface Tensor {
  name: string;
  /** ggml order: the innermost dimension first. */
  dims: number[];
  type: TensorType;
}

/** The tensors of a llama model of this shape. */
function tensors(vocabulary: number): Tensor[] {
  const matrix = (name: string, inner: number, outer: number): Tensor => ({ name, dims: [inner, outer], type: TensorType.F16 });
  const norm = (name: string): Tensor => ({ name, dims: [EMBEDDING], type: TensorType.F32 });
  const list = [matrix("token_embd.weight", EMBEDDING, vocabulary), norm("output_norm.weight"), matrix("output.weight", EMBEDDING, vocabulary)];
  for (let layer = 0; layer < LAYERS; layer++) {
    const blk = `blk.${layer}`;
    list.push(
      norm(`${blk}.attn_norm.weight`),
      matrix(`${blk}.attn_q.weight`, EMBEDDING, EMBEDDING),
      matrix(`${blk}.attn_k.weight`, EMBEDDING, EMBEDDING),
      matrix(`${blk}.attn_v.weight`, EMBEDDING, EMBEDDING),
      matrix(`${blk}.attn_output.weight`, EMBEDDING, EMBEDDING),
      norm(`${blk}.ffn_norm.weight`),
      matrix(`${blk}.ffn_gate.weight`, EMBEDDING, FEED_FORWARD),
      matrix(`${blk}.ffn_up.weight`, EMBEDDING, FEED_FORWARD),
      matrix(`${blk}.ffn_down.weight`, FEED_FORWARD, EMBEDDING),
    );
  }
  return list;
}

function tensorData(tensor: Tensor, next: () => number): Buffer {
  const count = tensor.dims.reduce((a, b) => a * b, 1);
  if (tensor.type === TensorType.F32) {
    const data = Buffer.alloc(count * 4);
    for (let i = 0; i < count; i++) data.writeFloatLE(1, i * 4); // RMS norm weights of 1
    return data;
  }
  const data = Buffer.alloc(count * 2);
  for (let i = 0; i < count; i++) data.writeUInt16LE(toHalf((next() - 0.5) * 0.2), i * 2);
  return data;
}

/** The bytes of the tiny model (deterministic for a seed). */
export function tinyGgufBytes(seed = 42): Buffer {
  const tokens = [...byteSymbols(), ...SPECIAL_TOKENS];
  const tokenTypes = tokens.map((_, i) => (i < 256 ? 1 : 3)); // 1 normal, 3 control
  const id = (token: (typeof SPECIAL_TOKENS)[number]) => tokens.indexOf(token);
  const metadata: [string, Value][] = [
    ["general.architecture", { type: ValueType.STRING, value: "llama" }],
    ["general.name", { type: ValueType.STRING, value: "llmgenie tiny test model" }],
    ["general.alignment", { type: ValueType.UINT32, value: ALIGNMENT }],
    ["general.file_type", { type: ValueType.UINT32, value: 1 }], // mostly F16
    ["llama.context_length", { type: ValueType.UINT32, value: CONTEXT_LENGTH }],
    ["llama.embedding_length", { type: ValueType.UINT32, value: EMBEDDING }],
    ["llama.block_count", { type: ValueType.UINT32, value: LAYERS }],
    ["llama.feed_forward_length", { type: ValueType.UINT32, value: FEED_FORWARD }],
    ["llama.attention.head_count", { type: ValueType.UINT32, value: HEADS }],
    ["llama.attention.head_count_kv", { type: ValueType.UINT32, value: HEADS }],
    ["llama.rope.dimension_count", { type: ValueType.UINT32, value: EMBEDDING / HEADS }],
    ["llama.attention.layer_norm_rms_epsilon", { type: ValueType.FLOAT32, value: 1e-5 }],
    ["llama.vocab_size", { type: ValueType.UINT32, value: tokens.length }],
    ["tokenizer.ggml.model", { type: ValueType.STRING, value: "gpt2" }],
    ["tokenizer.ggml.pre", { type: ValueType.STRING, value: "default" }],
    ["tokenizer.ggml.tokens", { type: ValueType.ARRAY, of: ValueType.STRING, value: tokens }],
    ["tokenizer.ggml.token_type", { type: ValueType.ARRAY, of: ValueType.INT32, value: tokenTypes }],
    ["tokenizer.ggml.merges", { type: ValueType.ARRAY, of: ValueType.STRING, value: [] }],
    ["tokenizer.ggml.bos_token_id", { type: ValueType.UINT32, value: id("<|endoftext|>") }],
    ["tokenizer.ggml.eos_token_id", { type: ValueType.UINT32, value: id("<|im_end|>") }],
    ["tokenizer.ggml.padding_token_id", { type: ValueType.UINT32, value: id("<|endoftext|>") }],
    ["tokenizer.ggml.add_bos_token", { type: ValueType.BOOL, value: false }],
    ["tokenizer.chat_template", { type: ValueType.STRING, value: CHATML_TEMPLATE }],
  ];
  const list = tensors(tokens.length);
  // Seeded: the same file every time, so a download test can compare bytes.
  const next = seededRandom(seed);
  const data = list.map((tensor) => tensorData(tensor, next));

  const out = new Writer();
  out.push(Buffer.from("GGUF", "ascii"));
  out.u32(GGUF_VERSION);
  out.u64(list.length);
  out.u64(metadata.length);
  for (const [key, value] of metadata) {
    out.string(key);
    out.value(value);
  }
  let offset = 0;
  list.forEach((tensor, i) => {
    out.string(tensor.name);
    out.u32(tensor.dims.length);
    for (const dim of tensor.dims) out.u64(dim);
    out.u32(tensor.type);
    out.u64(offset);
    offset += Math.ceil(data[i]!.length / ALIGNMENT) * ALIGNMENT;
  });
  out.pad();
  for (const chunk of data) {
    out.push(chunk);
    out.pad();
  }
  return out.bytes();
}

/** Write the tiny model to `path` (directories created); returns `path`. */
export function writeTinyGguf(path: string, seed = 42): string {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, tinyGgufBytes(seed));
  return path;
}
