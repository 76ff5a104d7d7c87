import { request, type ClientRequest } from 'node:http';
import { requireLoopbackHost } from './loopback.js';
import { WorkloadOptionsError } from './workload-errors.js';

/** What a source streams into icecast, and for how long at most. */
export interface IcecastSourceOptions {
  /** icecast's address: a 127.0.0.0/8 literal. */
  host: string;
  port: number;
  /** The mount to feed, e.g. /live. */
  mount: string;
  /** The source password (user "source"). */
  password: string;
  bitsPerSec: number;
  /** The source stops by itself after this long, whatever its caller does. */
  maxMs: number;
  /** Ice-Name of the stream (default "lama demo source"). */
  name?: string;
}

/**
 * An icecast source client for the demo: HTTP PUT (icecast 2.4) with basic auth
 * source:PASSWORD, Content-Type audio/mpeg and Expect: 100-continue, then filler bytes at a
 * steady rate. It paces by elapsed time, so a blocked event loop is caught up rather than
 * lowering the rate, and it is bounded by maxMs.
 */
export class IcecastSource {
  /** Bytes written to the connection so far. */
  bytesSent = 0;
  /** Resolves once icecast has accepted the source (100 Continue), rejects on a refusal. */
  readonly accepted: Promise<void>;
  /** Resolves when the source connection is closed (stop(), maxMs, or icecast hung up). */
  readonly closed: Promise<void>;
  private readonly req: ClientRequest;
  private timer: NodeJS.Timeout | undefined;
  private stopper: NodeJS.Timeout | undefined;

  /** Throws NotLoopbackError when host is not on 127.0.0.0/8, WorkloadOptionsError for a bad option. */
  constructor(private readonly o: IcecastSourceOptions) {
    requireLoopbackHost(o.host, 'icecast host');
    if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535) throw new WorkloadOptionsError('port', `must be 1-65535 (got ${o.port})`);
    if (!/^\/[A-Za-z0-9._~/-]*$/.test(o.mount)) throw new WorkloadOptionsError('mount', `'${o.mount}' is not a mount like /live`);
    if (!(o.bitsPerSec > 0) || !Number.isFinite(o.bitsPerSec)) throw new WorkloadOptionsError('bitsPerSec', 'must be a number above 0');
    if (!(o.maxMs > 0) || !Number.isFinite(o.maxMs)) throw new WorkloadOptionsError('maxMs', 'must be a number above 0');
    this.req = request({
      host: o.host, port: o.port, path: o.mount, method: 'PUT', agent: false, auth: `source:${o.password}`,
      headers: {
        'Content-Type': 'audio/mpeg', 'Ice-Name': o.name ?? 'lama demo source', 'Ice-Public': '0',
        'Ice-Bitrate': String(Math.round(o.bitsPerSec / 1000)), Expect: '100-continue',
      },
    });
    this.req.on('error', () => undefined);
    this.closed = new Promise<void>((resolve) => this.req.once('close', () => {
      this.stopTimers();
      resolve();
    }));
    this.accepted = new Promise<void>((resolve, reject) => {
      this.req.once('continue', () => {
        this.pump();
        resolve();
      });
      this.req.once('response', (res) => {
        res.resume();
        reject(new Error(`icecast refused the source on ${o.mount}: HTTP ${res.statusCode}`));
      });
      this.req.once('error', reject);
      this.req.once('close', () => reject(new Error(`the source connection to ${o.host}:${o.port} closed before icecast accepted it`)));
    });
    this.accepted.catch(() => undefined);
    this.stopper = setTimeout(() => this.stop(), o.maxMs);
    this.req.flushHeaders();
  }

  private pump(): void {
    const start = Date.now();
    const pattern = Buffer.alloc(64 * 1024);
    for (let i = 0; i < pattern.length; i++) pattern[i] = (i * 31 + 7) & 0xff;
    this.timer = setInterval(() => {
      const owed = Math.floor(((Date.now() - start) / 1000) * (this.o.bitsPerSec / 8)) - this.bytesSent;
      if (owed <= 0 || this.req.destroyed) return;
      const n = Math.min(owed, pattern.length);
      this.req.write(pattern.subarray(0, n));
      this.bytesSent += n;
    }, 50);
  }

  private stopTimers(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.stopper) clearTimeout(this.stopper);
    this.timer = undefined;
    this.stopper = undefined;
  }

  /** Stops sending and closes the connection. */
  stop(): void {
    this.stopTimers();
    this.req.destroy();
  }
}
