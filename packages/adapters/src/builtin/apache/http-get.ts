import { request } from 'node:http';

/** One HTTP response, read whole. */
export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Bytes on the wire (status line, headers, body): what httpd adds to its Total kBytes. */
  size: number;
}

/**
 * GET on a fresh connection (no keep-alive agent): after a graceful reload a pooled
 * connection could still reach a worker of the old generation and answer for the old config.
 */
export function httpGet(host: string, port: number, path: string, timeoutMs: number): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = request({ host: host.replace(/^\[|\]$/g, ''), port, path, method: 'GET', agent: false, headers: { connection: 'close' }, timeout: timeoutMs }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        // A status page is a few kB; anything huge is not what we asked for.
        size += c.length;
        if (size > 1_000_000) req.destroy(new Error('response too large'));
        else chunks.push(c);
      });
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        let head = `HTTP/1.1 ${res.statusCode} ${res.statusMessage}\r\n`.length + 2;
        for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) head += res.rawHeaders[i].length + res.rawHeaders[i + 1].length + 4;
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: body.toString('latin1'), size: head + body.length });
      });
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end();
  });
}

/** The address to reach a Listen address from this host (a wildcard means loopback). */
export function probeTarget(listen: string): { host: string; port: number } {
  const i = listen.lastIndexOf(':');
  let host = listen.slice(0, i);
  if (host === '0.0.0.0') host = '127.0.0.1';
  if (host === '[::]' || host === '[0:0:0:0:0:0:0:0]') host = '[::1]';
  return { host, port: Number(listen.slice(i + 1)) };
}
