/**
 * A loopback HTTP server that answers the LangSmith tracing client the way the
 * LangSmith API does, and records every run it is sent: `GET /info`,
 * `POST /runs/multipart` (form parts `post.<id>`, `post.<id>.inputs`,
 * `patch.<id>.outputs`, …), `POST /runs/batch` (`{ post, patch }`), and the
 * single-run `POST /runs` / `PATCH /runs/<id>`. Gzip-encoded bodies are
 * decoded; `/info` advertises no compression, so the client sends plain bodies.
 *
 * ```ts
 * const langsmith = await startLangSmithServer();
 * process.env.LANGSMITH_ENDPOINT = langsmith.url;   // with LANGSMITH_TRACING=true, LANGSMITH_API_KEY=…
 * // … run a graph, then flush …
 * langsmith.runs;              // every run, posts and patches merged by id
 * langsmith.roots();           // runs without a parent: one per trace
 * langsmith.childrenOf(root);  // direct children, in start order
 * await langsmith.close();
 * ```
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { gunzipSync } from "node:zlib";

/** One run as LangSmith stores it: the `post` fields, then any `patch` fields over them. */
export interface RecordedRun {
  id: string;
  name: string;
  run_type: string;
  trace_id?: string;
  parent_run_id?: string | null;
  dotted_order?: string;
  start_time?: string | number;
  end_time?: string | number;
  session_name?: string;
  tags?: string[];
  extra?: { metadata?: Record<string, unknown>; [key: string]: unknown };
  inputs?: Record<string, unknown>;
  outputs?: Record<string, unknown>;
  error?: string;
  [key: string]: unknown;
}

/** One HTTP request the server answered. */
export interface LangSmithRequest {
  method: string;
  path: string;
  /** The API key header sent, if any. */
  apiKey?: string;
}

export interface LangSmithServer {
  /** `http://127.0.0.1:<port>`: the `LANGSMITH_ENDPOINT`. */
  readonly url: string;
  /** Every request, in arrival order. */
  readonly requests: readonly LangSmithRequest[];
  /** Every run received, posts and patches merged by id, in first-seen order. */
  readonly runs: readonly RecordedRun[];
  /** Runs without a parent: the root of each trace. */
  roots(): RecordedRun[];
  /** Direct children of a run, ordered by `dotted_order` (start order). */
  childrenOf(run: RecordedRun): RecordedRun[];
  /** Every run below `run`, at any depth. */
  descendantsOf(run: RecordedRun): RecordedRun[];
  /** Metadata of a run (`extra.metadata`), `{}` if none. */
  metadataOf(run: RecordedRun): Record<string, unknown>;
  /** Forget the requests and runs recorded so far. */
  reset(): void;
  close(): Promise<void>;
}

const readBody = async (req: IncomingMessage): Promise<Buffer> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks);
  return req.headers["content-encoding"] === "gzip" ? gunzipSync(body) : body;
};

/** Start the server on a free loopback port. */
export async function startLangSmithServer(): Promise<LangSmithServer> {
  let requests: LangSmithRequest[] = [];
  let runs = new Map<string, RecordedRun>();

  /** Merge fields into the run with this id (posts and patches may arrive in any order). */
  const record = (id: string, fields: Partial<RecordedRun>) => {
    const run = runs.get(id) ?? ({ id } as RecordedRun);
    runs.set(id, Object.assign(run, fields));
  };

  /** Multipart parts are named `<post|patch>.<id>` or `<post|patch>.<id>.<field>`. */
  const recordMultipart = async (body: Buffer, contentType: string) => {
    const form = await new Response(body, { headers: { "content-type": contentType } }).formData();
    for (const [name, value] of form.entries()) {
      const [operation, id, field] = name.split(".");
      if ((operation !== "post" && operation !== "patch") || !id) continue; // feedback, attachments
      const text = typeof value === "string" ? value : await value.text();
      const parsed = JSON.parse(text) as Record<string, unknown>;
      record(id, field ? { [field]: parsed } : parsed);
    }
  };

  const send = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "Content-Type": "application/json" });
    res.end(JSON.stringify(body));
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const path = new URL(req.url ?? "/", "http://localhost").pathname;
    const method = req.method ?? "GET";
    const apiKey = req.headers["x-api-key"];
    requests.push({ method, path, ...(typeof apiKey === "string" ? { apiKey } : {}) });
    const body = await readBody(req);

    if (method === "GET" && path === "/info") {
      return send(res, 200, {
        version: "0.10.0",
        license_expiration_time: null,
        batch_ingest_config: { size_limit: 100, size_limit_bytes: 20_971_520, scale_up_nthreads_limit: 16, scale_up_qsize_trigger: 1000, scale_down_nempty_trigger: 4 },
        instance_flags: {},
      });
    }
    if (method === "POST" && path === "/runs/multipart") {
      await recordMultipart(body, req.headers["content-type"] ?? "");
      return send(res, 202, {});
    }
    if (method === "POST" && path === "/runs/batch") {
      const { post = [], patch = [] } = JSON.parse(body.toString("utf8")) as Record<string, RecordedRun[]>;
      for (const run of [...post, ...patch]) record(run.id, run);
      return send(res, 202, {});
    }
    if (method === "POST" && path === "/runs") {
      const run = JSON.parse(body.toString("utf8")) as RecordedRun;
      record(run.id, run);
      return send(res, 202, {});
    }
    const patched = /^\/runs\/([^/]+)$/.exec(path);
    if (method === "PATCH" && patched) {
      record(patched[1]!, JSON.parse(body.toString("utf8")) as RecordedRun);
      return send(res, 202, {});
    }
    return send(res, 404, { detail: `not found: ${method} ${path}` });
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => send(res, 400, { detail: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  const all = () => [...runs.values()];
  const byStart = (a: RecordedRun, b: RecordedRun) => String(a.dotted_order).localeCompare(String(b.dotted_order));
  const childrenOf = (run: RecordedRun) => all().filter((r) => r.parent_run_id === run.id).sort(byStart);
  const descendantsOf = (run: RecordedRun): RecordedRun[] =>
    childrenOf(run).flatMap((child) => [child, ...descendantsOf(child)]);

  return {
    url: `http://127.0.0.1:${port}`,
    get requests() {
      return requests;
    },
    get runs() {
      return all();
    },
    roots: () => all().filter((run) => !run.parent_run_id),
    childrenOf,
    descendantsOf,
    metadataOf: (run) => run.extra?.metadata ?? {},
    reset() {
      requests = [];
      runs = new Map();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
