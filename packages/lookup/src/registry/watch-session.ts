import type { Subscription } from 'rxjs';
import type { ServiceItem, ServiceTemplate } from './item.js';
import type { Change, Registrar, RemovalReason, Renewal } from './registrar.js';
import { matches } from './template.js';

export type Transition = 'MATCH_NOMATCH' | 'NOMATCH_MATCH' | 'MATCH_MATCH';
export const TRANSITIONS: readonly Transition[] = ['MATCH_NOMATCH', 'NOMATCH_MATCH', 'MATCH_MATCH'];

/** What a watcher receives; mirrors lama.lookup.v1.WatchEvent. */
export interface WatchEvent {
  kind: 'SNAPSHOT_ITEM' | 'SYNCED' | 'TRANSITION' | 'RESYNC' | 'LEASE_RENEWED';
  sequence: number;
  revision: number;
  registrarId: string;
  transition?: Transition;
  serviceId?: string;
  item?: ServiceItem;
  reason?: RemovalReason;
  leaseRemainingMs: number;
}

/** The transition a change causes for a template, if any (Jini's notify semantics). */
export function transitionOf(template: ServiceTemplate, change: Change): { transition: Transition; item: ServiceItem; reason?: RemovalReason } | undefined {
  const pre = change.before !== undefined && matches(template, change.before);
  const post = change.after !== undefined && matches(template, change.after);
  if (pre && post) return { transition: 'MATCH_MATCH', item: change.after as ServiceItem };
  if (!pre && post) return { transition: 'NOMATCH_MATCH', item: change.after as ServiceItem };
  if (pre && !post) return { transition: 'MATCH_NOMATCH', item: change.before as ServiceItem, reason: change.reason };
  return undefined;
}

/** Where a session writes; write returns false when the consumer is not keeping up. */
export interface WatchSink {
  write(event: WatchEvent): boolean;
}

export interface WatchOptions {
  template: ServiceTemplate;
  /** Transitions to report; empty or absent means all. */
  transitions?: readonly Transition[];
  /** Resume point from an earlier stream. */
  resume?: { registrarId: string; revision: number };
  /** Also send LEASE_RENEWED at each renewal of a matching item. */
  leaseRenewals?: boolean;
  /** Events written while the consumer is blocked before the session gives up and resyncs (default 10,000). */
  maxBuffered?: number;
}

/**
 * One watcher: a snapshot (or a replay from a resume point), then live transitions, all
 * numbered contiguously. A consumer that stops reading for too long is not fed without
 * bound and not silently skipped: the session stops, and on drain sends RESYNC and a fresh
 * snapshot.
 */
export class WatchSession {
  private sequence = 0;
  private subscription: Subscription | undefined;
  private renewalSubscription: Subscription | undefined;
  private blocked = false;
  private bufferedWhileBlocked = 0;
  private overflowed = false;
  private readonly wanted: ReadonlySet<Transition>;
  private readonly maxBuffered: number;

  constructor(private readonly registrar: Registrar, private readonly sink: WatchSink, private readonly options: WatchOptions) {
    this.wanted = new Set(options.transitions?.length ? options.transitions : TRANSITIONS);
    this.maxBuffered = options.maxBuffered ?? 10_000;
  }

  /** Sends the snapshot or replay, then follows live changes. */
  start(): void {
    const r = this.options.resume;
    const replay = r && r.registrarId === this.registrar.registrarId ? this.registrar.changesSince(r.revision) : undefined;
    if (replay) {
      for (const c of replay) this.onChange(c);
      this.sendMarker('SYNCED');
    } else {
      this.sendSnapshot();
    }
    this.subscription = this.registrar.changes.subscribe((c) => this.onChange(c));
    if (this.options.leaseRenewals) this.renewalSubscription = this.registrar.renewals.subscribe((r) => this.onRenewal(r));
    this.registrar.stats.watchSessions++;
  }

  /** The consumer caught up: resume, with a resync if events were dropped. */
  drained(): void {
    this.blocked = false;
    this.bufferedWhileBlocked = 0;
    if (this.overflowed) {
      this.overflowed = false;
      this.sendMarker('RESYNC');
      this.sendSnapshot();
    }
  }

  /** Stops following changes. */
  close(): void {
    if (!this.subscription) return;
    this.registrar.stats.watchSessions--;
    this.subscription.unsubscribe();
    this.subscription = undefined;
    this.renewalSubscription?.unsubscribe();
  }

  private sendSnapshot(): void {
    const { items, leaseRemainingMs } = this.registrar.lookupWithLeases(this.options.template);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      this.send({ kind: 'SNAPSHOT_ITEM', serviceId: item.serviceId, item, leaseRemainingMs: leaseRemainingMs[i], sequence: 0, registrarId: '', revision: 0 });
    }
    this.sendMarker('SYNCED');
  }

  private sendMarker(kind: 'SYNCED' | 'RESYNC'): void {
    this.send({ kind, sequence: 0, registrarId: '', revision: 0, leaseRemainingMs: 0 });
  }

  private onChange(change: Change): void {
    if (this.overflowed) return;
    const t = transitionOf(this.options.template, change);
    if (!t || !this.wanted.has(t.transition)) return;
    this.send({
      kind: 'TRANSITION',
      transition: t.transition,
      serviceId: change.serviceId,
      item: t.item,
      reason: t.reason,
      revision: change.revision,
      leaseRemainingMs: change.after ? this.registrar.leaseRemaining(change.serviceId) : 0,
      sequence: 0,
      registrarId: '',
    });
  }

  private onRenewal(r: Renewal): void {
    if (this.overflowed || !matches(this.options.template, r.item)) return;
    this.send({ kind: 'LEASE_RENEWED', serviceId: r.serviceId, leaseRemainingMs: r.durationMs, sequence: 0, registrarId: '', revision: 0 });
  }

  /**
   * Numbers and writes an event. Callers build it as a literal with sequence, registrarId
   * and (for markers and snapshot items) revision left to fill in here, which keeps each
   * kind of event one object shape (an object spread per event per watcher was the
   * costliest step of a fan-out).
   */
  private send(e: WatchEvent): void {
    if (this.overflowed) return;
    // Snapshots are bounded by the registrar's size; only live events can pile up without end.
    if (this.blocked && (e.kind === 'TRANSITION' || e.kind === 'LEASE_RENEWED') && ++this.bufferedWhileBlocked > this.maxBuffered) {
      this.overflowed = true;
      return;
    }
    e.sequence = ++this.sequence;
    e.registrarId = this.registrar.registrarId;
    if (e.kind !== 'TRANSITION') e.revision = this.registrar.revision;
    const ok = this.sink.write(e);
    if (!ok) this.blocked = true;
  }
}
