import { Subject, type Observable } from '@lama/lookup/rx';
import { DEFAULT_RENEW_AT, systemClock, type Clock, type Timer } from '@lama/lookup';
import type { Alert, AlertKind } from './alert.js';

/** A node that left the pool, as the lookup cache reports it. */
export interface Departure {
  node: string;
  serviceId: string;
  roles: string[];
  endpoint: string;
  /** EXPIRED (a failure) or anything else (CANCELLED: a clean departure). */
  reason: string | undefined;
  /** Pool size just before this departure. */
  poolSize: number;
  lastStatus?: unknown;
  /** Its lama.Lifecycle when it left, as `lama pool` shows it (e.g. "DEPLOYING (news@1)"). */
  lifecycle?: string;
}

export interface AlertManagerOptions {
  clock?: Clock;
  /** Expiries within this window count together (default 10 s). */
  partitionWindowMs?: number;
  /** A partition is at least this share of the pool expiring within the window (default 0.3)... */
  partitionShare?: number;
  /** ...and at least this many nodes (default 3). */
  partitionMinNodes?: number;
  /** A partition clears when half its nodes are back, or after this long without new expiries (default 5 min). */
  partitionHoldMs?: number;
  /** Alerts kept for `lama alerts` (default 1000). */
  keep?: number;
  /**
   * A lease-expired alert waits this long (default 500 ms) for other expiries, on top of the
   * renewal spread below: if they make a partition within it, they are all one partition alert.
   */
  settleMs?: number;
  /**
   * The lease the nodes hold (default: unknown, no spread). Nodes cut off at the same moment
   * last renewed at different phases, so their expiries land up to one renewal interval (a
   * third of the lease) apart: the settle window is that interval plus settleMs, and a
   * lease-expired alert comes at most lease × 4/3 + settleMs after a death.
   */
  nodeLeaseMs?: number;
}

/**
 * Turns departures into alerts: exactly one `lease-expired` per expired node, none for a
 * cancelled lease. Many expiries within one window look like a partition (Eureka's lesson),
 * not like many dead nodes: one `partition` alert, and allocation holds until it clears.
 */
export class AlertManager {
  private readonly subject = new Subject<Alert>();
  private readonly kept: Alert[] = [];
  private readonly recent: { at: number; node: string }[] = [];
  private partition: { nodes: Set<string>; back: Set<string>; timer?: Timer } | undefined;
  /** Expiries whose alert waits out the settle window, by node. */
  private readonly pending = new Map<string, { departure: Departure; at: number; timer: Timer }>();
  /** When each node's lease last expired: a deployment it died in raises no second alert for it. */
  private readonly expiredAt = new Map<string, number>();
  private nextId = 1;
  /** Alerts ever raised, by kind (the kept list is bounded). */
  readonly raised: Record<AlertKind, number> = { 'lease-expired': 0, partition: 0, 'partition-cleared': 0, 'deployment-failed': 0 };
  private readonly clock: Clock;
  private readonly o: Required<Omit<AlertManagerOptions, 'clock' | 'nodeLeaseMs'>>;
  /** How long an expiry waits for the others of a partition: the renewal spread plus settleMs. */
  readonly settleWindowMs: number;

  constructor(options: AlertManagerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.o = {
      partitionWindowMs: options.partitionWindowMs ?? 10_000, partitionShare: options.partitionShare ?? 0.3,
      partitionMinNodes: options.partitionMinNodes ?? 3, partitionHoldMs: options.partitionHoldMs ?? 300_000, keep: options.keep ?? 1000,
      settleMs: options.settleMs ?? 500,
    };
    this.settleWindowMs = Math.ceil((options.nodeLeaseMs ?? 0) * DEFAULT_RENEW_AT) + this.o.settleMs;
  }

  /** Every alert as it is raised. */
  get alerts(): Observable<Alert> {
    return this.subject.asObservable();
  }

  /** The alerts kept so far, oldest first. */
  list(): Alert[] {
    return [...this.kept];
  }

  /** Why allocation must wait, or undefined. */
  get holdReason(): string | undefined {
    if (this.partition) return `partition: ${this.partition.nodes.size} nodes expired together (${[...this.partition.nodes].join(', ')})`;
    // Until an expiry is judged a failure or part of a partition, acting on it could undo the partition hold.
    if (this.pending.size) return `settling: ${[...this.pending.keys()].join(', ')} expired less than ${this.settleWindowMs} ms ago (a failure or a partition?)`;
    return undefined;
  }

  private raise(kind: AlertKind, message: string, extra: Partial<Alert>, at = this.clock.now()): Alert {
    const alert: Alert = { id: this.nextId++, kind, at: new Date(at).toISOString(), raisedAt: new Date(this.clock.now()).toISOString(), message, ...extra };
    this.kept.push(alert);
    this.raised[kind]++;
    if (this.kept.length > this.o.keep) this.kept.splice(0, this.kept.length - this.o.keep);
    this.subject.next(alert);
    return alert;
  }

