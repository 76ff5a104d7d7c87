import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import * as grpc from '@grpc/grpc-js';
import { ConfigurationError, LamaError, describeRemoteError, formatHostPort, parseHostPort, systemClock, type Clock, type Startable } from '@lama/lookup';
import type { ConsoleActions } from '../actions/console-actions.js';
import type { DeploymentActions } from '../actions/grand-deployments.js';
import type { SessionStore, Session } from '../auth/session-store.js';
import { ConsoleForbiddenError, ConsoleNotFoundError, ConsoleRequestError, HTTP_STATUS } from '../errors.js';
import type { ConsoleFeed } from '../feed/console-feed.js';
import type { FeedEvent, PageBoot, SessionInfo } from '../../web/src/feed-types.js';
import { checkOrigin, nodeList, readJson, sessionCookie, sessionCookieName, siteVersion, stringMap } from './request-guard.js';
import { loadPage, type PageFile } from './static-page.js';

export interface ConsoleServerOptions {
  /** HOST:PORT to listen on (127.0.0.1 unless the operator says otherwise). */
  listen: string;
  feed: ConsoleFeed;
  sessions: SessionStore;
  actions: ConsoleActions;
  deployments: DeploymentActions;
  /** The console credential's name, shown on the page. */
  credentialName: string;
  clock?: Clock;
  /** Most browsers streaming at once. */
  maxStreams?: number;
  /** A browser whose unsent events pass this is dropped (it reconnects and starts from a snapshot). */
  maxBufferedBytes?: number;
  /**
   * The page carries the session and the feed's state as it is when served, so the first data is
   * drawn without waiting for /api/session and the event stream (default true; false: the page
   * waits for the stream's first snapshot, bench/console's baseline).
   */
  inlineFirstView?: boolean;
}

const SECURITY_HEADERS = {
  // Nothing from anywhere else: the page, its script, its styles and its stream are all ours.
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
};
const VERBS = new Set(['start', 'stop', 'set']);
const HEARTBEAT_MS = 15_000;

const GRPC_TO_HTTP: Partial<Record<grpc.status, number>> = {
  [grpc.status.INVALID_ARGUMENT]: 400, [grpc.status.NOT_FOUND]: 404, [grpc.status.PERMISSION_DENIED]: 403,
  [grpc.status.FAILED_PRECONDITION]: 409, [grpc.status.DEADLINE_EXCEEDED]: 504,
};

/**
 * The console's HTTP side (node:http): the sign-in link, the page, GET /events (Server-Sent
 * Events from the one ConsoleFeed), and the actions as POSTs that need a session with role
 * controller, the session's CSRF token in X-Lama-Csrf and this console's own Origin.
 */
export class ConsoleServer implements Startable {
  private server: Server | undefined;
  private page: Map<string, PageFile> | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly streams = new Set<ServerResponse>();
  private readonly clock: Clock;
  private hosts = new Set<string>();
  private bound = '';
  private cookie = '';

  constructor(private readonly o: ConsoleServerOptions) {
    this.clock = o.clock ?? systemClock;
  }

  /** http://HOST:PORT of the console, after start(). */
  get url(): string {
    return `http://${this.bound}`;
  }

  /** Browsers streaming now. */
  get streamCount(): number {
    return this.streams.size;
  }

