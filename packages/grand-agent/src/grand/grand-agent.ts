import type * as grpc from '@grpc/grpc-js';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  ConfigurationError, CredentialVerifier, LookupServer, NAME_ENTRY, PoolMember, RpcServer, loadProto, normalizeMdns, requireRole, systemClock,
  type Clock, type Credential, type MdnsOptions, type RpcService, type Startable,
} from '@lama/lookup';
import { merge, type Observable } from '@lama/lookup/rx';
import { AlertManager } from '../alerts/alert-manager.js';
import type { Alert } from '../alerts/alert.js';
import { WebhookSender } from '../alerts/webhook.js';
import type { Decision } from '../allocator/decision.js';
import type { GrandConfig } from '../config/grand-config.js';
import type { ProtoGrpcType } from '../generated/grand.js';
import type { PoolView } from '../generated/lama/grand/v1/PoolView.js';
import { Monitor, type MonitoredNode } from '../monitor/monitor.js';
import { metricValue } from '../monitor/metric.js';
import { grandHandlers } from './grand-service.js';
import type { GrandLog } from './log.js';
import { ServicePool } from './service-pool.js';
import { DeploymentManager, type NodeDirectory } from '../deploy/deployment-manager.js';
import type { DeployNode } from '../deploy/cache-source.js';
import { lifecycleOf, lifecycleText } from '../deploy/lifecycle-entry.js';
import { DeploymentJournal } from '../state/deployment-journal.js';
import { AllocationJournal } from '../state/allocation-journal.js';

/** The service type the grand agent registers under; `lama alerts` and the console look it up by it. */
export const GRAND_SERVICE_TYPE = 'lama.grand.v1.Grand';

export interface GrandAgentOptions {
  config: GrandConfig;
  credential: Credential;
  log: GrandLog;
  clock?: Clock;
}

/**
 * The grand agent: serves its own lookup service (unless told to use existing ones) and the
 * Grand API on one address, registers itself, watches every agent (Monitor), raises alerts
 * when leases expire (AlertManager → log, API, webhooks, rxjs), and sizes each configured
 * service pool with Algorithm 1 (ServicePool).
 */
export class GrandAgent implements Startable {
  readonly alerts: AlertManager;
  readonly monitor: Monitor;
  readonly pools: ServicePool[];
  /** The Khnum manager: `lama deploy`, `lama clean`, and the allocator's adds and releases of sited services. */
  readonly deployments: DeploymentManager;
  private readonly clock: Clock;
  private readonly verifier: CredentialVerifier;
  private lookup: LookupServer | undefined;
  private ownServer: RpcServer | undefined;
  private member: PoolMember | undefined;
  private readonly webhooks: WebhookSender[];
  private boundEndpoint = '';
  // It runs once: start() and stop() are idempotent, and a stopped grand agent stays stopped.
  private phase: 'new' | 'started' | 'stopped' = 'new';
  /** Expired nodes as they were last seen, until their alert says failure or partition. */
  private readonly expired = new Map<string, MonitoredNode>();

