import { get, type ClientRequest } from 'node:http';

/** A listener that GETs a mount and counts the bytes it receives. */
export class StreamListener {
  bytes = 0;
  status = 0;
  readonly startedAt = Date.now();
  /** Resolves once the response headers arrived (with their status). */
  readonly connected: Promise<number>;
  /** Resolves when the stream ends, maxMs or maxBytes is reached, or stop() is called. */
  readonly ended: Promise<void>;
  private readonly req: ClientRequest;
  private timer: NodeJS.Timeout | undefined;

  constructor(host: string, port: number, mount: string, maxMs: number, private readonly maxBytes = 8_000_000) {
    let end: () => void = () => undefined;
    this.ended = new Promise((r) => { end = r; });
    this.req = get({ host, port, path: mount, agent: false, headers: { 'User-Agent': 'lama-test-listener' } });
    this.connected = new Promise((resolve, reject) => {
      this.req.once('response', (res) => {
        this.status = res.statusCode ?? 0;
        resolve(this.status);
        res.on('data', (c: Buffer) => {
          this.bytes += c.length;
          if (this.bytes >= this.maxBytes) this.stop();
        });
        res.once('end', end);
        res.once('error', end);
      });
      this.req.once('error', (err) => {
        reject(err);
        end();
      });
    });
    this.connected.catch(() => undefined);
    this.req.once('close', end);
    this.timer = setTimeout(() => this.stop(), maxMs);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.req.destroy();
  }
}
