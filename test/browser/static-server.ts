/**
 * A tiny static file server on node:http (no dependency), for opening built pages in Chromium: the course-page test
 * `npm run bench` and scripts/screenshot.ts. Each URL prefix maps to a folder, tried in order (a path that is no file
 * in one falls through to the next; `/` serves index.html); a path found nowhere is a 404. It also records every path
 * requested, so that a test can say what a page downloaded.
 */
import { createReadStream, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.bin': 'application/octet-stream',
};

export interface StaticServer {
  /** `http://127.0.0.1:port` */
  readonly origin: string;
  /** Every path requested so far, in order (query strings dropped). */
  readonly requested: string[];
  close(): Promise<void>;
}

/**
 * Serves `routes` (URL prefix → folder, e.g. `{ '/dist/': outDir, '/examples/': examplesDir }`, or a list of
 * [prefix, folder] pairs when one prefix falls back to a second folder) and `pages` (exact path → HTML text made by
 * the caller) on 127.0.0.1, on a free port unless `port` is given.
 */
export async function serveStatic(routes: Record<string, string> | [prefix: string, folder: string][], pages: Record<string, string> = {}, port = 0): Promise<StaticServer> {
  const pairs = Array.isArray(routes) ? routes : Object.entries(routes);
  const requested: string[] = [];
  const server: Server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    requested.push(path);
    if (path in pages) {
      res.writeHead(200, { 'content-type': TYPES['.html'], 'cache-control': 'no-store' });
      res.end(pages[path]);
      return;
    }
    for (const [prefix, folder] of pairs) {
      if (!path.startsWith(prefix)) continue;
      const file = normalize(join(folder, path.slice(prefix.length), path.endsWith('/') ? 'index.html' : ''));
      if (!file.startsWith(folder.endsWith(sep) ? folder : folder + sep)) continue;
      try {
        if (statSync(file).isFile()) {
          res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
          createReadStream(file).pipe(res);
          return;
        }
      } catch {
        // not in this folder: the next one, or a 404 below
      }
    }
    res.writeHead(404, { 'content-type': 'text/plain' });
    res.end(`not found: ${path}`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${bound}`,
    requested,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