  constructor(private readonly o: GrandAgentOptions) {
    this.clock = o.clock ?? systemClock;
    const c = o.config;
    this.verifier = new CredentialVerifier(o.credential.poolPublicKey, this.clock);
    // The grand agent drives agents: a credential without 'controller' is a startup error.
    const principal = this.verifier.verifyToken(o.credential.token);
    requireRole(principal, 'controller');
    if (c.embeddedLookup) requireRole(principal, 'lookup');
    if (c.name !== undefined && c.name !== principal.name) {
      throw new ConfigurationError(`name '${c.name}' is not the credential's name '${principal.name}' (a node's name is its credential's; omit name or issue a credential for it)`);
    }
    this.alerts = new AlertManager({ clock: this.clock, ...c.alerts });
    this.webhooks = c.alerts.webhooks.map((url) => new WebhookSender({ url, clock: this.clock }));
    this.monitor = new Monitor({
      credential: o.credential, intervalMs: c.monitor.intervalMs, minIntervalMs: c.monitor.minIntervalMs, historySamples: c.monitor.historySamples, clock: this.clock,
      // The adapter metrics services decide on (stream.listeners...) are sent when they move, not only every interval.
      earlyMetrics: [...new Set(c.services.map((s) => s.allocator.metric).filter((m) => m.includes('.')))],
      onStreamError: (node, err) => o.log.debug({ node, err: err.message }, 'status stream failed; reopening'),
    });
    // What must survive a kill -9: read (and checked) before anything starts.
    let journal: DeploymentJournal | undefined;
    let intents: AllocationJournal | undefined;
    if (c.stateDir) {
      mkdirSync(c.stateDir, { recursive: true });
      const failed = (what: string) => (err: Error) => o.log.error({ err: err.message }, `${what} could not be written: a restart now would not know of it`);
      journal = new DeploymentJournal(join(c.stateDir, 'deployments.json'), c.deploy.keep, failed('the deployment journal'));
      intents = new AllocationJournal(join(c.stateDir, 'allocations.json'), failed('the allocation journal'));
    }
    this.deployments = new DeploymentManager({
      credential: o.credential, directory: monitorDirectory(this.monitor), config: c.deploy, clock: this.clock,
      holdReason: () => this.alerts.holdReason,
      onFailed: (d) => this.alerts.deploymentFailed(d),
      journal, resumeWaitMs: c.resumeWaitMs,
    });
    this.pools = c.services.map((service) => new ServicePool({
      service, monitor: this.monitor, clock: this.clock, log: o.log, holdReason: () => this.alerts.holdReason,
      deployments: this.deployments, releaseKeepsCache: c.deploy.releaseKeepsCache, intents, resumeWaitMs: c.resumeWaitMs,
    }));
  }

  private mdns(): MdnsOptions | false {
    const m = this.o.config.multicast;
    return m.enabled ? normalizeMdns({ interface: m.interface, port: m.port, group: m.group, ttl: m.ttl }) : false;
  }

  /** HOST:PORT of the Grand API (and the embedded lookup service), after start(). */
  get endpoint(): string {
    return this.boundEndpoint;
  }

  get serviceId(): string | undefined {
    return this.member?.serviceId;
  }

  /** The embedded lookup service, after start() (none with embeddedLookup false). */
  get embeddedLookup(): LookupServer | undefined {
    return this.lookup;
  }

  /** Every decision kept, of every service, oldest first. */
  decisions(): Decision[] {
    return this.pools.flatMap((p) => p.policy.log.entries()).sort((a, b) => a.at - b.at);
  }

