import { request, type ClientRequest } from 'node:http';

/** What a test streams into icecast. */
export interface SourceOptions {
  host: string;
  port: number;
  mount: string;
  password: string;
  bitsPerSec: number;
  /** The source stops by itself after this long, whatever the test does. */
  maxMs: number;
}

/**
 * A small icecast source client: HTTP PUT (icecast 2.4) with basic auth source:PASSWORD and
 * Content-Type audio/mpeg, sending filler bytes at a steady rate. It paces by elapsed time, so
 * a blocked event loop is caught up rather than lowering the rate; it is bounded by maxMs.
 */
export class IcecastSource {
  bytesSent = 0;
  /** Resolves once icecast has accepted the source (100 Continue), rejects on a refusal. */
  readonly accepted: Promise<void>;
  private readonly req: ClientRequest;
  private timer: NodeJS.Timeout | undefined;
  private stopper: NodeJS.Timeout | undefined;

  constructor(private readonly o: SourceOptions) {
    this.req = request({
      host: o.host, port: o.port, path: o.mount, method: 'PUT', agent: false, auth: `source:${o.password}`,
      headers: { 'Content-Type': 'audio/mpeg', 'Ice-Name': 'lama test source', 'Ice-Bitrate': String(Math.round(o.bitsPerSec / 1000)), Expect: '100-continue' },
    });
    this.req.on('error', () => undefined);
    this.accepted = new Promise<void>((resolve, reject) => {
      this.req.once('continue', () => {
        this.pump();
        resolve();
      });
      this.req.once('response', (res) => reject(new Error(`icecast refused the source on ${o.mount}: HTTP ${res.statusCode}`)));
      this.req.once('error', reject);
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

  /** Stops sending and closes the connection. */
  stop(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.stopper) clearTimeout(this.stopper);
    this.timer = undefined;
    this.req.destroy();
  }
}
