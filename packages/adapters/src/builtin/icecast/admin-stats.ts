import { request } from 'node:http';
import { LamaError } from '@lama/lookup';

/** One reading of icecast's /admin/stats: the global fields and each mount's. */
export interface IcecastStats {
  global: Record<string, string>;
  mounts: Map<string, Record<string, string>>;
}

/** /admin/stats answered with something other than 200. */
export class StatsHttpError extends LamaError {
  constructor(readonly status: number, message: string) {
    super('ERR_ICECAST_STATS_HTTP', message);
  }
}

const ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(s: string): string {
  return s.replace(ENTITY, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)));
    return NAMED[e];
  });
}

function leaves(xml: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of xml.matchAll(/<([A-Za-z_][\w.-]*)>([^<]*)<\/\1>/g)) out[m[1]] = decode(m[2]);
  return out;
}

/** Parses the XML of /admin/stats (flat: <icestats> fields, then <source mount="..."> blocks). */
export function parseIcecastStats(xml: string): IcecastStats {
  if (!/<icestats[\s>]/.test(xml)) throw new Error('not an icecast stats document (no <icestats>)');
  const mounts = new Map<string, Record<string, string>>();
  const outside = xml.replace(/<source\s+mount="([^"]*)"\s*>([\s\S]*?)<\/source>/g, (_, mount: string, body: string) => {
    mounts.set(decode(mount), leaves(body));
    return '';
  });
  return { global: leaves(outside), mounts };
}

/** A stats field as a number; 0 when absent or not numeric (e.g. "unlimited"). */
export function statNumber(fields: Record<string, string> | undefined, key: string): number {
  const n = Number(fields?.[key]);
  return Number.isFinite(n) ? n : 0;
}

/** Where and as whom the adapter reads /admin/stats. */
export interface StatsEndpoint {
  host: string;
  port: number;
  adminPassword: string;
}

const MAX_BODY = 4 * 1024 * 1024;

/**
 * GETs /admin/stats. A fresh connection each time and "Connection: close": icecast counts
 * every open connection against <clients>, so the adapter never keeps one.
 */
export function fetchIcecastStats(e: StatsEndpoint, timeoutMs = 2000): Promise<IcecastStats> {
  const host = e.host === '0.0.0.0' ? '127.0.0.1' : e.host === '::' ? '::1' : e.host;
  return new Promise((resolve, reject) => {
    const req = request({
      host, port: e.port, path: '/admin/stats', method: 'GET', agent: false, timeout: timeoutMs,
      headers: { Authorization: `Basic ${Buffer.from(`admin:${e.adminPassword}`).toString('base64')}`, Connection: 'close' },
    });
    req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', (err: NodeJS.ErrnoException) => {
      // Over its <clients> limit icecast closes a connection before reading it: the client sees a reset, not the 403.
      reject(err.code === 'ECONNRESET' ? new Error('GET /admin/stats: connection reset (icecast does this over its <clients> limit)') : err);
    });
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY) req.destroy(new Error('stats document larger than 4 MiB'));
        else chunks.push(c);
      });
      res.on('error', reject);
      res.on('end', () => {
        const body = Buffer.concat(chunks).toString('utf8');
        if (res.statusCode !== 200) {
          const why = res.statusCode === 401 ? 'the admin password is refused' : res.statusCode === 403 ? 'refused, e.g. the <clients> limit is reached' : body.slice(0, 100);
          reject(new StatsHttpError(res.statusCode ?? 0, `GET /admin/stats: HTTP ${res.statusCode} (${why})`));
          return;
        }
        try {
          resolve(parseIcecastStats(body));
        } catch (err) {
          reject(err as Error);
        }
      });
    });
    req.end();
  });
}
