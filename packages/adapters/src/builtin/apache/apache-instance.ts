import { randomBytes } from 'node:crypto';
import { copyFile, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { AdapterContext, AdapterInstance, AdapterMetrics } from '../../sdk/adapter.js';
import { InvalidParamError } from '../../sdk/errors.js';
import type { ParamValue } from '../../sdk/params.js';
import { confineDocumentRoot, confineListen } from './confinement.js';
import { renderConfig, serverRootLayout, STATUS_PATH, TOKEN_HEADER, type HttpdSettings, type ServerRootLayout } from './config-writer.js';
import { httpGet, probeTarget } from './http-get.js';
import { HttpdProcess, ProbeRefusedError, type ReadyProbe } from './httpd-process.js';
import { writeMimeTypes } from './mime-types.js';
import { parseStatusPage, StatusRates } from './mod-status.js';
import type { ApacheOptions } from './options.js';
import { parseMembersParam } from './patterns.js';
import { checkReadable, lookupRunUser } from './run-user.js';

/** What Set may change. */
interface ApacheValues {
  documentRoot: string;
  serverName: string;
  listen: string;
  members: string[];
}

const newToken = (): string => randomBytes(6).toString('hex');

/** Resolves when IP:PORT can be bound now; httpd dies on a graceful reload to an address it cannot bind. */
function checkBindable(listen: string): Promise<void> {
  const { port } = probeTarget(listen);
  const host = listen.slice(0, listen.lastIndexOf(':')).replace(/^\[|\]$/g, '');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (err: NodeJS.ErrnoException) => {
      const why = err.code === 'EADDRINUSE' ? 'is already in use' : err.code === 'EADDRNOTAVAIL' ? 'is not an address of this host' : `cannot be bound (${err.code ?? err.message})`;
      reject(new InvalidParamError('listen', `${listen} ${why}`));
    });
    server.listen({ host, port, exclusive: true }, () => server.close(() => resolve()));
  });
}

/** One Apache httpd under the adapter: its generated ServerRoot, its process, its Set. */
export class ApacheInstance implements AdapterInstance {
  private readonly layout: ServerRootLayout;
  private readonly httpd: HttpdProcess;
  private readonly rates = new StatusRates();
  private values: ApacheValues;
  /** The token of the config file in force. */
  private token = '';
  private readonly user: string | undefined;
  private readonly group: string | undefined;

  constructor(private readonly o: ApacheOptions, private readonly ctx: AdapterContext) {
    this.layout = serverRootLayout(o.serverRoot ?? join(ctx.stateDir, 'httpd'));
    // Only root can switch users; httpd run by anyone else keeps its own account.
    const root = process.getuid?.() === 0;
    this.user = root ? (o.user ?? 'www-data') : undefined;
    this.group = root ? (o.group ?? 'www-data') : undefined;
    if (!root && (o.user || o.group)) ctx.log.warn('apache: user/group are ignored when the agent does not run as root');
    this.values = {
      documentRoot: o.documentRoot ?? join(this.layout.serverRoot, 'htdocs'),
      serverName: o.serverName, listen: o.listen, members: [...o.members],
    };
    this.httpd = new HttpdProcess({
      binary: o.binary, layout: this.layout, log: ctx.log, clock: ctx.clock, processGroups: ctx.processGroups,
      onCrash: (reason) => { this.rates.reset(); ctx.exited(reason); },
    });
  }

  private settings(v: ApacheValues, token: string): HttpdSettings {
    return {
      role: this.o.role, listen: v.listen, serverName: v.serverName, documentRoot: v.documentRoot, members: parseMembersParam(v.members),
      modulesDir: this.o.modulesDir, extraModules: this.o.modules, user: this.user, group: this.group, token,
    };
  }

  /**
   * A probe for the health check: the status page answers 200, is mod_status's, and carries
   * the token of the expected config (so an old generation, or another server on the port,
   * does not count). With baseline, the page starts the rate counters.
   */
  private probe(listen: string, token: string, baseline: boolean): ReadyProbe {
    return async () => {
      const { host, port } = probeTarget(listen);
      const r = await httpGet(host, port, `${STATUS_PATH}?auto`, 2000);
      if (r.status !== 200) {
        this.rates.countOwn(r.size);
        throw new ProbeRefusedError(`the health check GET ${STATUS_PATH} answered ${r.status}`);
      }
      if (r.headers[TOKEN_HEADER] !== token) {
        this.rates.countOwn(r.size);
        return false;
      }
      const sample = parseStatusPage(r.body, this.ctx.clock.now());
      if (baseline) {
        this.rates.reset();
        this.rates.sample(sample, r.size);
      } else {
        this.rates.countOwn(r.size);
      }
      return true;
    };
  }

  /**
   * The operator's roots bound every DocumentRoot but the dispatcher's own default (a folder
   * in its ServerRoot that it never serves).
   */
  private async confinedDocumentRoot(dir: string): Promise<void> {
    if (this.o.role === 'dispatcher' && dir === join(this.layout.serverRoot, 'htdocs')) return;
    await confineDocumentRoot(dir, this.o.allowedRoots);
  }

