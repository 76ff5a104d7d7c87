import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdapterSupervisor, ProcessGroupFile, loadAdapterFactory, type AdapterFactory, type AdapterLogger, type AdapterState, type AdapterView, type SupervisorOptions } from '@lama/adapters';
import {
  ConfigurationError, CredentialVerifier, LIFECYCLE_ENTRY, NAME_ENTRY, PoolMember, ROLE_ENTRY, RpcServer, loadProto, normalizeMdns, parseHostPort, requireRole,
  systemClock, type Clock, type Credential, type Entry, type Startable,
} from '@lama/lookup';
import type { AgentConfig } from '../config/agent-config.js';
import { agentHandlers, adapterToWire } from '../control/agent-service.js';
import { ControlStats } from '../control/control-stats.js';
import { ConfigError, UnknownAdapterError } from '../errors.js';
import type { MetricsSource } from '../control/node-metrics.js';
import type { NodeMetrics } from '../metrics/types.js';
import { metricsToWire } from '../control/status-mapping.js';
import { StateDirProbe } from './state-dir-probe.js';
import type { NodeStatus } from '../generated/lama/agent/v1/NodeStatus.js';
import type { ProtoGrpcType } from '../generated/agent.js';
import type { ProtoGrpcType as DeployProto } from '../generated/deploy.js';
import type { DeployerHost } from '../deploy/deployer.js';
import { DEPLOYER_SERVICE, deployerHandlers, lifecycleToWire } from '../deploy/deployer-service.js';
import { DeployerSlot } from '../deploy/deployer-slot.js';
import type { LifecycleRecord } from '../deploy/lifecycle.js';
import type { SiteNode } from '../site/site-node.js';
import type { UntypedServiceImplementation } from '@grpc/grpc-js';

export const AGENT_SERVICE_TYPE = 'lama.agent.v1.Agent';
export const AGENT_VERSION = '0.1.0';

/** The daemon's logger (pino-compatible); the library only calls it. */
export interface AgentLog {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface AgentOptions {
  config: AgentConfig;
  credential: Credential;
  /** Folder relative adapter module paths are resolved from (the config file's). */
  configDir: string;
  metrics: MetricsSource;
  log: AgentLog;
  clock?: Clock;
  supervisor?: SupervisorOptions;
}

export interface AgentEvents {
  adapterState: [name: string, state: AdapterState, previous: AdapterState, message: string];
  rejected: [method: string, err: Error];
  lifecycle: [record: LifecycleRecord];
}

/**
 * An ordinary agent: abstracts one node. Runs its adapters under supervisors, serves
 * Status / Start / Stop / Set (and WatchStatus) over gRPC, and keeps an item of type
 * lama.agent.v1.Agent registered with every lookup service of its groups. Its Deployer
 * (lama.deploy.v1.Deployer, on the same address) deploys and cleans sites (Khnum).
 */
export class Agent extends EventEmitter<AgentEvents> implements Startable, DeployerHost {
  /** Control calls served (per verb and status) and status streams open, for Prometheus. */
  readonly control = new ControlStats();
  private readonly adapters = new Map<string, AdapterSupervisor>();
  // Checks every control call; its revocation set follows the lookup services.
  private readonly verifier: CredentialVerifier;
  private server: RpcServer | undefined;
  private member: PoolMember | undefined;
  private boundEndpoint = '';
  private readonly startedAt = Date.now();
  private cached: { at: number; status: Promise<NodeStatus> } | undefined;
  // WatchStatus streams (a set, not EventEmitter listeners: any number of watchers is normal).
  private readonly statusListeners = new Set<() => void>();
  private attributeTimer: NodeJS.Timeout | undefined;
  private ownStateDir: string | undefined;
  private processGroups: ProcessGroupFile | undefined;
  private sites: SiteNode | undefined;
  private deployer: DeployerSlot | undefined;
  private lastLifecycle = '';
  private probe: StateDirProbe | undefined;
  // An agent runs once: start() and stop() are idempotent, and a stopped agent stays stopped.
  private phase: 'new' | 'started' | 'stopped' = 'new';

