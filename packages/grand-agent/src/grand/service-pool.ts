import { delay, parseMembers, type Clock, type Startable, type Timer } from '@lama/lookup';
import type { Subscription } from '@lama/lookup/rx';
import { applyDecision } from '../allocator/actuator.js';
import { servingSum } from '../allocator/algorithm1.js';
import { AllocatorPolicy, type PeriodTimer } from '../allocator/allocator-policy.js';
import type { Decision, DecisionInputs, PoolNode } from '../allocator/decision.js';
import { forecastDemand } from '../allocator/forecast-demand.js';
import { formatDecision } from '../allocator/format-decision.js';
import type { ServiceConfig } from '../config/grand-config.js';
import { metricValue } from '../monitor/metric.js';
import type { Monitor, MonitoredNode } from '../monitor/monitor.js';
import { createPredictor } from '../predictors/create-predictor.js';
import type { Predictor } from '../predictors/predictor.js';
import { AgentActuator, type Members } from './agent-actuator.js';
import type { DeploymentManager } from '../deploy/deployment-manager.js';
import { lifecycleOf } from '../deploy/lifecycle-entry.js';
import type { GrandLog } from './log.js';
import { NodeGoneError } from '../errors.js';
import type { AllocationJournal, OpenAllocation } from '../state/allocation-journal.js';

const ACTIVE = new Set(['STARTING', 'RUNNING', 'BACKOFF', 'STOPPING']);
const FREE = new Set(['STOPPED', 'EXITED']);
/** No decision on a crossing sooner than this after the last decision (the agents' own shortest status interval). */
const CROSSING_MIN_GAP_MS = 250;
/** Statuses that come together (a node's several adapters, nodes that moved at once) are checked once. */
const CROSSING_COALESCE_MS = 20;

/** Where a summed load lies against a decision's band: above upper · N · C (1), under the release bound (−1), or within (0). */
function side(sum: number, inputs: DecisionInputs): number {
  if (sum > inputs.upperBound) return 1;
  return inputs.lowerBound !== undefined && sum < inputs.lowerBound ? -1 : 0;
}

interface Pending {
  kind: 'adding' | 'releasing';
  /** When the operation ended; the entry goes once a status newer than this arrives. */
  settledAt?: number;
}

/** What the console and `lama pool` show of one service. */
export interface ServiceSnapshot {
  name: string;
  role: string;
  metric: string;
  predictor: string;
  capacityPerNode: number;
  n: number;
  serving: string[];
  sum: number;
  level?: number;
  forecast?: number;
  upperBound: number;
  lowerBound?: number;
  holdReason?: string;
  dryRun: boolean;
}

export interface ServicePoolOptions {
  service: ServiceConfig;
  monitor: Monitor;
  clock: Clock;
  log: GrandLog;
  /** Why allocation must wait now (a partition), if it must. */
  holdReason: () => string | undefined;
  /** Told of every decision as it is made, and again when it is carried out. */
  onDecision?: (d: Decision) => void;
  /** Deploys and cleans the nodes of a service with a site. */
  deployments?: Pick<DeploymentManager, 'deploy' | 'clean' | 'underWay'>;
  /** A node released from a service with a site keeps the site's objects in its cache (default true). */
  releaseKeepsCache?: boolean;
  /** Keeps adds and releases under way durable; with it, start() finishes those a kill interrupted. */
  intents?: AllocationJournal;
  /** After a restart, how long an interrupted add's node (and the dispatcher) may take to be back (default 60 s). */
  resumeWaitMs?: number;
}

/**
 * One service pool under Algorithm 1, for real: every period it sums the serving nodes'
 * load, feeds the predictor, decides, and carries an add or release out on the agents
 * (Set, Start, join the dispatcher; drain, Stop). It owns the dispatcher's member list
 * once it has read it from the dispatcher node's status.
 */
export class ServicePool implements Startable {
  readonly policy: AllocatorPolicy;
  readonly predictor: Predictor;
  readonly actuator: AgentActuator;
  private readonly pending = new Map<string, Pending>();
  private readonly replacing: string[] = [];
  private members: Members | undefined;
  /** The last member list that would not parse (logged once, not on every read). */
  private badMembers: string | undefined;
  private timer: PeriodTimer | undefined;
  private statuses: Subscription | undefined;
  private crossingCheck: Timer | undefined;
  private last: { sum: number; level?: number; forecast?: number; decision?: Decision } = { sum: 0 };

