import { EventEmitter } from 'node:events';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdapterSupervisor, loadAdapterFactory, type AdapterLogger, type AdapterState, type AdapterView, type SupervisorOptions } from '@lama/adapters';
import {
  ConfigurationError, CredentialVerifier, NAME_ENTRY, PoolMember, ROLE_ENTRY, RpcServer, loadProto, normalizeMdns, requireRole,
  type Clock, type Credential, type Entry, type Startable,
} from '@lama/lookup';
import type { AgentConfig } from '../config/agent-config.js';
import { agentHandlers, adapterToWire } from '../control/agent-service.js';
import { ControlStats } from '../control/control-stats.js';
import { UnknownAdapterError } from '../errors.js';
import type { MetricsSource } from '../control/node-metrics.js';
import type { NodeMetrics } from '../metrics/types.js';
import { metricsToWire } from '../control/status-mapping.js';
import { StateDirProbe } from './state-dir-probe.js';
import type { NodeStatus } from '../generated/lama/agent/v1/NodeStatus.js';
import type { ProtoGrpcType } from '../generated/agent.js';
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
}

/**
 * An ordinary agent: abstracts one node. Runs its adapters under supervisors, serves
 * Status / Start / Stop / Set (and WatchStatus) over gRPC, and keeps an item of type
 * lama.agent.v1.Agent registered with every lookup service of its groups.
 */
export class Agent extends EventEmitter<AgentEvents> implements Startable {
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
  private attributeTimer: NodeJS.Timeout | undefined;
  private ownStateDir: string | undefined;
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

  get intervalMs(): number {
    return this.o.config.metrics.intervalMs;
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

  /** Loads adapters, starts metrics, serves the control API, then joins the pool. */
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
      this.cached = undefined;
      if (p) this.o.log.error({ code: p.code, stateDir: stateRoot }, p.message);
      else this.o.log.info({ stateDir: stateRoot }, 'state directory writable again');
    });
    for (const a of c.adapters) {
      const factory = await loadAdapterFactory(a.module, this.o.configDir);
      const stateDir = join(stateRoot, a.name);
      mkdirSync(stateDir, { recursive: true });
      const sup = await AdapterSupervisor.create(a.name, factory, a.options, { log: this.adapterLog(a.name), stateDir }, { clock: this.o.clock, ...this.o.supervisor });
      sup.on('state', (name, state, previous, message) => {
        this.cached = undefined;
        this.emit('adapterState', name, state, previous, message);
        this.scheduleAttributes();
      });
      this.adapters.set(a.name, sup);
    }
    await this.o.metrics.start();
    await this.probe.start();
    await this.serve();
    await this.joinPool();
    for (const a of c.adapters) {
      if (!a.autostart) continue;
      this.adapters.get(a.name)?.start().catch((err: Error) => this.o.log.error({ adapter: a.name, err: err.message }, 'autostart failed'));
    }
  }

  /** Cancels the lease (a clean departure), stops serving, stops every adapter. */
  async stop(): Promise<void> {
    if (this.phase === 'stopped') return;
    this.phase = 'stopped';
    if (this.attributeTimer) clearTimeout(this.attributeTimer);
    await this.member?.stop();
    await this.server?.stop();
    await this.probe?.stop();
    await Promise.all([...this.adapters.values()].map((s) => s.close()));
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
    const verifier = this.verifier;
    const c = this.o.config;
    this.server = new RpcServer({
      credential: this.o.credential, listen: c.listen, advertiseHost: c.advertiseHost, mdnsInterface: c.multicast.interface, reflection: [definition],
      services: [{ name: AGENT_SERVICE_TYPE, definition: grpcObject.lama.agent.v1.Agent.service, handlers: agentHandlers(this, verifier, this.control, (m, e) => this.emit('rejected', m, e)) as UntypedServiceImplementation }],
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
    this.cached = undefined;
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
      version: AGENT_VERSION, uptimeMs: Date.now() - this.startedAt, problems: this.problems(),
    };
  }

  /** What keeps the node from working normally now (empty when healthy). */
  problems(): { code: string; message: string; sinceMs: number }[] {
    const p = this.probe?.problem;
    return p ? [{ ...p }] : [];
  }
}
