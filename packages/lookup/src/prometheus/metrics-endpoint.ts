import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Registry, collectDefaultMetrics } from 'prom-client';
import { ConfigurationError, InvalidArgumentError, NotStartedError } from '../errors.js';
import type { Startable } from '../lifecycle/startable.js';
import { formatHostPort, parseHostPort } from '../vocabulary/host-port.js';

/** The path Prometheus scrapes; every other path is 404. */
export const METRICS_PATH = '/metrics';

/**
 * How often the event-loop delay is sampled for nodejs_eventloop_lag_*, in ms. prom-client's
 * 10 ms wakes an idle daemon 100 times a second; 100 ms still catches every stall that matters.
 */
const EVENT_LOOP_SAMPLE_MS = 100;

export interface MetricsEndpointOptions {
  /** HOST:PORT to serve on (port 0 picks a free one). */
  listen: string;
  /** What named the address, for errors: the flag or config key (default 'prometheus listen address'). */
  setting?: string;
  /** Also export prom-client's process_* and nodejs_* metrics (default true). */
  defaultMetrics?: boolean;
}

/**
 * A Prometheus scrape target: one registry and a node:http server answering `GET /metrics`
 * in the text exposition format, 404 elsewhere. Collectors register on `registry` before or
 * after start(); values are read when Prometheus scrapes. start()/stop() are idempotent.
 */
export class MetricsEndpoint implements Startable {
  readonly registry = new Registry();
  private readonly host: string;
  private readonly port: number;
  private readonly setting: string;
  private server: Server | undefined;
  private starting: Promise<void> | undefined;
  private bound: string | undefined;

  constructor(options: MetricsEndpointOptions) {
    this.setting = options.setting ?? 'prometheus listen address';
    const hp = parseHostPort(options.listen);
    if (!hp) throw new InvalidArgumentError(`${this.setting}: '${options.listen}' is not HOST:PORT (e.g. 127.0.0.1:9464)`);
    this.host = hp.host;
    this.port = hp.port;
    // Collected on scrape only; the event-loop monitor and GC observer are what it leaves running.
    if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: this.registry, eventLoopMonitoringPrecision: EVENT_LOOP_SAMPLE_MS });
  }

  /** HOST:PORT actually bound, after start(). */
  get endpoint(): string {
    if (!this.bound) throw new NotStartedError('metrics endpoint not started');
    return this.bound;
  }

  /** The URL Prometheus scrapes, after start(). */
  get url(): string {
    return `http://${this.endpoint}${METRICS_PATH}`;
  }

  /** Binds and serves; rejects with a ConfigurationError naming the setting when the address cannot be bound. */
  start(): Promise<void> {
    this.starting ??= this.listen();
    return this.starting;
  }

  private listen(): Promise<void> {
    const server = createServer((req, res) => this.answer(req, res));
    // A scrape is one small GET: a client that dawdles over its headers is cut.
    server.headersTimeout = 10_000;
    server.requestTimeout = 30_000;
    return new Promise<void>((resolve, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        this.starting = undefined;
        reject(new ConfigurationError(`${this.setting} ${formatHostPort(this.host, this.port)}: cannot serve Prometheus metrics there (${err.code ?? err.message})`));
      });
      server.listen(this.port, this.host, () => {
        const a = server.address() as AddressInfo;
        this.server = server;
        this.bound = formatHostPort(a.address, a.port);
        resolve();
      });
    });
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== METRICS_PATH) {
      res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8' }).end(`not found: Prometheus metrics are at ${METRICS_PATH}\n`);
      return;
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD', 'content-type': 'text/plain; charset=utf-8' }).end('method not allowed\n');
      return;
    }
    this.registry.metrics().then((text) => {
      res.writeHead(200, { 'content-type': this.registry.contentType, 'content-length': Buffer.byteLength(text) });
      res.end(req.method === 'HEAD' ? undefined : text);
    }, (err: Error) => {
      res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' }).end(`collecting metrics failed: ${err.message}\n`);
    });
  }

  /** Stops serving and closes every connection (Prometheus keeps them alive between scrapes). */
  async stop(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.starting = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }
}
