import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, stat, truncate } from 'node:fs/promises';
import { Agent, request, type IncomingMessage } from 'node:http';
import { systemClock, type Clock } from '@lama/lookup';
import { CacheFullError, SiteNotFoundError, StoreFetchError } from '../errors.js';
import { hashFile } from './file-hash.js';

/** How a node talks to a site store. */
export interface StoreClientOptions {
  /** The store's base URL (http://HOST:PORT/PATH). */
  url: string;
  /** Requests at once (and open connections, kept alive between requests). */
  concurrency?: number;
  /** A request with no byte for this long is abandoned and retried. */
  timeoutMs?: number;
  /** Tries per request before giving up. */
  attempts?: number;
  /** First wait between tries; it doubles up to maxBackoffMs, with jitter. */
  backoffMs?: number;
  maxBackoffMs?: number;
  clock?: Clock;
}

/** Progress of one download, for the caller's counters. */
export interface DownloadResult {
  /** Bytes this call received (less than the size when it resumed a partial file). */
  received: number;
  resumed: boolean;
  /** sha256 (hex) of the whole file as it now is, computed on the way in. */
  sha256: string;
}

class HttpStatusError extends Error {
  constructor(readonly status: number, url: string) {
    super(`HTTP ${status} from ${url}`);
  }
}

// Errors a retry cannot mend: the disk is full, or the store speaks nonsense about sizes.
class FinalError extends Error {
  constructor(readonly reason: Error) {
    super(reason.message);
  }
}

/**
 * An HTTP client of one site store: keep-alive connections, at most `concurrency` requests at
 * once, retries with doubling backoff and jitter, downloads that resume a partial file with Range.
 */
export class StoreClient {
  private readonly base: URL;
  private readonly agent: Agent;
  /** Requests at once. */
  readonly concurrency: number;
  private readonly timeoutMs: number;
  private readonly attempts: number;
  private readonly backoffMs: number;
  private readonly maxBackoffMs: number;
  private readonly clock: Clock;
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  /** Requests sent, including retries (for tests and benchmarks). */
  requests = 0;

  constructor(o: StoreClientOptions) {
    let base: URL;
    try {
      base = new URL(o.url.endsWith('/') ? o.url : `${o.url}/`);
    } catch {
      throw new StoreFetchError(`store URL '${o.url}' is not a URL`);
    }
    if (base.protocol !== 'http:') throw new StoreFetchError(`store URL '${o.url}' must be http://HOST:PORT/...`);
    this.base = base;
    this.concurrency = o.concurrency ?? 8;
    this.agent = new Agent({ keepAlive: true, maxSockets: this.concurrency });
    this.timeoutMs = o.timeoutMs ?? 30_000;
    this.attempts = o.attempts ?? 5;
    this.backoffMs = o.backoffMs ?? 200;
    this.maxBackoffMs = o.maxBackoffMs ?? 5000;
    this.clock = o.clock ?? systemClock;
  }

  /** The URL of a store key. */
  urlOf(key: string): string {
    return new URL(key, this.base).toString();
  }

  /** Fetches a small document (index, manifest) as text; refuses more than maxBytes. */
  async text(key: string, maxBytes: number): Promise<string> {
    return this.withRetries(key, async () => {
      const res = await this.get(key, {});
      if (res.statusCode !== 200) {
        res.resume();
        throw new HttpStatusError(res.statusCode ?? 0, this.urlOf(key));
      }
      const chunks: Buffer[] = [];
      let n = 0;
      for await (const c of res) {
        n += (c as Buffer).length;
        if (n > maxBytes) {
          res.destroy();
          throw new FinalError(new StoreFetchError(`${this.urlOf(key)} is over ${maxBytes} bytes`));
        }
        chunks.push(c as Buffer);
      }
      return Buffer.concat(chunks).toString('utf8');
    });
  }

