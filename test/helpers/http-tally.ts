import { get } from 'node:http';

/** One GET on a fresh connection to 127.0.0.1:port. */
export function getLoopback(port: number, path = '/', timeoutMs = 3000): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, agent: false, timeout: timeoutMs }, (res) => {
      let body = '';
      res.setEncoding('utf8').on('data', (c: string) => { body += c; }).on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from 127.0.0.1:${port} within ${timeoutMs} ms`)));
    req.on('error', reject);
  });
}

/**
 * Sends n GETs one after the other and counts the answers by label(body) (status other than
 * 200 counts as "status NNN", a failure as "error"). Bounded in count and in time: it stops
 * at the deadline, whatever is left.
 */
export async function tallyRequests(port: number, n: number, label: (body: string) => string, deadlineMs = 30_000): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  const end = Date.now() + deadlineMs;
  for (let i = 0; i < n && Date.now() < end; i++) {
    let key: string;
    try {
      const r = await getLoopback(port);
      key = r.status === 200 ? label(r.body) : `status ${r.status}`;
    } catch {
      key = 'error';
    }
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
}