  private async readableDocumentRoot(dir: string): Promise<void> {
    // A dispatcher proxies everything; its DocumentRoot is never served.
    if (this.o.role !== 'web-server') return;
    const who = this.user ? await lookupRunUser(this.user, this.group) : undefined;
    await checkReadable(dir, who, 'DocumentRoot');
  }

  /** Writes a candidate config and has httpd test it; resolves with its token. */
  private async candidate(v: ApacheValues): Promise<string> {
    const token = newToken();
    await writeFile(this.layout.nextConfFile, renderConfig(this.settings(v, token), this.layout));
    try {
      await this.httpd.configTest(this.layout.nextConfFile);
    } catch (err) {
      await rm(this.layout.nextConfFile, { force: true });
      throw err;
    }
    return token;
  }

  async start(): Promise<void> {
    if (this.httpd.running) return;
    for (const dir of [this.layout.serverRoot, this.layout.runDir, this.layout.logDir]) await mkdir(dir, { recursive: true });
    if (this.o.role === 'dispatcher' && this.o.documentRoot === undefined) await mkdir(this.values.documentRoot, { recursive: true });
    await writeMimeTypes(this.layout.mimeTypes);
    await this.confinedDocumentRoot(this.values.documentRoot);
    await this.readableDocumentRoot(this.values.documentRoot);
    const token = await this.candidate(this.values);
    await rename(this.layout.nextConfFile, this.layout.confFile);
    this.token = token;
    this.rates.reset();
    await this.httpd.start(this.probe(this.values.listen, token, true), this.o.readyTimeoutMs);
    this.ctx.log.info('apache serving', { role: this.o.role, listen: this.values.listen, config: token });
  }

  async stop(): Promise<void> {
    await this.httpd.stop();
    this.rates.reset();
  }

  async status(): Promise<AdapterMetrics> {
    if (!this.httpd.running) throw new Error('apache2 is not running');
    const { host, port } = probeTarget(this.values.listen);
    const r = await httpGet(host, port, `${STATUS_PATH}?auto`, 3000);
    if (r.status !== 200) throw new Error(`GET ${STATUS_PATH} answered ${r.status}`);
    return this.rates.sample(parseStatusPage(r.body, this.ctx.clock.now()), r.size);
  }

  async set(values: Record<string, ParamValue>): Promise<void> {
    const next: ApacheValues = { ...this.values };
    if (typeof values.documentRoot === 'string') next.documentRoot = values.documentRoot;
    if (typeof values.serverName === 'string') next.serverName = values.serverName;
    if (typeof values.listen === 'string') next.listen = values.listen;
    if (Array.isArray(values.members)) {
      if (this.o.role !== 'dispatcher') throw new InvalidParamError('members', `balancer members are for the dispatcher role; this instance is a ${this.o.role}`);
      next.members = [...values.members];
    }
    parseMembersParam(next.members);
    // Refused before anything is written: a root outside the operator's list, an address it did not allow.
    if (typeof values.documentRoot === 'string') await this.confinedDocumentRoot(next.documentRoot);
    if (typeof values.listen === 'string') confineListen(next.listen, this.o.allowedListen);
    if (next.documentRoot !== this.values.documentRoot) {
      await this.readableDocumentRoot(next.documentRoot).catch((err: Error) => { throw new InvalidParamError('documentRoot', err.message); });
    }
    if (next.listen !== this.values.listen && this.httpd.running) await checkBindable(next.listen);
    await this.apply(next);
    this.values = next;
  }

  /** Test, swap, reload, prove; on any failure the previous config is put back in force. */
  private async apply(next: ApacheValues): Promise<void> {
    const token = await this.candidate(next);
    if (!this.httpd.running) {
      await rename(this.layout.nextConfFile, this.layout.confFile);
      this.token = token;
      return;
    }
    await copyFile(this.layout.confFile, this.layout.previousConfFile);
    await rename(this.layout.nextConfFile, this.layout.confFile);
    try {
      await this.httpd.reload(this.probe(next.listen, token, false), this.o.readyTimeoutMs);
    } catch (err) {
      await rename(this.layout.previousConfFile, this.layout.confFile);
      throw new Error(`reload with the new config failed (${(err as Error).message}); ${await this.restore()}`);
    }
    this.token = token;
    await rm(this.layout.previousConfFile, { force: true });
    this.ctx.log.info('apache reloaded', { config: token });
  }

  /** Brings the config in this.values (already back on disk) into force again. */
  private async restore(): Promise<string> {
    const probe = (baseline: boolean): ReadyProbe => this.probe(this.values.listen, this.token, baseline);
    try {
      if (this.httpd.running) await this.httpd.reload(probe(false), this.o.readyTimeoutMs);
      else await this.httpd.start(probe(true), this.o.readyTimeoutMs);
      return 'the previous config is back in force';
    } catch (err) {
      await this.httpd.stop().catch(() => undefined);
      const why = `the previous config did not come back either (${(err as Error).message})`;
      this.ctx.exited(`apache2 is down: ${why}`);
      return `${why}; apache2 is stopped`;
    }
  }

  params(): Record<string, ParamValue> {
    return { documentRoot: this.values.documentRoot, serverName: this.values.serverName, listen: this.values.listen, members: [...this.values.members] };
  }

  async close(): Promise<void> {
    await this.httpd.stop();
  }
}
