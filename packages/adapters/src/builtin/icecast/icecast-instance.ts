import { randomBytes } from 'node:crypto';
import { chmod, chown, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { delay, every, formatHostPort, MOUNT, parseRelayFrom, type Timer } from '@lama/lookup';
import type { AdapterContext, AdapterInstance, AdapterMetrics } from '../../sdk/adapter.js';
import { InvalidParamError, ParamNotAllowedError } from '../../sdk/errors.js';
import type { ParamValue } from '../../sdk/params.js';
import { fetchIcecastStats, statNumber, type IcecastStats, type StatsEndpoint } from './admin-stats.js';
import { BandwidthTracker } from './bandwidth.js';
import { renderIcecastConfig, writeIcecastConfig } from './config-writer.js';
import { IcecastProcess } from './icecast-process.js';
import { relaySourceAllowed, type IcecastOptions } from './options.js';
import { resolveAccount, type IcecastAccount } from './system-account.js';

/** What Set may change; the adapter's params. */
interface Settings {
  RelayFrom: string;
  clients: number;
  maxListeners: number;
}

const START_MS = 10_000;
// icecast's slave thread looks at the HUP flag once a second.
const RELOAD_MS = 6000;
const SAMPLE_MS = 500;

/** One icecast2 server under an agent. */
export class IcecastInstance implements AdapterInstance {
  private settings: Settings;
  private readonly passwords: { source: string; admin: string };
  // Part of <location>: tells our server from anything else answering on the port.
  private readonly nonce = randomBytes(6).toString('hex');
  private generation = 0;
  private runDir: { path: string; gid?: number; owned: boolean } | undefined;
  private account: IcecastAccount | undefined;
  private proc: IcecastProcess | undefined;
  private stopping = false;
  private startedAt = 0;
  private sampler: Timer | undefined;
  private inflight: Promise<IcecastStats> | undefined;
  private lastStats: IcecastStats | undefined;
  private readonly rates = new BandwidthTracker();

  constructor(private readonly o: IcecastOptions, private readonly ctx: AdapterContext) {
    this.settings = { RelayFrom: o.relayFrom, clients: o.clients, maxListeners: o.maxListeners };
    const generated = (): string => randomBytes(18).toString('base64url');
    this.passwords = { source: o.sourcePassword ?? generated(), admin: o.adminPassword ?? generated() };
  }

  private get listenText(): string {
    return formatHostPort(this.o.listen.host, this.o.listen.port);
  }

  private get endpoint(): StatsEndpoint {
    return { host: this.o.listen.host, port: this.o.listen.port, adminPassword: this.passwords.admin };
  }

  private get configPath(): string {
    if (!this.runDir) throw new Error('icecast run folder not prepared');
    return join(this.runDir.path, 'icecast.xml');
  }

  private async prepareRunDir(): Promise<void> {
    if (this.runDir) return;
    if (process.getuid?.() !== 0) {
      this.runDir = { path: this.ctx.stateDir, owned: false };
      return;
    }
    // As root, icecast drops to another account and then re-reads its config on every HUP;
    // the agent's state folder is root's alone, so the config lives in a folder of its own
    // that the account's group may read.
    this.account = await resolveAccount(this.o.user, this.o.group);
    const path = await mkdtemp(join(tmpdir(), `lama-icecast-${this.ctx.name}-`));
    await chown(path, 0, this.account.gid);
    await chmod(path, 0o750);
    this.runDir = { path, gid: this.account.gid, owned: true };
  }

  /** Writes icecast.xml for these settings; returns the <location> that proves it is loaded, and the mounts given a section. */
  private async writeConfig(s: Settings): Promise<{ location: string; mounts: string[] }> {
    if (!this.runDir) throw new Error('icecast run folder not prepared');
    const location = `lama:${this.ctx.name}:${this.nonce}:${++this.generation}`;
    const relay = parseRelayFrom(s.RelayFrom) ?? null;
    // Running sources take a new max-listeners on HUP only from a <mount> of their own.
    const active = [...(this.lastStats?.mounts.keys() ?? [])].filter((m) => MOUNT.test(m));
    const mounts = [...new Set([...this.o.mounts, ...(relay ? [relay.mount] : []), ...active])];
    const xml = renderIcecastConfig({
      location, hostname: this.o.hostname, listen: this.o.listen, clients: s.clients, sources: this.o.sources, maxListeners: s.maxListeners,
      sourcePassword: this.passwords.source, adminPassword: this.passwords.admin, mounts, relay, relayRetrySeconds: this.o.relayRetrySeconds, shareDir: this.o.shareDir, logDir: this.runDir.path,
      changeOwner: this.account ? { user: this.account.user, group: this.account.group } : undefined,
    });
    await writeIcecastConfig(this.configPath, xml, this.runDir.gid);
    return { location, mounts };
  }

  private sample(): Promise<IcecastStats> {
    this.inflight ??= fetchIcecastStats(this.endpoint)
      .then((s) => {
        this.lastStats = s;
        const counters = new Map([...s.mounts].map(([m, f]) => [m, { read: statNumber(f, 'total_bytes_read'), sent: statNumber(f, 'total_bytes_sent') }]));
        this.rates.observe(this.ctx.clock.now(), counters);
        return s;
      })
      .finally(() => { this.inflight = undefined; });
    return this.inflight;
  }

  /**
   * Polls /admin/stats until it shows location (the process alive is no proof it serves that
   * config) and pending() finds nothing still on its way.
   */
  private async waitFor(proc: IcecastProcess, location: string, ms: number, what: string, pending?: (s: IcecastStats) => string | undefined): Promise<void> {
    const deadline = this.ctx.clock.now() + ms;
    let last = 'no answer yet';
    for (;;) {
      if (!proc.alive) throw new Error(`icecast2 exited ${what} (${proc.describeExit(await proc.exited)})`);
      try {
        const s = await this.sample();
        const behind = s.global.location === location ? pending?.(s) : `the server on ${this.listenText} shows <location> '${s.global.location ?? ''}', not '${location}'`;
        if (behind === undefined) return;
        last = behind;
      } catch (err) {
        last = (err as Error).message;
      }
      if (this.ctx.clock.now() > deadline) throw new Error(`icecast2 on ${this.listenText} did not serve its config ${what} within ${ms / 1000} s: ${last}${proc.tail() ? ` (log: ${proc.tail()})` : ''}`);
      await delay(this.ctx.clock, 100);
    }
  }

  async start(): Promise<void> {
    if (this.proc?.alive) return;
    this.stopSampler();
    await this.prepareRunDir();
    this.rates.clear();
    this.lastStats = undefined;
    const { location } = await this.writeConfig(this.settings);
    this.stopping = false;
    const proc = new IcecastProcess(this.o.binary, this.configPath, this.ctx.clock, this.ctx.processGroups);
    this.proc = proc;
    try {
      await this.waitFor(proc, location, START_MS, 'during start');
    } catch (err) {
      await proc.stop();
      throw err;
    }
    this.startedAt = this.ctx.clock.now();
    void proc.exited.then((e) => {
      if (this.proc !== proc || this.stopping) return;
      this.stopSampler();
      this.ctx.exited(`icecast2 exited (${proc.describeExit(e)})`);
    });
    // Rates need samples closer together than icecast's 5 s counter refresh.
    this.sampler = every(this.ctx.clock, SAMPLE_MS, () => void this.sample().catch(() => undefined));
    this.ctx.log.info('icecast started', { pid: proc.pid, listen: this.listenText, user: this.account?.user });
  }

  private stopSampler(): void {
    this.sampler?.cancel();
    this.sampler = undefined;
  }

  async stop(): Promise<void> {
    this.stopSampler();
    const proc = this.proc;
    if (!proc) return;
    this.stopping = true;
    await proc.stop();
    if (this.proc === proc) this.proc = undefined;
    this.rates.clear();
    this.lastStats = undefined;
  }

  async close(): Promise<void> {
    await this.stop();
    if (this.runDir?.owned) await rm(this.runDir.path, { recursive: true, force: true });
    this.runDir = undefined;
  }

  params(): Record<string, ParamValue> {
    return { ...this.settings };
  }

  /** Writes the new config and reloads with SIGHUP (icecast 2.4 re-reads relays and limits on it). */
  private async apply(proc: IcecastProcess, s: Settings): Promise<void> {
    const { location, mounts } = await this.writeConfig(s);
    proc.reload();
    // Running sources take their new limit a moment after the config itself.
    const want = s.maxListeners < 0 ? 'unlimited' : String(s.maxListeners);
    await this.waitFor(proc, location, RELOAD_MS, 'after SIGHUP', (stats) => {
      const behind = [...stats.mounts].filter(([m, f]) => mounts.includes(m) && f.max_listeners !== undefined && f.max_listeners !== want).map(([m]) => m);
      return behind.length ? `running mounts ${behind.join(', ')} do not show max_listeners ${want} yet` : undefined;
    });
  }

  async set(values: Record<string, ParamValue>): Promise<void> {
    const next: Settings = { ...this.settings };
    if (values.RelayFrom !== undefined) {
      if (typeof values.RelayFrom !== 'string' || parseRelayFrom(values.RelayFrom) === undefined) throw new InvalidParamError('RelayFrom', `'${String(values.RelayFrom)}' is not HOST:PORT/MOUNT`);
      if (!relaySourceAllowed(values.RelayFrom, this.o.relaySources)) {
        throw new ParamNotAllowedError('RelayFrom', `${values.RelayFrom} is not from an allowed source (${this.o.relaySources?.join(', ') ?? ''})`);
      }
      next.RelayFrom = values.RelayFrom;
    }
    if (values.clients !== undefined) next.clients = values.clients as number;
    if (values.maxListeners !== undefined) next.maxListeners = values.maxListeners as number;
    const proc = this.proc;
    if (!proc?.alive) {
      this.settings = next;
      return;
    }
    const old = this.settings;
    try {
      await this.apply(proc, next);
    } catch (err) {
      // All or nothing: the previous config goes back before the error is reported.
      await this.apply(proc, old).catch((again: Error) => this.ctx.log.error('restoring the previous icecast config failed', { err: again.message }));
      throw new Error(`icecast did not take the new settings (${(err as Error).message}); the previous ones are in effect`);
    }
    this.settings = next;
    this.ctx.log.info('icecast re-read its config', { ...next });
  }

  async status(): Promise<AdapterMetrics> {
    const proc = this.proc;
    if (!proc?.alive || proc.pid === undefined) return {};
    const stats = await this.sample();
    const now = this.ctx.clock.now();
    const relay = parseRelayFrom(this.settings.RelayFrom);
    const m: AdapterMetrics = {
      pid: proc.pid,
      uptime_seconds: (now - this.startedAt) / 1000,
      listeners: statNumber(stats.global, 'listeners'),
      sources: statNumber(stats.global, 'sources'),
      clients: statNumber(stats.global, 'clients'),
      bits_per_sec: 0,
      source_bits_per_sec: 0,
      bytes_sent: 0,
      relaying: relay && stats.mounts.has(relay.mount) ? 1 : 0,
    };
    for (const mount of new Set([...this.o.mounts, ...stats.mounts.keys()])) {
      const fields = stats.mounts.get(mount);
      const r = this.rates.rate(mount, now);
      m.bits_per_sec += r.sentBitsPerSec;
      m.source_bits_per_sec += r.readBitsPerSec;
      m.bytes_sent += statNumber(fields, 'total_bytes_sent');
      m[`mount:${mount}:listeners`] = statNumber(fields, 'listeners');
      m[`mount:${mount}:bits_per_sec`] = r.sentBitsPerSec;
    }
    return m;
  }
}
