import { Subject, type Observable } from 'rxjs';
import { systemClock, type Clock, type Timer } from '@lama/lookup';
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
  private nextId = 1;
  private readonly clock: Clock;
  private readonly o: Required<Omit<AlertManagerOptions, 'clock'>>;

  constructor(options: AlertManagerOptions = {}) {
    this.clock = options.clock ?? systemClock;
    this.o = {
      partitionWindowMs: options.partitionWindowMs ?? 10_000, partitionShare: options.partitionShare ?? 0.3,
      partitionMinNodes: options.partitionMinNodes ?? 3, partitionHoldMs: options.partitionHoldMs ?? 300_000, keep: options.keep ?? 1000,
    };
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
    return this.partition ? `partition: ${this.partition.nodes.size} nodes expired together (${[...this.partition.nodes].join(', ')})` : undefined;
  }

  private raise(kind: AlertKind, message: string, extra: Partial<Alert>): Alert {
    const alert: Alert = { id: this.nextId++, kind, at: new Date(this.clock.now()).toISOString(), message, ...extra };
    this.kept.push(alert);
    if (this.kept.length > this.o.keep) this.kept.splice(0, this.kept.length - this.o.keep);
    this.subject.next(alert);
    return alert;
  }

  /** A node left the pool; returns the alert it raised, if any. */
  departed(d: Departure): Alert | undefined {
    if (d.reason !== 'EXPIRED') return undefined;
    const now = this.clock.now();
    this.recent.push({ at: now, node: d.node });
    while (this.recent.length && now - this.recent[0].at > this.o.partitionWindowMs) this.recent.shift();
    if (this.partition) {
      // Part of the partition already reported: no alert of its own.
      this.partition.nodes.add(d.node);
      this.armClear();
      return undefined;
    }
    const poolBefore = d.poolSize + this.recent.length - 1;
    if (this.recent.length >= Math.max(this.o.partitionMinNodes, Math.ceil(this.o.partitionShare * poolBefore))) {
      const nodes = new Set(this.recent.map((r) => r.node));
      this.partition = { nodes, back: new Set() };
      this.armClear();
      return this.raise('partition', `${nodes.size} of ${poolBefore} nodes' leases expired within ${this.o.partitionWindowMs / 1000} s: a partition, not ${nodes.size} dead nodes; allocation holds until it clears`, { nodes: [...nodes] });
    }
    return this.raise('lease-expired', `node ${d.node} stopped renewing its lease: it is presumed failed`, {
      node: d.node, serviceId: d.serviceId, roles: d.roles, endpoint: d.endpoint, lastStatus: d.lastStatus,
    });
  }

  /** A node (re)joined: counts towards clearing a partition. */
  arrived(node: string): void {
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

  /** Stops timers and completes the stream. */
  close(): void {
    this.partition?.timer?.cancel();
    this.subject.complete();
  }
}