  async start(): Promise<void> {
    if (this.phase !== 'new') return;
    this.phase = 'started';
    const c = this.o.config;
    const log = this.o.log;
    const { definition: protoDefinition, grpcObject } = loadProto<ProtoGrpcType>('grand');
    const handlers = grandHandlers({
      alerts: () => this.alerts.list(),
      alertStream: (): Observable<Alert> => this.alerts.alerts,
      decisions: () => this.decisions(),
      decisionStream: (): Observable<Decision> => merge(...this.pools.map((p) => p.policy.log.recorded)),
      pool: () => this.pool(),
      clock: this.clock,
      deployments: this.deployments,
    }, this.verifier, this.o.credential.certificate.name, (method, err) => log.warn({ method, err: err.message }, 'call rejected'));
    const grand: RpcService = { name: GRAND_SERVICE_TYPE, definition: grpcObject.lama.grand.v1.Grand.service, handlers: handlers as grpc.UntypedServiceImplementation };
    if (c.embeddedLookup) {
      this.lookup = new LookupServer({
        credential: this.o.credential, listen: c.listen, maxLeaseMs: c.maxLeaseMs, groups: c.groups, mdns: this.mdns(),
        announceIntervalMs: c.announceIntervalMs, advertiseHost: c.advertiseHost, clock: this.clock,
        services: [grand],
      });
      this.lookup.on('rejected', (method, err) => log.warn({ method, err: err.message }, 'call rejected'));
      await this.lookup.start();
      this.boundEndpoint = this.lookup.endpoint;
    } else {
      this.ownServer = new RpcServer({
        credential: this.o.credential, listen: c.listen, services: [grand], reflection: [protoDefinition], graceMs: 1000,
        advertiseHost: c.advertiseHost, mdnsInterface: c.multicast.interface,
      });
      this.boundEndpoint = await this.ownServer.start();
    }
    this.alerts.alerts.subscribe((a) => {
      this.onAlert(a);
      log.warn({ alert: a.kind, node: a.node, nodes: a.nodes, roles: a.roles, at: a.at, id: a.id }, `ALERT ${a.kind}: ${a.message}`);
      for (const w of this.webhooks) {
        void w.send(a).then((ok) => {
          if (!ok) log.error({ alert: a.id, url: w.url, results: w.results.at(-1) }, 'webhook delivery failed after every retry');
        });
      }
    });
    const logged = new Map<string, string>();
    this.deployments.changes.subscribe((d) => {
      // One line per state a deployment reaches (not per progress report).
      if (logged.get(d.id) === d.state) return;
      logged.set(d.id, d.state);
      const nodes = Object.fromEntries(d.nodes.map((n) => [n.node, n.endedAt !== undefined && n.startedAt !== undefined ? `${n.state} ${((n.endedAt - n.startedAt) / 1000).toFixed(1)} s` : n.state]));
      const ended = d.state === 'complete' || d.state === 'partial' || d.state === 'failed';
      if (ended) logged.delete(d.id);
      log[d.state === 'complete' || !ended ? 'info' : 'warn']({ deployment: d.id, kind: d.kind, site: d.site, version: d.version, state: d.state, cacheSource: d.cacheSource, nodes, message: d.message }, `${d.kind === 'deploy' ? 'deployment' : 'cleaning'} ${d.id} ${d.state}`);
    });
    this.monitor.events.subscribe((e) => {
      if (e.type === 'joined') {
        log.info({ node: e.node.name, endpoint: e.node.endpoint, roles: e.node.roles }, 'node joined');
        this.alerts.arrived(e.node.name);
      } else if (e.type === 'left') this.left(e.node, e.reason, e.poolSize);
    });
    const member = new PoolMember({
      credential: this.o.credential, groups: c.groups, mdns: this.mdns(), clock: this.clock, leaseMs: c.leaseMs, revocations: this.verifier.revocations,
      // The embedded lookup service is a locator too: multicast may be off.
      locators: [...c.lookups, ...(this.lookup ? [this.boundEndpoint] : [])],
      item: { serviceTypes: [GRAND_SERVICE_TYPE], endpoint: this.boundEndpoint, attributes: [{ type: NAME_ENTRY, fields: { name: this.o.credential.certificate.name } }, { type: 'lama.Role', fields: { role: 'grand' } }] },
    });
    this.member = member;
    member.on('registered', (l) => log.info({ lookup: l.name, endpoint: l.endpoint, serviceId: member.serviceId }, 'registered'));
    member.on('lost', (l, reason) => log.warn({ lookup: l.name, reason }, 'registration lost'));
    await this.monitor.start(member.discovery);
    await member.start();
    // Work a kill left open is resumed before the allocator decides anything.
    await this.deployments.start();
    for (const p of this.pools) await p.start();
  }

  private left(node: MonitoredNode, reason: string | undefined, poolSize: number): void {
    this.o.log.info({ node: node.name, reason }, reason === 'EXPIRED' ? 'node lease expired' : 'node left');
    if (reason === 'EXPIRED') this.expired.set(node.name, node);
    this.alerts.departed({
      node: node.name, serviceId: node.serviceId, roles: node.roles, endpoint: node.endpoint, reason, poolSize, lifecycle: lifecycleText(lifecycleOf(node.item.attributes)),
      ...(node.status && { lastStatus: { at: new Date(node.statusAt ?? 0).toISOString(), cpu: node.status.cpuUtilization, adapters: Object.fromEntries(node.status.adapters.map((a) => [a.name, a.state])) } }),
    });
  }

