import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatHostPort, parseRelayFrom } from '@lama/lookup';
import type { AdapterContext, AdapterInstance, AdapterMetrics } from '../../sdk/adapter.js';
import { InvalidParamError } from '../../sdk/errors.js';
import type { ParamValue } from '../../sdk/params.js';
import { HttpService } from '../in-process/http-service.js';
import { RateMeter } from '../in-process/rate-meter.js';
import type { SimStreamOptions } from './options.js';
import { PacedStreams } from './paced-streams.js';

/** What Set may change; the adapter's params. */
interface Settings {
  RelayFrom: string;
  maxListeners: number;
}

/** One simulated streaming server, served from the agent's own process. */
export class SimStreamInstance implements AdapterInstance {
  private settings: Settings;
  private readonly http: HttpService;
  private readonly streams: PacedStreams;
  private readonly meter: RateMeter;
  private refused = 0;
  private startedAt = 0;

  constructor(private readonly o: SimStreamOptions, private readonly ctx: AdapterContext) {
    this.settings = { RelayFrom: o.relayFrom, maxListeners: o.maxListeners };
    this.streams = new PacedStreams(ctx.clock, o.bitsPerSec);
    this.meter = new RateMeter(ctx.clock, () => this.streams.bytesSent);
    this.http = new HttpService('sim-stream', (req, res) => this.serve(req, res), (reason) => {
      void this.meter.stop();
      this.streams.reset();
      ctx.exited(reason);
    });
  }

  private serve(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    const text = (status: number, body: string, headers: Record<string, string> = {}): void => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
      res.end(`${body}\n`);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(405, 'sim-stream serves GET and HEAD only', { Allow: 'GET, HEAD' });
    if (path === '/') {
      return text(200, `LAMA sim-stream: a simulated streaming server (not icecast2). Mount ${this.o.mount}, ${this.o.bitsPerSec} bit/s per listener; RelayFrom '${this.settings.RelayFrom}' is not fetched.`);
    }
    if (path !== this.o.mount) return text(404, `sim-stream: no mount ${path} (the mount is ${this.o.mount})`);
    const max = this.settings.maxListeners;
    if (max >= 0 && this.streams.count >= max) {
      this.refused++;
      return text(503, `sim-stream: ${this.o.mount} is full (maxListeners ${max})`);
    }
    res.writeHead(200, {
      'Content-Type': 'audio/mpeg', 'Cache-Control': 'no-cache, no-store', 'icy-name': 'LAMA sim-stream (simulated)',
      'icy-br': String(Math.round(this.o.bitsPerSec / 1000)), 'X-Lama-Simulated': 'sim-stream',
    });
    if (req.method === 'HEAD') return void res.end();
    res.flushHeaders();
    req.socket.setNoDelay(true);
    this.streams.add(res);
  }

  async start(): Promise<void> {
    if (this.http.running) return;
    this.streams.reset();
    this.refused = 0;
    await this.http.start(this.o.listen);
    this.startedAt = this.ctx.clock.now();
    await this.meter.start();
    this.ctx.log.info('sim-stream serving: a simulated streaming server in the agent process, not icecast2', {
      listen: formatHostPort(this.o.listen.host, this.http.port), mount: this.o.mount, bitsPerSec: this.o.bitsPerSec, ...this.settings,
    });
  }

  async stop(): Promise<void> {
    await this.meter.stop();
    await this.http.stop();
    this.streams.reset();
  }

  async close(): Promise<void> {
    await this.stop();
  }

  params(): Record<string, ParamValue> {
    return { ...this.settings };
  }

  /** Both values are checked before either is taken; nothing can fail after that. */
  async set(values: Record<string, ParamValue>): Promise<void> {
    const next: Settings = { ...this.settings };
    if (values.RelayFrom !== undefined) {
      if (typeof values.RelayFrom !== 'string' || parseRelayFrom(values.RelayFrom) === undefined) throw new InvalidParamError('RelayFrom', `'${String(values.RelayFrom)}' is not HOST:PORT/MOUNT`);
      next.RelayFrom = values.RelayFrom;
    }
    if (values.maxListeners !== undefined) {
      const n = values.maxListeners;
      if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < -1) throw new InvalidParamError('maxListeners', `'${String(n)}' is not an integer from -1`);
      next.maxListeners = n;
    }
    const relayChanged = next.RelayFrom !== this.settings.RelayFrom;
    this.settings = next;
    if (relayChanged) this.ctx.log.info('sim-stream RelayFrom stored (simulated: nothing is fetched from it)', { RelayFrom: next.RelayFrom });
  }

  async status(): Promise<AdapterMetrics> {
    if (!this.http.running) return {};
    const bitsPerSec = this.meter.rate * 8;
    const listeners = this.streams.count;
    return {
      uptime_seconds: (this.ctx.clock.now() - this.startedAt) / 1000,
      port: this.http.port,
      listeners,
      listeners_refused: this.refused,
      bits_per_sec: bitsPerSec,
      bytes_sent: this.streams.bytesSent,
      relaying: this.settings.RelayFrom === '' ? 0 : 1,
      [`mount:${this.o.mount}:listeners`]: listeners,
      [`mount:${this.o.mount}:bits_per_sec`]: bitsPerSec,
    };
  }
}
