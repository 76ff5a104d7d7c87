import { Subject, type Observable, type Subscription } from '@lama/lookup/rx';
import { AGENT_SERVICE_TYPE, AgentClient, type RemoteNodeStatus } from '@lama/agent';
import {
  LookupCache, NAME_ENTRY, ROLE_ENTRY, entryValues, jitter, systemClock,
  type CachedLease, type Clock, type Credential, type DiscoveryManager, type RemovalReason, type ServiceItem, type Timer,
} from '@lama/lookup';
import { metricValues } from './metric.js';
import { NodeSeries } from './node-series.js';

/** Entry type by which a node says where one of its adapters' services answers: lama.Endpoint{adapter, endpoint}. */
export const ENDPOINT_ENTRY = 'lama.Endpoint';

/** A node as the grand agent's monitor knows it. */
export interface MonitoredNode {
  readonly serviceId: string;
  name: string;
  /** The agent's control endpoint. */
  endpoint: string;
  roles: string[];
  item: ServiceItem;
  /** Adapter name → HOST:PORT its service answers on (from lama.Endpoint entries). */
  serviceEndpoints: Record<string, string>;
  status?: RemoteNodeStatus;
  /** When the last status arrived (monitor clock). */
  statusAt?: number;
  readonly series: NodeSeries;
  /** The control client, shared with the allocator's actuator. */
  readonly client: AgentClient;
}

export type MonitorEvent =
  | { type: 'joined'; node: MonitoredNode }
  | { type: 'changed'; node: MonitoredNode }
  | { type: 'status'; node: MonitoredNode }
  | { type: 'left'; node: MonitoredNode; reason: RemovalReason | undefined; poolSize: number };

export interface MonitorOptions {
  credential: Credential;
  /** WatchStatus interval asked of every agent (the paper: 2 s): the longest time between two statuses. */
  intervalMs: number;
  /** Shortest time between two statuses: a change the allocator uses comes this soon (0: the agent's default, 250 ms). */
  minIntervalMs?: number;
  /** Adapter metrics (ADAPTER.METRIC) the services decide on: their changes are sent early too. */
  earlyMetrics?: string[];
  /** Samples kept per node. */
  historySamples: number;
  clock?: Clock;
  /** Builds an agent's control client (default: AgentClient with the credential). */
  clientFactory?: (endpoint: string, owner: string) => AgentClient;
  /** Told when a status stream fails (it is reopened with backoff while the node is registered). */
  onStreamError?: (node: string, err: Error) => void;
}

interface Watch {
  subscription?: Subscription;
  timer?: Timer;
  retryMs: number;
}

/**
 * The grand agent's view of the pool: a lookup cache of every agent's item across all
 * lookup services, one WatchStatus stream per agent, and a bounded time series per node.
 * `left` carries the registrar's reason: EXPIRED is a failure, CANCELLED a clean departure.
 */
export class Monitor {
  private readonly nodes = new Map<string, MonitoredNode>();
  private readonly watches = new Map<string, Watch>();
  private readonly subject = new Subject<MonitorEvent>();
  private readonly clock: Clock;
  private cache: LookupCache | undefined;
  private sub: Subscription | undefined;

  constructor(private readonly o: MonitorOptions) {
    this.clock = o.clock ?? systemClock;
  }

  /** Joined / changed / status / left, as they happen. */
  get events(): Observable<MonitorEvent> {
    return this.subject.asObservable();
  }

  /** Every registered agent now. */
  list(): MonitoredNode[] {
    return [...this.nodes.values()];
  }

  /** The node with this name, if registered. */
  byName(name: string): MonitoredNode | undefined {
    for (const n of this.nodes.values()) if (n.name === name) return n;
    return undefined;
  }

  /** The node's lease as the lookup services last said (the latest expiry over those holding its item). */
  lease(node: MonitoredNode): CachedLease | undefined {
    return this.cache?.lease(node.serviceId);
  }