  constructor(private readonly o: ServicePoolOptions) {
    const s = o.service;
    this.predictor = createPredictor(s.predictor, `services.${s.name}.predictor`);
    this.policy = new AllocatorPolicy(s.allocator, { clock: o.clock, service: s.name });
    this.actuator = new AgentActuator(s, o.monitor, { members: () => this.members ?? new Map(), update: (m) => { this.members = m; } }, o.clock,
      o.deployments && { manager: o.deployments, keepCache: o.releaseKeepsCache ?? true });
  }

  get name(): string {
    return this.o.service.name;
  }

  /**
   * Finishes the adds and releases a kill interrupted, and runs Algorithm 1 every period from
   * now on, and on a status that moves the load across the band (decideOnCrossing).
   */
  async start(): Promise<void> {
    if (!this.timer) for (const open of this.o.intents?.open(this.name) ?? []) this.resume(open);
    this.timer ??= this.policy.every(() => this.tick());
    if (this.o.service.allocator.decideOnCrossing) {
      this.statuses ??= this.o.monitor.events.subscribe((e) => {
        if (e.type === 'status' && this.concerns(e.node)) this.checkCrossingSoon();
      });
    }
  }

  /** True when the node's status can move this service's sum or pool (it has the role, or is its dispatcher). */
  private concerns(n: MonitoredNode): boolean {
    return n.roles.includes(this.o.service.allocator.role) || n.name === this.o.service.dispatcher?.node || this.pending.has(n.name);
  }

  /** Checks for a crossing once statuses arriving together are in, and no sooner than the minimum gap after the last decision. */
  private checkCrossingSoon(): void {
    if (this.crossingCheck || !this.timer) return;
    const lastAt = this.last.decision?.at ?? -Infinity;
    const wait = Math.max(CROSSING_COALESCE_MS, lastAt + CROSSING_MIN_GAP_MS - this.o.clock.now());
    this.crossingCheck = this.o.clock.setTimer(() => {
      this.crossingCheck = undefined;
      if (this.crossed()) {
        this.o.log.debug({ service: this.name }, 'the load crossed the last decision\'s band: deciding now');
        this.timer?.early();
      }
    }, wait);
  }

  /** True when the serving nodes' summed load now lies on another side of the last decision's band than it did then. */
  private crossed(): boolean {
    const d = this.last.decision;
    if (!d) return false;
    return side(servingSum(this.poolNodes()), d.inputs) !== side(this.last.sum, d.inputs);
  }

  /**
   * An add or release the previous grand agent began: it counts as pending at once (no second
   * add for the same demand), and is carried out again once its node is back. Every step is
   * idempotent (Set the same parameters, Start a running adapter, the same member list), and a
   * deployment or cleaning under way is waited for, not asked again.
   */
  private resume(open: OpenAllocation): void {
    const { action, node } = open;
    this.o.log.warn({ service: this.name, action, node }, `${action} ${node} was under way when the grand agent stopped: finishing it`);
    const t0 = this.o.clock.now();
    this.act(action, node, async () => {
      await this.back(node, () => this.o.monitor.byName(node)?.status !== undefined);
      // The member list is rewritten whole: it must be the dispatcher's own before anything is added to it.
      const d = this.o.service.dispatcher;
      if (d) await this.back(d.node, () => this.knownMembers() !== undefined);
      await applyDecision({ action, node }, this.actuator, this.o.service.allocator.serverParams);
    }).then(
      () => this.o.log.info({ service: this.name, action, node, seconds: (this.o.clock.now() - t0) / 1000 }, `${action} ${node} (resumed): done`),
      (err: Error & { details?: string }) => this.o.log.error({ service: this.name, action, node, err: err.details || err.message }, `${action} ${node} (resumed) failed`),
    );
  }

  /** Waits (bounded by resumeWaitMs) until node is back as ok() says; NodeGoneError otherwise. */
  private async back(node: string, ok: () => boolean): Promise<void> {
    const end = this.o.clock.now() + (this.o.resumeWaitMs ?? 60_000);
    while (!ok()) {
      if (this.o.clock.now() >= end) throw new NodeGoneError(node);
      await delay(this.o.clock, 200);
    }
  }

