// A tiny static file server for the built playground on 127.0.0.1, which records every request it gets.
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

export interface StaticServer {
  /** `http://127.0.0.1:PORT`. */
  readonly origin: string;
  /** Paths served, in order. */
  readonly served: string[];
  /** Paths asked for that are not in the folder. */
  readonly missing: string[];
  close(): Promise<void>;
}

/** Serves the files of `folder` (`/` is index.html); nothing outside it. */
export async function serveFolder(folder: string): Promise<StaticServer> {
  const root = normalize(folder);
  const served: string[] = [];
  const missing: string[] = [];
  const server: Server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://127.0.0.1').pathname);
    const file = normalize(join(root, path === '/' ? 'index.html' : path));
    if (!file.startsWith(root + sep)) {
      missing.push(path);
      response.writeHead(404).end();
      return;
    }
    readFile(file).then((body) => {
      served.push(path);
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
    }, () => {
      missing.push(path);
      response.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    served,
    missing,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
