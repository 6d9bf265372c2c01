/**
 * A loopback HTTP server that serves a model file the way a model host does
 * (HEAD, GET, byte ranges, Content-Length), or cuts every response off part
 * way, for the download tests. Counts the requests it answered.
 */
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface ModelFileServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** GET requests received (HEAD excluded). */
  readonly gets: number;
  /** Serve the file whole (false: cut every body off after `cutAfterBytes`). */
  setComplete(complete: boolean): void;
  close(): Promise<void>;
}

/**
 * @param files - path (e.g. `/tiny.gguf`) → bytes
 * @param cutAfterBytes - where a cut-off body ends (default: half the file)
 */
export async function startModelFileServer(files: Record<string, Buffer>, cutAfterBytes?: number): Promise<ModelFileServer> {
  let gets = 0;
  let complete = true;
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    const body = files[new URL(request.url ?? "/", "http://x").pathname];
    if (!body) {
      response.writeHead(404).end("not found");
      return;
    }
    let start = 0;
    let end = body.length - 1;
    const range = /^bytes=(\d*)-(\d*)$/.exec(request.headers.range ?? "");
    if (range) {
      start = range[1] ? Number(range[1]) : 0;
      end = range[2] ? Math.min(Number(range[2]), body.length - 1) : body.length - 1;
    }
    const headers = {
      "content-type": "application/octet-stream",
      "content-length": String(end - start + 1),
      "accept-ranges": "bytes",
      ...(range ? { "content-range": `bytes ${start}-${end}/${body.length}` } : {}),
    };
    response.writeHead(range ? 206 : 200, headers);
    if (request.method === "HEAD") {
      response.end();
      return;
    }
    gets++;
    const slice = body.subarray(start, end + 1);
    if (complete) {
      response.end(slice);
      return;
    }
    // Cut off: part of the body, then the connection drops (as a flaky link does).
    const cut = cutAfterBytes ?? Math.floor(body.length / 2);
    response.write(slice.subarray(0, Math.max(0, cut - start)), () => request.socket.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    get gets() {
      return gets;
    },
    setComplete(value) {
      complete = value;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