  /**
   * A failure (lease-expired) is replaced at once if it served. A partition changes nothing
   * until it clears; then the nodes that did not come back leave their dispatchers.
   */
  private onAlert(a: Alert): void {
    if (a.kind === 'lease-expired' && a.node) {
      const node = this.expired.get(a.node);
      this.expired.delete(a.node);
      if (node) for (const p of this.pools) p.nodeFailed(node);
    } else if (a.kind === 'partition-cleared') {
      for (const name of a.nodes ?? []) {
        const node = this.expired.get(name);
        this.expired.delete(name);
        if (node && !this.monitor.byName(name)) for (const p of this.pools) p.nodeGone(node);
      }
    }
  }

  /** The pool as the Grand API's Pool call returns it. */
  pool(): PoolView {
    const snapshots = this.pools.map((p) => p.snapshot());
    // Each pool's view of its nodes, computed once: pending adds and releases by node.
    const pending = new Map<string, string>();
    for (const p of this.pools) for (const x of p.poolNodes()) if (x.pending && !pending.has(x.name)) pending.set(x.name, x.pending);
    return {
      grand: this.o.config.name,
      atMs: this.clock.now(),
      lookups: this.member?.discovery.lookups.map((l) => l.endpoint) ?? [],
      nodes: this.monitor.list().map((n) => {
        const servedBy = this.pools.filter((p) => p.serves(n));
        const lease = this.monitor.lease(n);
        const loads: Record<string, number> = {};
        for (const p of servedBy) if (n.status) loads[p.name] = metricValue(n.status, p.policy.config.metric);
        return {
          node: n.name, endpoint: n.endpoint, roles: n.roles, lastStatusMs: n.statusAt ?? 0,
          cpuUtilization: n.status?.cpuUtilization ?? 0, rxBitsPerSec: n.status?.rxBitsPerSec ?? 0, txBitsPerSec: n.status?.txBitsPerSec ?? 0,
          adapters: Object.fromEntries((n.status?.adapters ?? []).map((a) => [a.name, a.state])),
          loads, serving: servedBy[0]?.name ?? '', pending: pending.get(n.name) ?? '',
          samples: n.series.size,
          lifecycle: lifecycleText(lifecycleOf(n.item.attributes)),
          leaseExpiresMs: lease?.expiresAt ?? 0, leaseMs: lease?.leaseMs ?? 0,
        };
      }).sort((a, b) => a.node.localeCompare(b.node)),
      services: snapshots.map((s) => ({
        name: s.name, role: s.role, metric: s.metric, predictor: s.predictor, capacityPerNode: s.capacityPerNode, n: s.n, serving: s.serving, sum: s.sum,
        hasForecast: s.forecast !== undefined, level: s.level ?? 0, forecast: s.forecast ?? 0, upperBound: s.upperBound, lowerBound: s.lowerBound ?? 0,
        holdReason: s.holdReason ?? '', dryRun: s.dryRun,
      })),
    };
  }

  /** Cancels its own registration, stops the loops, streams and servers. */
  async stop(): Promise<void> {
    if (this.phase === 'stopped') return;
    this.phase = 'stopped';
    for (const p of this.pools) await p.stop();
    await this.deployments.stop();
    for (const w of this.webhooks) await w.stop();
    await this.member?.stop().catch(() => undefined);
    await this.monitor.stop();
    await this.alerts.stop();
    await this.lookup?.stop(500);
    await this.ownServer?.stop();
  }
}

/** The monitor as the deployment manager's directory: each node's item and latest load. */
function monitorDirectory(monitor: Monitor): NodeDirectory {
  const view = (n: MonitoredNode): DeployNode => ({
    name: n.name, endpoint: n.endpoint, owner: n.item.owner, attributes: n.item.attributes,
    ...(n.status && { cpuUtilization: n.status.cpuUtilization, txBitsPerSec: n.status.txBitsPerSec }),
  });
  return {
    byName: (name) => {
      const n = monitor.byName(name);
      return n && view(n);
    },
    list: () => monitor.list().map(view),
  };
}