  constructor(private readonly o: AgentOptions) {
    super();
    this.verifier = new CredentialVerifier(o.credential.poolPublicKey, o.clock);
    // An agent credential that the pool would refuse is a startup error, not a silent failure.
    requireRole(new CredentialVerifier(o.credential.poolPublicKey).verifyToken(o.credential.token), 'agent');
  }

  get node(): string {
    return this.o.config.name;
  }

  /** The node's own host: its advertiseHost, else the host of its listen address (known before it binds). */
  get address(): string {
    const c = this.o.config;
    return c.advertiseHost ?? parseHostPort(c.listen)?.host ?? '';
  }

  get intervalMs(): number {
    return this.o.config.metrics.intervalMs;
  }

  /** The agent's clock (WatchStatus streams time their sends on it). */
  get clock(): Clock {
    return this.o.clock ?? systemClock;
  }

  /** Calls listener whenever the status may have changed (adapter, life cycle, problems, a metrics sample, Set); returns the unsubscribe. */
  onStatusChange(listener: () => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  private statusChanged(): void {
    this.cached = undefined;
    for (const l of [...this.statusListeners]) l();
  }

  /** HOST:PORT the control API answers on (after start). */
  get endpoint(): string {
    return this.boundEndpoint;
  }

  /** Where adapters keep runtime files (after start): the configured stateDir, or a temporary one removed at stop. */
  get stateDir(): string | undefined {
    return this.o.config.stateDir ?? this.ownStateDir;
  }

  /** The service ID of the agent's item (after start). */
  get serviceId(): string | undefined {
    return this.member?.serviceId;
  }

  /**
   * Kills what an earlier run of this agent left running, loads adapters, brings the life
   * cycle back to a whole state, starts metrics, serves the control API, then joins the pool.
   */
  async start(): Promise<void> {
    if (this.phase !== 'new') return;
    this.phase = 'started';
    const c = this.o.config;
    const stateRoot = c.stateDir ?? mkdtempSync(join(tmpdir(), `lama-agent-${c.name}-`));
    // A directory the agent made for itself goes when it stops; a configured one stays.
    if (!c.stateDir) this.ownStateDir = stateRoot;
    // A configured directory that does not exist yet is made (an agent without adapters made none before).
    mkdirSync(stateRoot, { recursive: true });
    this.probe = new StateDirProbe(stateRoot, c.metrics.intervalMs, this.o.clock);
    this.probe.on('change', (p) => {
      this.statusChanged();
      if (p) this.o.log.error({ code: p.code, stateDir: stateRoot }, p.message);
      else this.o.log.info({ stateDir: stateRoot }, 'state directory writable again');
    });
    // Before anything else (supervisord's way): the services of a killed run must not hold ports or files.
    this.processGroups = new ProcessGroupFile(join(stateRoot, '_process-groups.json'));
    const swept = this.processGroups.sweep();
    if (swept.pids.length) this.o.log.warn({ groups: swept.groups, pids: swept.pids }, 'killed processes an earlier run of this agent left behind');
    for (const a of c.adapters) await this.addAdapter(a.name, a.module, a.options, join(stateRoot, a.name), this.o.configDir);
    const clock = this.o.clock ?? systemClock;
    const deployDir = join(stateRoot, '_deploy');
    this.deployer = new DeployerSlot(deployDir, clock.now(), async () => {
      const [{ SiteNode }, { Deployer }] = await Promise.all([import('../site/site-node.js'), import('../deploy/deployer.js')]);
      this.sites = await SiteNode.open({ dir: join(stateRoot, '_sites'), verifier: this.verifier, cacheLimitBytes: c.deploy.cacheLimitBytes, clock: this.o.clock });
      return new Deployer({
        host: this, site: this.sites, clock, log: this.o.log, processGroups: this.processGroups, credential: this.o.credential, verifier: this.verifier,
        multicast: { ...c.deploy.multicast, interface: c.deploy.multicast.interface ?? c.multicast.interface },
        place: { dir: deployDir, root: c.deploy.root, allowedRoots: c.deploy.allowedRoots ?? [c.deploy.root], replicasDir: this.sites.replicas.dir },
      });
    });
    this.deployer.on('change', () => this.lifecycleChanged());
    await this.deployer.recover();
    this.lastLifecycle = this.lifecycleKey();
    // A new sample may move the load past what a watcher was last sent.
    this.o.metrics.on?.('sample', () => this.statusChanged());
    await this.o.metrics.start();
    await this.probe.start();
    await this.serve();
    await this.joinPool();
    for (const a of c.adapters) {
      if (!a.autostart) continue;
      this.adapters.get(a.name)?.start().catch((err: Error) => this.o.log.error({ adapter: a.name, err: err.message }, 'autostart failed'));
    }
  }

  /** Adds an adapter under a supervisor (the config's at start, a site's at run time); its runtime files go under stateDir. */
  async addAdapter(name: string, module: string | AdapterFactory, options: unknown, stateDir: string, from = this.o.configDir): Promise<void> {
    if (this.adapters.has(name)) throw new ConfigError(`node '${this.node}' has an adapter '${name}' already`);
    const factory = typeof module === 'string' ? await loadAdapterFactory(module, from) : module;
    mkdirSync(stateDir, { recursive: true });
    const sup = await AdapterSupervisor.create(name, factory, options, { log: this.adapterLog(name), stateDir }, { clock: this.o.clock, ...this.o.supervisor, processGroups: this.processGroups });
    sup.on('state', (n, state, previous, message) => {
      this.statusChanged();
      this.emit('adapterState', n, state, previous, message);
      this.scheduleAttributes();
    });
    this.adapters.set(name, sup);
    this.scheduleAttributes();
  }

  /** Stops and removes an adapter added at run time (a site's). */
  async removeAdapter(name: string): Promise<void> {
    const sup = this.adapters.get(name);
    if (!sup) return;
    await sup.close();
    this.adapters.delete(name);
    this.statusChanged();
    this.scheduleAttributes();
  }

  /** Stops every adapter of the node's own config that is not stopped (deployment step 1); returns their names. */
  async stopNodeServices(): Promise<string[]> {
    const own = new Set(this.o.config.adapters.map((a) => a.name));
    const running = [...this.adapters.values()].filter((a) => own.has(a.name) && !['STOPPED', 'EXITED', 'FATAL'].includes(a.state));
    await Promise.all(running.map((a) => a.stop()));
    return running.map((a) => a.name);
  }

  /** The node's server life cycle (after start). */
  lifecycle(): LifecycleRecord | undefined {
    return this.deployer?.lifecycle();
  }

  private lifecycleKey(): string {
    const r = this.deployer?.lifecycle();
    return r ? `${r.state} ${r.site} ${r.version}` : '';
  }

  // Progress changes often (files, steps); the item and Status change with the life cycle only.
  private lifecycleChanged(): void {
    const key = this.lifecycleKey();
    if (key === this.lastLifecycle) return;
    this.lastLifecycle = key;
    this.statusChanged();
    const r = this.deployer?.lifecycle();
    if (r) {
      this.o.log.info({ state: r.state, site: r.site, version: r.version, reason: r.reason || undefined, deploymentId: r.deploymentId || undefined }, 'lifecycle');
      this.emit('lifecycle', r);
    }
    this.scheduleAttributes();
  }

  /** Cancels the lease (a clean departure), stops serving, stops every adapter. */
  async stop(): Promise<void> {
    if (this.phase === 'stopped') return;
    this.phase = 'stopped';
    if (this.attributeTimer) clearTimeout(this.attributeTimer);
    await this.member?.stop();
    await this.server?.stop();
    // A procedure under way stops at its next step; the file says where, and the next start recovers.
    await this.deployer?.close();
    await this.probe?.stop();
    await Promise.all([...this.adapters.values()].map((s) => s.close()));
    await this.sites?.close();
    await this.o.metrics.stop();
    if (this.ownStateDir) rmSync(this.ownStateDir, { recursive: true, force: true });
  }

  private adapterLog(name: string): AdapterLogger {
    const log = this.o.log;
    return {
      debug: (m, d) => log.debug({ adapter: name, ...d }, m),
      info: (m, d) => log.info({ adapter: name, ...d }, m),
      warn: (m, d) => log.warn({ adapter: name, ...d }, m),
      error: (m, d) => log.error({ adapter: name, ...d }, m),
    };
  }

  private async serve(): Promise<void> {
    const { definition, grpcObject } = loadProto<ProtoGrpcType>('agent');
    const deploy = loadProto<DeployProto>('deploy');
    const verifier = this.verifier;
    const c = this.o.config;
    const rejected = (m: string, e: Error): boolean => this.emit('rejected', m, e);
    this.server = new RpcServer({
      credential: this.o.credential, listen: c.listen, advertiseHost: c.advertiseHost, mdnsInterface: c.multicast.interface, reflection: [definition, deploy.definition],
      services: [
        { name: AGENT_SERVICE_TYPE, definition: grpcObject.lama.agent.v1.Agent.service, handlers: agentHandlers(this, verifier, this.control, rejected) as UntypedServiceImplementation },
        { name: DEPLOYER_SERVICE, definition: deploy.grpcObject.lama.deploy.v1.Deployer.service, handlers: deployerHandlers(this.node, this.deployer as DeployerSlot, verifier, rejected) as UntypedServiceImplementation },
      ],
    });
    this.boundEndpoint = await this.server.start();
  }

  private async joinPool(): Promise<void> {
    const c = this.o.config;
    const mdns = c.multicast.enabled ? normalizeMdns({ interface: c.multicast.interface, port: c.multicast.port, group: c.multicast.group, ttl: c.multicast.ttl }) : false;
    if (!mdns && c.lookups.length === 0) throw new ConfigurationError('multicast is disabled and no lookups (unicast locators) are configured: the agent could never join');
    const member = new PoolMember({
      credential: this.o.credential, groups: c.groups, mdns, locators: c.lookups, clock: this.o.clock, leaseMs: c.leaseMs, revocations: this.verifier.revocations,
      item: { serviceTypes: [AGENT_SERVICE_TYPE], endpoint: this.boundEndpoint, attributes: this.attributes() },
    });
    this.member = member;
    member.on('lookup', (e) => this.o.log.info({ lookup: e.lookup.name, endpoint: e.lookup.endpoint, source: e.lookup.source }, `lookup service ${e.type}`));
    member.on('registered', (l, leaseId) => this.o.log.info({ lookup: l.name, endpoint: l.endpoint, serviceId: member.serviceId, leaseId }, 'registered'));
    member.on('lost', (l, reason) => this.o.log.warn({ lookup: l.name, reason }, 'registration lost'));
    member.on('failed', (l, err) => this.o.log.debug({ lookup: l.name, err: err.message }, 'registration attempt failed'));
    await member.start();
  }

  /** The item's attributes: name, address, roles of every adapter, capacity, groups, version, and each adapter's state. */
  attributes(): Entry[] {
    const c = this.o.config;
    const roles = [...new Set([...this.adapters.values()].flatMap((a) => a.roles))];
    const host = this.boundEndpoint.slice(0, this.boundEndpoint.lastIndexOf(':'));
    return [
      { type: NAME_ENTRY, fields: { name: c.name } },
      { type: 'lama.Address', fields: { host } },
      ...roles.map((role) => ({ type: ROLE_ENTRY, fields: { role } })),
      { type: 'lama.Capacity', fields: Object.fromEntries(Object.entries(c.capacity).map(([k, v]) => [k, String(v)])) },
      { type: 'lama.Groups', fields: { groups: c.groups.join(',') } },
      { type: 'lama.Version', fields: { version: AGENT_VERSION } },
      ...(this.deployer ? [lifecycleEntry(this.deployer.lifecycle())] : []),
      ...[...this.adapters.values()].map((a) => ({ type: 'lama.Adapter', fields: { name: a.name, type: a.factory.type, state: a.state, roles: a.roles.join(',') } })),
      ...c.attributes,
    ];
  }

  private scheduleAttributes(): void {
    // Coalesce bursts of state changes (STOPPING, STOPPED...) into one update.
    if (this.attributeTimer || !this.member) return;
    this.attributeTimer = setTimeout(() => {
      this.attributeTimer = undefined;
      this.member?.setAttributes(this.attributes()).catch((err: Error) => this.o.log.warn({ err: err.message }, 'attribute update failed'));
    }, 100);
    this.attributeTimer.unref();
  }

  adapterNames(): string[] {
    return [...this.adapters.keys()];
  }

  /** The node's latest metrics sample, if one was taken. */
  latestMetrics(): NodeMetrics | undefined {
    return this.o.metrics.latest();
  }

  /** Each adapter's state now, by name (read without asking the adapters anything). */
  adapterStates(): { name: string; type: string; state: AdapterState }[] {
    return [...this.adapters.values()].map((a) => ({ name: a.name, type: a.factory.type, state: a.state }));
  }

  private adapter(name: string): AdapterSupervisor {
    const a = this.adapters.get(name);
    if (!a) throw new UnknownAdapterError(this.node, name, this.adapterNames());
    return a;
  }

  /** Start verb: starts one adapter, resolves with its view once RUNNING. */
  async startAdapter(name: string): Promise<AdapterView> {
    const a = this.adapter(name);
    await a.start();
    return a.view();
  }

  /** Stop verb. */
  async stopAdapter(name: string): Promise<AdapterView> {
    const a = this.adapter(name);
    await a.stop();
    return a.view();
  }

  /** Set verb: all or nothing. */
  async setAdapter(name: string, params: Record<string, string>): Promise<AdapterView> {
    const a = this.adapter(name);
    await a.set(params);
    this.statusChanged();
    return a.view();
  }

  /** The node's status; reuses one computed within maxAgeMs (many watchers, one computation). */
  status(maxAgeMs = 0): Promise<NodeStatus> {
    const now = Date.now();
    if (this.cached && now - this.cached.at <= maxAgeMs) return this.cached.status;
    const status = this.computeStatus();
    this.cached = { at: now, status };
    status.catch(() => { this.cached = undefined; });
    return status;
  }

  private async computeStatus(): Promise<NodeStatus> {
    const metrics = this.o.metrics.latest() ?? (await this.o.metrics.sampleNow());
    const views = await Promise.all([...this.adapters.values()].map((a) => a.view()));
    return {
      node: this.node, ...metricsToWire(metrics), adapters: views.map(adapterToWire), capacity: { ...this.o.config.capacity },
      version: AGENT_VERSION, uptimeMs: Date.now() - this.startedAt, lifecycle: this.deployer ? lifecycleToWire(this.deployer.lifecycle()) : null, problems: this.problems(),
    };
  }

  /** What keeps the node from working normally now (empty when healthy). */
  problems(): { code: string; message: string; sinceMs: number }[] {
    const p = this.probe?.problem;
    return p ? [{ ...p }] : [];
  }
}

/** The item's lama.Lifecycle {state, site, version} entry. */
function lifecycleEntry(r: LifecycleRecord): Entry {
  return { type: LIFECYCLE_ENTRY, fields: { state: r.state, site: r.site, version: String(r.version) } };
}