  /**
   * A node left the pool. An expiry becomes a lease-expired alert once the settle window
   * passes without a partition, or part of the partition alert that the expiries within
   * the window make; a cancelled lease raises nothing. Returns the partition alert if this
   * departure raised one.
   */
  departed(d: Departure): Alert | undefined {
    if (d.reason !== 'EXPIRED') return undefined;
    const now = this.clock.now();
    this.expiredAt.set(d.node, now);
    this.recent.push({ at: now, node: d.node });
    while (this.recent.length && now - this.recent[0].at > this.o.partitionWindowMs) this.recent.shift();
    if (this.partition) {
      // Part of the partition already reported: no alert of its own.
      this.partition.nodes.add(d.node);
      this.armClear();
      return undefined;
    }
    // Distinct nodes: one that expired, came back and expired again is still one node.
    const nodes = new Set(this.recent.map((r) => r.node));
    const poolBefore = d.poolSize + nodes.size - 1;
    if (nodes.size >= Math.max(this.o.partitionMinNodes, Math.ceil(this.o.partitionShare * poolBefore))) {
      // The expiries still settling are part of it and get no alert of their own.
      for (const p of this.pending.values()) p.timer.cancel();
      this.pending.clear();
      this.partition = { nodes, back: new Set() };
      this.armClear();
      return this.raise('partition', `${nodes.size} of ${poolBefore} nodes' leases expired within ${this.o.partitionWindowMs / 1000} s: a partition, not ${nodes.size} dead nodes; allocation holds until it clears`, { nodes: [...nodes] });
    }
    this.pending.get(d.node)?.timer.cancel();
    const timer = this.clock.setTimer(() => this.settled(d.node), this.settleWindowMs);
    this.pending.set(d.node, { departure: d, at: now, timer });
    return undefined;
  }

  private settled(node: string): void {
    const p = this.pending.get(node);
    if (!p) return;
    this.pending.delete(node);
    const d = p.departure;
    const was = d.lifecycle && d.lifecycle !== 'FREE' ? ` (it was ${d.lifecycle})` : '';
    this.raise('lease-expired', `node ${d.node} stopped renewing its lease: it is presumed failed${was}`, {
      node: d.node, serviceId: d.serviceId, roles: d.roles, endpoint: d.endpoint, lastStatus: d.lastStatus,
    }, p.at);
  }

  /**
   * A deployment ended with nodes that failed or timed out: one deployment-failed alert naming
   * them and why. A node whose lease expired while it was in the deployment is left out: its
   * death already has its alert (lease-expired, or the partition's), the cause an operator
   * acts on; the deployment's record keeps its failure. Nothing is raised when no other node
   * failed.
   */
  deploymentFailed(d: { id: string; site: string; version: number; nodes: { node: string; state: string; reason?: string; cleanup?: string; startedAt?: number; endedAt?: number }[] }): Alert | undefined {
    const bad = d.nodes.filter((n) => n.state !== 'complete');
    const died = (n: (typeof bad)[number]): boolean => {
      const at = this.expiredAt.get(n.node);
      return at !== undefined && n.startedAt !== undefined && at >= n.startedAt && at <= (n.endedAt ?? this.clock.now());
    };
    const alerted = bad.filter((n) => !died(n));
    if (alerted.length === 0) return undefined;
    const dead = bad.filter(died).map((n) => n.node);
    const what = alerted.map((n) => `${n.node} ${n.state}${n.reason ? ` (${n.reason})` : ''}${n.cleanup ? `, cleanup ${n.cleanup}` : ''}`).join('; ');
    const also = dead.length ? `; and ${dead.join(', ')}, whose lease expired during it (alerted as such)` : '';
    return this.raise('deployment-failed', `deployment ${d.id} of ${d.site}${d.version ? `@${d.version}` : ''}: ${bad.length} of ${d.nodes.length} nodes did not complete: ${what}${also}`, {
      nodes: alerted.map((n) => n.node), deploymentId: d.id, site: d.site, version: d.version,
    });
  }

  /** A node (re)joined: counts towards clearing a partition, and its earlier expiry no longer counts towards one. */
  arrived(node: string): void {
    // A node cut off alone that is back is not part of the next partition.
    for (let i = this.recent.length - 1; i >= 0; i--) if (this.recent[i].node === node) this.recent.splice(i, 1);
    const p = this.partition;
    if (!p || !p.nodes.has(node)) return;
    p.back.add(node);
    if (p.back.size * 2 >= p.nodes.size) this.clear(`${p.back.size} of ${p.nodes.size} nodes are back`);
  }

  private armClear(): void {
    const p = this.partition;
    if (!p) return;
    p.timer?.cancel();
    p.timer = this.clock.setTimer(() => this.clear(`no further expiries for ${this.o.partitionHoldMs / 1000} s`), this.o.partitionHoldMs);
  }

  private clear(why: string): void {
    const p = this.partition;
    if (!p) return;
    p.timer?.cancel();
    this.partition = undefined;
    this.recent.length = 0;
    this.raise('partition-cleared', `partition cleared: ${why}; allocation resumes`, { nodes: [...p.nodes] });
  }

  /** Stops timers and completes the stream (expiries still settling raise nothing). */
  async stop(): Promise<void> {
    for (const p of this.pending.values()) p.timer.cancel();
    this.pending.clear();
    this.partition?.timer?.cancel();
    this.subject.complete();
  }
}