  /** Follows the agents registered with every lookup service the discovery manager finds. */
  async start(discovery: DiscoveryManager): Promise<void> {
    if (this.cache) return;
    // Renewals too: the pool view shows each node's lease time left (one event per renewal per lookup service).
    this.cache = new LookupCache({ credential: this.o.credential, discovery, template: { serviceTypes: [AGENT_SERVICE_TYPE] }, clock: this.o.clock, leaseRenewals: true });
    this.sub = this.cache.events.subscribe((e) => {
      if (e.type === 'added') this.added(e.item);
      else if (e.type === 'changed') this.changed(e.item);
      else this.removed(e.item, e.reason);
    });
    await this.cache.start();
  }

  /** Closes the cache and every status stream, and completes events. */
  async stop(): Promise<void> {
    this.sub?.unsubscribe();
    await this.cache?.stop();
    for (const id of [...this.nodes.keys()]) this.close(id);
    this.nodes.clear();
    this.subject.complete();
  }

  private describe(item: ServiceItem): Pick<MonitoredNode, 'name' | 'roles' | 'serviceEndpoints'> {
    const serviceEndpoints: Record<string, string> = {};
    for (const e of item.attributes) if (e.type === ENDPOINT_ENTRY && e.fields.adapter && e.fields.endpoint) serviceEndpoints[e.fields.adapter] = e.fields.endpoint;
    return { name: entryValues(item.attributes, NAME_ENTRY, 'name')[0] ?? item.serviceId, roles: entryValues(item.attributes, ROLE_ENTRY, 'role'), serviceEndpoints };
  }

  private added(item: ServiceItem): void {
    // Dial only the credential that registered the item: an item pointing at someone else's endpoint gets nothing.
    const client = this.o.clientFactory?.(item.endpoint, item.owner) ?? new AgentClient(item.endpoint, this.o.credential, 10_000, { node: item.owner });
    const node: MonitoredNode = { serviceId: item.serviceId, endpoint: item.endpoint, item, series: new NodeSeries(this.o.historySamples), client, ...this.describe(item) };
    this.nodes.set(item.serviceId, node);
    this.watches.set(item.serviceId, { retryMs: 500 });
    this.open(node);
    this.subject.next({ type: 'joined', node });
  }

  private changed(item: ServiceItem): void {
    const node = this.nodes.get(item.serviceId);
    if (!node) return this.added(item);
    if (node.endpoint !== item.endpoint) {
      // The agent moved: a new client and stream for the new address.
      this.close(item.serviceId);
      this.nodes.delete(item.serviceId);
      return this.added(item);
    }
    Object.assign(node, { item, ...this.describe(item) });
    this.subject.next({ type: 'changed', node });
  }

  private removed(item: ServiceItem, reason: RemovalReason | undefined): void {
    const node = this.nodes.get(item.serviceId);
    if (!node) return;
    const poolSize = this.nodes.size;
    this.close(item.serviceId);
    this.nodes.delete(item.serviceId);
    this.subject.next({ type: 'left', node, reason, poolSize });
  }

  private open(node: MonitoredNode): void {
    const w = this.watches.get(node.serviceId);
    if (!w) return;
    w.subscription = node.client.watchStatus(this.o.intervalMs, { minIntervalMs: this.o.minIntervalMs, earlyMetrics: this.o.earlyMetrics }).subscribe({
      next: (s) => {
        w.retryMs = 500;
        node.status = s;
        node.statusAt = this.clock.now();
        node.series.push({ at: node.statusAt, values: metricValues(s) });
        this.subject.next({ type: 'status', node });
      },
      error: (err: Error) => this.retry(node, err),
      complete: () => this.retry(node, new Error('status stream ended')),
    });
  }

  private retry(node: MonitoredNode, err: Error): void {
    const w = this.watches.get(node.serviceId);
    if (!w) return;
    this.o.onStreamError?.(node.name, err);
    w.subscription?.unsubscribe();
    w.timer = this.clock.setTimer(() => {
      if (this.watches.get(node.serviceId) === w) this.open(node);
    }, jitter(w.retryMs));
    w.retryMs = Math.min(w.retryMs * 2, 5000);
  }

  private close(serviceId: string): void {
    const w = this.watches.get(serviceId);
    this.watches.delete(serviceId);
    w?.timer?.cancel();
    w?.subscription?.unsubscribe();
    this.nodes.get(serviceId)?.client.close();
  }
}