  /** Runs an add or release with the node pending and its intent journaled until it ends. */
  private act(action: 'add' | 'release', node: string, run: () => Promise<void>, journaled = true): Promise<void> {
    const kind = action === 'add' ? 'adding' : 'releasing';
    this.pending.set(node, { kind });
    if (journaled) this.o.intents?.begin({ service: this.name, node, action, at: this.o.clock.now() });
    return run().then(
      () => {
        this.pending.set(node, { kind, settledAt: this.o.clock.now() });
        this.o.intents?.end(this.name, node);
      },
      (err: unknown) => {
        this.pending.delete(node);
        this.o.intents?.end(this.name, node);
        throw err;
      },
    );
  }

  /** Stops the periodic decisions (an action under way completes). */
  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    this.statuses?.unsubscribe();
    this.statuses = undefined;
    this.crossingCheck?.cancel();
    this.crossingCheck = undefined;
  }

  /** The dispatcher's members, read once from its status and owned from then on. */
  private knownMembers(): Members | undefined {
    const d = this.o.service.dispatcher;
    if (!d) return undefined;
    if (!this.members) {
      const node = this.o.monitor.byName(d.node);
      const a = node?.status?.adapters.find((x) => x.name === d.adapter);
      if (a) {
        const text = a.params[d.param];
        try {
          this.members = new Map(parseMembers(text).map((m) => [m.address, m.weight]));
        } catch (err) {
          if (text !== this.badMembers) this.o.log.warn({ service: this.name, node: d.node, err: (err as Error).message }, 'the dispatcher reports members that do not parse');
          this.badMembers = text;
        }
      }
    }
    return this.members;
  }

  private adapterState(n: MonitoredNode): string | undefined {
    return n.status?.adapters.find((a) => a.name === this.o.service.adapter)?.state;
  }

  /** True when the node serves this service now. */
  serves(n: MonitoredNode): boolean {
    const members = this.knownMembers();
    if (this.o.service.dispatcher) {
      const ep = n.serviceEndpoints[this.o.service.adapter];
      return members !== undefined && ep !== undefined && (members.get(ep) ?? 0) > 0;
    }
    return ACTIVE.has(this.adapterState(n) ?? '');
  }

  /**
   * The nodes that can serve this service, as Algorithm 1 sees them. With a site, a FREE node
   * (its lama.Lifecycle) that runs no adapter is idle whatever its roles, since the deployment
   * brings the site's adapters; a node being deployed or cleaned still counts as pending.
   */
  poolNodes(): PoolNode[] {
    const s = this.o.service;
    const out: PoolNode[] = [];
    // An add under way whose node is not (yet) back in the view still counts: after a restart the
    // agents register again one by one, and the add resumed must not be decided a second time.
    for (const [name, p] of this.pending) {
      if (p.kind === 'adding' && p.settledAt === undefined && !this.o.monitor.byName(name)?.status) out.push({ name, serving: false, load: 0, idle: false, pending: 'adding' });
    }
    for (const n of this.o.monitor.list()) {
      if (!n.status) continue;
      const p = this.pending.get(n.name);
      if (p?.settledAt !== undefined && (n.statusAt ?? 0) > p.settledAt) this.pending.delete(n.name);
      const pending = this.pending.get(n.name)?.kind;
      const state = this.adapterState(n);
      if (s.site && n.name !== s.dispatcher?.node && (state === undefined || !n.roles.includes(s.allocator.role))) {
        const free = lifecycleOf(n.item.attributes)?.state === 'FREE';
        // A FREE node that runs services of its own (a source, another service's dispatcher) is not
        // free to take: deployment step 1 would stop them.
        const busy = (n.status.adapters ?? []).some((a) => ACTIVE.has(a.state));
        if ((free && !busy) || pending) out.push({ name: n.name, serving: false, load: 0, idle: free && !busy && !pending, ...(pending && { pending }) });
        continue;
      }
      if (!n.roles.includes(s.allocator.role) || state === undefined) continue;
      const serving = this.serves(n);
      const reachable = !s.dispatcher || n.serviceEndpoints[s.adapter] !== undefined;
      out.push({
        name: n.name,
        roles: n.roles,
        serving,
        load: metricValue(n.status, s.allocator.metric),
        idle: !serving && FREE.has(state) && reachable && n.name !== s.dispatcher?.node,
        ...(pending && { pending }),
      });
    }
    return out;
  }

  /** A node whose lease expired: take it out of the dispatcher and, if it served, replace it. */
  nodeFailed(node: MonitoredNode): void {
    if (!this.serves(node)) return;
    this.replacing.push(node.name);
    this.nodeGone(node);
  }

  /** A node that is gone for good: take it out of the dispatcher (no replacement of its own). */
  nodeGone(node: MonitoredNode): void {
    if (!this.serves(node)) return;
    const ep = node.serviceEndpoints[this.o.service.adapter];
    if (ep) {
      this.actuator.forget(ep).then(
        () => this.o.log.info({ service: this.name, node: node.name, member: ep }, 'failed node taken out of the dispatcher'),
        (err: Error) => this.o.log.warn({ service: this.name, node: node.name, err: err.message }, 'could not take the failed node out of the dispatcher'),
      );
    }
  }

  /** One period of Algorithm 1. */
  tick(): Decision {
    const now = this.o.clock.now();
    const nodes = this.poolNodes();
    const sum = servingSum(nodes);
    this.predictor.observe(now, sum);
    const fc = this.predictor.name === 'threshold' ? {} : forecastDemand(this.predictor, this.o.service.allocator.leadTimeMs);
    const holdReason = this.o.holdReason();
    const d = this.policy.step({ nodes, ...fc, ...(holdReason !== undefined && { holdReason }), ...(this.replacing.length && { replacing: this.replacing[0] }) });
    this.last = { sum, ...fc, decision: d };
    // Any add stands in for the oldest failed node (a minNodes add after a failure is its replacement).
    if (d.action === 'add') this.replacing.shift();
    this.o.onDecision?.(d);
    if (d.action === 'hold') {
      this.o.log.debug({ service: this.name }, formatDecision(d));
      return d;
    }
    this.o.log.info({ service: this.name, action: d.action, node: d.node }, formatDecision(d));
    if (d.node !== undefined) this.carryOut(d, d.node);
    return d;
  }

  private carryOut(d: Decision, node: string): void {
    const t0 = this.o.clock.now();
    // Each change of a decision after it was made (its deployment starts, its outcome) is streamed again.
    const log = this.policy.log;
    const deploymentStarted = (id: string): void => {
      d.deployment = id;
      log.changed(d);
    };
    // A dry run changes nothing on the nodes: nothing to finish after a restart.
    this.act(d.action === 'add' ? 'add' : 'release', node, () => applyDecision(d, this.actuator, this.o.service.allocator.serverParams, deploymentStarted), !d.dryRun).then(
      () => {
        d.outcome = 'done';
        d.tookMs = this.o.clock.now() - t0;
        this.o.log.info({ service: this.name, action: d.action, node, seconds: d.tookMs / 1000 }, `${d.action} ${node}: done`);
        this.o.onDecision?.(d);
        log.changed(d);
      },
      (err: Error & { details?: string }) => {
        d.outcome = `failed: ${err.details || err.message}`;
        d.tookMs = this.o.clock.now() - t0;
        this.o.log.error({ service: this.name, action: d.action, node, err: d.outcome }, `${d.action} ${node} failed`);
        this.o.onDecision?.(d);
        log.changed(d);
      },
    );
  }

  snapshot(): ServiceSnapshot {
    const s = this.o.service;
    const nodes = this.poolNodes();
    const d = this.last.decision;
    return {
      name: s.name, role: s.allocator.role, metric: s.allocator.metric, predictor: this.predictor.name, capacityPerNode: s.allocator.capacityPerNode,
      n: d?.inputs.n ?? nodes.filter((n) => n.serving).length,
      serving: nodes.filter((n) => n.serving).map((n) => n.name).sort(),
      sum: this.last.sum,
      ...(this.last.level !== undefined && { level: this.last.level }),
      ...(this.last.forecast !== undefined && { forecast: this.last.forecast }),
      upperBound: d?.inputs.upperBound ?? 0,
      ...(d?.inputs.lowerBound !== undefined && { lowerBound: d.inputs.lowerBound }),
      ...(this.o.holdReason() !== undefined && { holdReason: this.o.holdReason() }),
      dryRun: s.allocator.dryRun,
    };
  }
}