  /**
   * Downloads key into file, appending to what the file holds already (a Range request) until
   * it holds `size` bytes; never writes past `size`. Returns the file's sha256 (hashed as the
   * bytes arrive, after the part kept from before); the caller compares it with the name.
   */
  async download(key: string, file: string, size: number): Promise<DownloadResult> {
    let received = 0;
    let resumed = false;
    let sha256 = '';
    await this.withRetries(key, async () => {
      const have = await stat(file).then((s) => s.size, () => 0);
      if (have > size) await truncate(file, 0);
      const from = have > size ? 0 : have;
      if (from === size && size > 0) {
        sha256 = (await hashFile(file)).sha256;
        return;
      }
      const hash = createHash('sha256');
      const res = await this.get(key, from > 0 ? { range: `bytes=${from}-` } : {});
      let offset = 0;
      if (res.statusCode === 206 && from > 0) {
        const m = /^bytes (\d+)-/.exec(String(res.headers['content-range'] ?? ''));
        if (!m || Number(m[1]) !== from) {
          res.resume();
          throw new StoreFetchError(`${this.urlOf(key)} answered a Range request with the wrong range`);
        }
        offset = from;
        resumed = true;
        for await (const c of createReadStream(file, { start: 0, end: from - 1 })) hash.update(c as Buffer);
      } else if (res.statusCode === 200) {
        if (from > 0) await truncate(file, 0);
      } else {
        res.resume();
        throw new HttpStatusError(res.statusCode ?? 0, this.urlOf(key));
      }
      const declared = res.headers['content-length'] === undefined ? undefined : Number(res.headers['content-length']);
      if (declared !== undefined && offset + declared > size) {
        res.destroy();
        throw new FinalError(new StoreFetchError(`${this.urlOf(key)} is ${offset + declared} bytes, the manifest says ${size}`));
      }
      let written = offset;
      // Each chunk is written before the next is read: whatever arrived before a cut is kept for the resume.
      const fh = await open(file, 'a');
      try {
        for await (const c of res as AsyncIterable<Buffer>) {
          if (written + c.length > size) {
            res.destroy();
            throw new FinalError(new StoreFetchError(`${key}: the store sent more than the ${size} bytes the manifest says`));
          }
          // A write near a full disk can be short: write the rest (the next call reports ENOSPC).
          for (let done = 0; done < c.length;) done += (await fh.write(c, done, c.length - done)).bytesWritten;
          hash.update(c);
          written += c.length;
          received += c.length;
        }
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        if (code === 'ENOSPC' || code === 'EDQUOT') {
          res.destroy();
          throw new FinalError(new CacheFullError(`no space left on the cache's disk (${code}) for ${key} (${written} of ${size} bytes kept; the next pull resumes)`));
        }
        throw err;
      } finally {
        await fh.close();
      }
      if (written < size) throw new StoreFetchError(`${this.urlOf(key)} ended after ${written} of ${size} bytes`);
      sha256 = hash.digest('hex');
    });
    return { received, resumed, sha256 };
  }

  /** Closes the kept-alive connections. */
  close(): void {
    this.agent.destroy();
  }

  private async withRetries<T>(key: string, attempt: () => Promise<T>): Promise<T> {
    let wait = this.backoffMs;
    let last: Error = new Error('no attempt');
    for (let i = 1; i <= this.attempts; i++) {
      await this.acquire();
      try {
        return await attempt();
      } catch (err) {
        if (err instanceof FinalError) throw err.reason;
        last = err as Error;
      } finally {
        this.release();
      }
      if (i < this.attempts) {
        await new Promise<void>((r) => this.clock.setTimer(r, wait / 2 + Math.random() * wait / 2));
        wait = Math.min(wait * 2, this.maxBackoffMs);
      }
    }
    if (last instanceof HttpStatusError && last.status === 404) {
      throw new SiteNotFoundError(`the store at ${this.base} has no ${key} (HTTP 404 on each of ${this.attempts} tries)`);
    }
    throw new StoreFetchError(`cannot fetch ${key} from ${this.base} after ${this.attempts} tries: ${last.message}`);
  }

  private get(key: string, headers: Record<string, string>): Promise<IncomingMessage> {
    this.requests++;
    return new Promise((resolve, reject) => {
      // The timeout is the socket's silence, so it also holds while the body streams.
      const req = request(this.urlOf(key), { agent: this.agent, headers, timeout: this.timeoutMs }, resolve);
      req.on('timeout', () => req.destroy(new Error(`no data from ${this.urlOf(key)} for ${this.timeoutMs} ms`)));
      req.on('error', reject);
      req.end();
    });
  }

  private acquire(): Promise<void> {
    if (this.active < this.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((r) => this.waiting.push(() => { this.active++; r(); }));
  }

  private release(): void {
    this.active--;
    this.waiting.shift()?.();
  }
}
