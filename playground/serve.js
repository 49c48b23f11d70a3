#!/usr/bin/env node
// `npm run playground`: build the page (build.js), then serve playground/dist on
// http://localhost:5173 (PORT to change it) until interrupted. Static files only, GET and HEAD.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildPlayground } from './build.js';

const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8', '.map': 'application/json' };

/** Serve `dir` on `port` (0: any free port); resolves to the server and its URL. */
export function servePlayground(dir, port = 0, host = '127.0.0.1') {
  const server = createServer(async (req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const file = path.join(dir, pathname === '/' ? 'index.html' : pathname);
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !file.startsWith(dir + path.sep)) {
      res.writeHead(req.method === 'GET' || req.method === 'HEAD' ? 404 : 405).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve({ server, url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${server.address().port}/` }));
  });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outdir, bytes, ms } = await buildPlayground();
  console.log(`built playground: ${(bytes / 1024).toFixed(0)} kB in ${Math.round(ms)} ms`);
  const { url } = await servePlayground(outdir, Number(process.env.PORT ?? 5173), process.env.HOST ?? '127.0.0.1');
  console.log(`adgen playground at ${url} (Ctrl-C to stop)`);
}