  /** The sign-in URL of a new one-time token. */
  signInUrl(): string {
    return `${this.url}/signin?token=${this.o.sessions.issueSignIn()}`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    this.page = loadPage();
    const at = parseHostPort(this.o.listen);
    if (!at) throw new ConfigurationError(`--listen ${this.o.listen}: must be HOST:PORT`);
    const { host, port } = at;
    const server = createServer((req, res) => void this.handle(req, res));
    server.on('connection', (s) => { this.sockets.add(s); s.on('close', () => this.sockets.delete(s)); });
    this.server = server;
    await new Promise<void>((resolveListen, reject) => {
      server.once('error', (err: NodeJS.ErrnoException) => {
        this.server = undefined;
        reject(new ConfigurationError(`--listen ${this.o.listen}: cannot serve the console there (${err.code ?? err.message})`));
      });
      server.listen(port, host, () => resolveListen());
    });
    const actual = (server.address() as AddressInfo).port;
    this.bound = formatHostPort(host, actual);
    this.cookie = sessionCookieName(actual);
    this.hosts = new Set([this.bound, ...(host === '127.0.0.1' || host === '::1' ? [`localhost:${actual}`] : [])]);
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const s of this.streams) s.end();
    await new Promise<void>((r) => server.close(() => r()));
    for (const s of this.sockets) s.destroy();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
    const url = new URL(req.url ?? '/', 'http://console');
    const changing = req.method !== 'GET' && req.method !== 'HEAD';
    try {
      checkOrigin(req, this.hosts, changing);
      if (req.method === 'GET' && url.pathname === '/signin') return this.signIn(url, res);
      if (req.method === 'GET' && this.page?.has(url.pathname)) return this.servePage(req, url.pathname, res);
      const session = this.o.sessions.session(sessionCookie(req, this.cookie));
      if (req.method === 'GET' && url.pathname === '/api/session') return this.json(res, 200, this.sessionInfo(session));
      if (req.method === 'GET' && url.pathname === '/events') return this.stream(session, res);
      if (!changing) throw new ConsoleNotFoundError(url.pathname);
      if (req.method !== 'POST') throw new ConsoleRequestError(`method ${req.method} is not served; actions are POSTs`);
      if (req.headers['x-lama-csrf'] !== session.csrf) throw new ConsoleForbiddenError('the X-Lama-Csrf header is missing or is not this session\'s token');
      if (url.pathname === '/api/signout') {
        this.o.sessions.end(sessionCookie(req, this.cookie) ?? '');
        res.setHeader('set-cookie', `${this.cookie}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0`);
        return this.json(res, 200, { ok: true });
      }
      if (!session.roles.includes('controller')) {
        throw new ConsoleForbiddenError(`this session has role ${session.roles.join(', ')}: actions need role controller (sign in through a console run with a controller credential)`);
      }
      return await this.act(req, url.pathname, res);
    } catch (err) {
      this.fail(req, res, err);
    }
  }

  private signIn(url: URL, res: ServerResponse): void {
    const session = this.o.sessions.redeem(url.searchParams.get('token') ?? '');
    const maxAge = Math.floor((session.expiresAt - this.clock.now()) / 1000);
    res.setHeader('set-cookie', `${this.cookie}=${session.id}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${maxAge}`);
    // The token leaves the address bar (and the history) at once.
    res.writeHead(303, { location: '/', 'cache-control': 'no-store' }).end();
  }

  private servePage(req: IncomingMessage, path: string, res: ServerResponse): void {
    const f = this.page?.get(path) as PageFile;
    let body = f.body;
    if (path === '/' || path === '/index.html') {
      // The page itself needs a session; without one the browser learns how to get one.
      const session = this.o.sessions.session(sessionCookie(req, this.cookie));
      if (this.o.inlineFirstView !== false) body = withBoot(body, { session: this.sessionInfo(session), snapshot: this.o.feed.snapshot() });
    }
    res.writeHead(200, { 'content-type': f.type, 'content-length': body.length, 'cache-control': 'no-store' }).end(body);
  }

  private sessionInfo(s: Session): SessionInfo {
    return { roles: [...s.roles], csrf: s.csrf, expiresAt: s.expiresAt, credential: this.o.credentialName };
  }

  private stream(session: Session, res: ServerResponse): void {
    if (this.streams.size >= (this.o.maxStreams ?? 100)) throw new ConsoleForbiddenError(`this console serves ${this.o.maxStreams ?? 100} browsers at most`);
    res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    res.write(`retry: 2000\nevent: snapshot\ndata: ${JSON.stringify(this.o.feed.snapshot())}\n\n`);
    this.streams.add(res);
    const maxBuffered = this.o.maxBufferedBytes ?? 4 * 1024 * 1024;
    const unlisten = this.o.feed.listen((e: FeedEvent) => {
      res.write(`event: ${e.type}\ndata: ${JSON.stringify(e)}\n\n`);
      if (res.writableLength > maxBuffered) res.destroy();
    });
    const heartbeat = setInterval(() => res.write(': ping\n\n'), HEARTBEAT_MS);
    const expiry = this.clock.setTimer(() => res.end(`event: expired\ndata: {}\n\n`), Math.max(0, session.expiresAt - this.clock.now()));
    res.on('close', () => {
      unlisten();
      clearInterval(heartbeat);
      expiry.cancel();
      this.streams.delete(res);
    });
  }

  private async act(req: IncomingMessage, path: string, res: ServerResponse): Promise<void> {
    const parts = path.split('/').slice(1).map((p) => decodeURIComponent(p));
    const body = await readJson(req);
    // /api/nodes/NODE/adapters/ADAPTER/VERB
    if (parts.length === 6 && parts[0] === 'api' && parts[1] === 'nodes' && parts[3] === 'adapters' && VERBS.has(parts[5])) {
      const params = parts[5] === 'set' ? stringMap(body.params, 'params') : {};
      const status = await this.o.actions.adapter(parts[2], parts[4], parts[5] as 'start' | 'stop' | 'set', params);
      return this.json(res, 200, { ok: true, status });
    }
    // /api/alerts/ID/ack
    if (parts.length === 4 && parts[0] === 'api' && parts[1] === 'alerts' && parts[3] === 'ack') {
      const id = Number(parts[2]);
      if (!Number.isSafeInteger(id) || id < 1) throw new ConsoleRequestError(`'${parts[2]}' is not an alert id`);
      this.o.actions.acknowledge(id);
      return this.json(res, 200, { ok: true });
    }
    // /api/deploy {site: SITE[@VERSION], nodes}; /api/clean {nodes, keepCache?}: the grand agent checks the rest.
    if (path === '/api/deploy') {
      const { site, version } = siteVersion(body.site);
      const deployment = await this.o.deployments.deploy(site, version, nodeList(body.nodes));
      return this.json(res, 200, { ok: true, deployment });
    }
    if (path === '/api/clean') {
      if (body.keepCache !== undefined && typeof body.keepCache !== 'boolean') throw new ConsoleRequestError("'keepCache' must be true or false");
      const deployment = await this.o.deployments.clean(nodeList(body.nodes), body.keepCache === true);
      return this.json(res, 200, { ok: true, deployment });
    }
    throw new ConsoleNotFoundError(path);
  }

  private json(res: ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' }).end(text);
  }

  private fail(req: IncomingMessage, res: ServerResponse, err: unknown): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    let status = 500;
    let message = err instanceof Error ? err.message : String(err);
    let code = 'ERR_INTERNAL';
    if (err instanceof LamaError && err.code in HTTP_STATUS) [status, code] = [HTTP_STATUS[err.code as keyof typeof HTTP_STATUS], err.code];
    else if (err instanceof LamaError) {
      // An agent's answer: its code and message travel to the page as they are.
      const remote = describeRemoteError(err);
      const grpcStatus = (err as LamaError & { status?: grpc.status }).status;
      status = (grpcStatus !== undefined && GRPC_TO_HTTP[grpcStatus]) || 502;
      message = remote ? `agent: ${remote}` : message;
      code = err.code;
    }
    const wantsHtml = req.method === 'GET' && (req.headers.accept ?? '').includes('text/html');
    if (wantsHtml) {
      const escaped = message.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
      res.writeHead(status, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' })
        .end(`<!doctype html><meta charset="utf-8"><title>LAMA console</title><h1>LAMA console</h1><p>${escaped}</p>`);
      return;
    }
    this.json(res, status, { error: message, code });
  }
}

// A JSON data block is not run (CSP allows it); '<' is escaped so no text in it can close the element.
function withBoot(page: Buffer, boot: PageBoot): Buffer {
  const html = page.toString('utf8');
  const at = html.lastIndexOf('</body>');
  const block = `<script type="application/json" id="lama-boot">${JSON.stringify(boot).replace(/</g, '\\u003c')}</script>\n`;
  return Buffer.from(`${html.slice(0, at)}${block}${html.slice(at)}`, 'utf8');
}
