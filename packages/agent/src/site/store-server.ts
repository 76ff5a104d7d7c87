import { createReadStream } from 'node:fs';
import { lstat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { formatHostPort, type HostPort } from '@lama/lookup';

/** A running store server. */
export interface StoreServer {
  url: string;
  address: HostPort;
  /** Requests answered, and body bytes sent (for tests and benchmarks). */
  stats: { requests: number; bytes: number };
  close(): Promise<void>;
}

const SAFE = /^\/(?:[A-Za-z0-9._-]+\/)*[A-Za-z0-9._-]+$/;

/**
 * Serves a store directory read-only over HTTP (keep-alive, single Range requests) for a
 * machine without a web server. Only plain files under the root; nothing is ever listed.
 */
export async function serveStore(root: string, listen: HostPort): Promise<StoreServer> {
  const stats = { requests: 0, bytes: 0 };
  const server = createServer((req, res) => {
    stats.requests++;
    answer(root, req, res, stats).catch(() => {
      if (!res.headersSent) res.writeHead(500).end();
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 30_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port, listen.host, () => resolve());
  });
  const a = server.address() as AddressInfo;
  const address = { host: listen.host, port: a.port };
  return {
    url: `http://${formatHostPort(address.host, address.port)}/`,
    address,
    stats,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

async function answer(root: string, req: IncomingMessage, res: ServerResponse, stats: { bytes: number }): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { allow: 'GET, HEAD' }).end();
    return;
  }
  const path = (req.url ?? '/').split('?')[0] as string;
  // Store names are plain ASCII: anything else (%-escapes, '..', hidden files) is not in a store.
  if (!SAFE.test(path) || path.split('/').some((p) => p.startsWith('.'))) {
    res.writeHead(404).end();
    return;
  }
  const file = join(root, path);
  const st = await lstat(file).catch(() => undefined);
  if (!st || !st.isFile()) {
    res.writeHead(404).end();
    return;
  }
  const type = path.endsWith('.json') ? 'application/json' : 'application/octet-stream';
  let start = 0;
  let end = st.size - 1;
  let status = 200;
  const range = req.headers.range;
  if (range !== undefined) {
    const m = /^bytes=(\d+)-(\d*)$/.exec(range);
    const from = m ? Number(m[1]) : NaN;
    const to = m && m[2] ? Math.min(Number(m[2]), st.size - 1) : st.size - 1;
    if (!m || from >= st.size || from > to) {
      res.writeHead(416, { 'content-range': `bytes */${st.size}` }).end();
      return;
    }
    start = from;
    end = to;
    status = 206;
  }
  const length = Math.max(0, end - start + 1);
  res.writeHead(status, {
    'content-type': type, 'content-length': length, 'accept-ranges': 'bytes',
    ...(status === 206 ? { 'content-range': `bytes ${start}-${end}/${st.size}` } : {}),
  });
  if (req.method === 'HEAD' || length === 0) {
    res.end();
    return;
  }
  stats.bytes += length;
  createReadStream(file, { start, end }).on('error', () => res.destroy()).pipe(res);
}
