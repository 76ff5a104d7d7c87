import { EventEmitter } from 'node:events';
import type * as grpc from '@grpc/grpc-js';
import { Subject, type Observable, type Subscription } from '../rx.js';
import { RegistrarClient, type RemoteWatchEvent } from '../client/registrar-client.js';
import type { Credential } from '../credentials/certificate.js';
import type { DiscoveryManager, LookupLocator } from '../discovery/discovery-manager.js';
import { jitter } from '../discovery/jitter.js';
import type { Startable } from '../lifecycle/startable.js';
import type { ServiceItem, ServiceTemplate } from '../registry/item.js';
import type { RemovalReason } from '../registry/registrar.js';
import { systemClock, type Clock, type Timer } from '../time/clock.js';

/** An item in the merged view, with the lookup services that hold it. */
export interface CachedItem {
  item: ServiceItem;
  /** Service IDs of the lookup services holding the item. */
  lookups: string[];
}

export type CacheEvent =
  | { type: 'added'; item: ServiceItem; lookups: string[] }
  | { type: 'changed'; item: ServiceItem; previous: ServiceItem; lookups: string[] }
  | { type: 'removed'; item: ServiceItem; reason?: RemovalReason };

export interface LookupCacheOptions {
  credential: Credential;
  discovery: DiscoveryManager;
  template?: ServiceTemplate;
  clock?: Clock;
  clientFactory?: (endpoint: string) => RegistrarClient;
  /** Follow every renewal (LEASE_RENEWED), so lease() knows each item's expiry at all times, not only as of its last change. */
  leaseRenewals?: boolean;
}

/** An item's lease as a lookup service last said: when it ends (cache clock) and the duration last granted. */
export interface CachedLease {
  expiresAt: number;
  leaseMs: number;
}

interface Feed {
  lookup: LookupLocator;
  client: RegistrarClient;
  subscription?: Subscription;
  items: Map<string, ServiceItem>;
  /** Each item's lease on this lookup service. */
  leases: Map<string, CachedLease>;
  /** Items collected during a snapshot; undefined when live. */
  snapshot?: Map<string, ServiceItem>;
  lastSequence: number;
  resume?: { registrarId: string; revision: number };
  retryMs: number;
  timer?: Timer;
}

/**
 * A merged, de-duplicated view of the items matching a template across every discovered
 * lookup service. An item is removed only when it is gone from every lookup service.
 * Each feed resynchronises (snapshot, then diff) on a sequence gap or a RESYNC, and
 * resumes from its last revision after a reconnect.
 */
export class LookupCache extends EventEmitter<{ feedError: [lookup: LookupLocator, error: Error] }> implements Startable {
  private readonly feeds = new Map<string, Feed>();
  private readonly merged = new Map<string, Map<string, ServiceItem>>();
  private readonly subject = new Subject<CacheEvent>();
  private readonly clock: Clock;
  private subscription: Subscription | undefined;
  private stopped = false;

  constructor(private readonly o: LookupCacheOptions) {
    super();
    this.clock = o.clock ?? systemClock;
  }

  /** Added / changed / removed, as they happen. */
  get events(): Observable<CacheEvent> {
    return this.subject.asObservable();
  }

  /** Everything in the merged view now. */
  get items(): CachedItem[] {
    return [...this.merged.entries()].map(([, byLookup]) => ({ item: [...byLookup.values()][0], lookups: [...byLookup.keys()] }));
  }

  /** The item with this service ID, if any lookup service holds it. */
  get(serviceId: string): CachedItem | undefined {
    const byLookup = this.merged.get(serviceId);
    return byLookup && { item: [...byLookup.values()][0], lookups: [...byLookup.keys()] };
  }

  /** The item's lease: the latest expiry over the lookup services holding it (the item stays until the last one ends). */
  lease(serviceId: string): CachedLease | undefined {
    let best: CachedLease | undefined;
    for (const f of this.feeds.values()) {
      const l = f.leases.get(serviceId);
      if (l && (!best || l.expiresAt > best.expiresAt)) best = l;
    }
    return best;
  }

  /** True once every known lookup service's feed has delivered its snapshot. */
  get synced(): boolean {
    return [...this.feeds.values()].every((f) => f.snapshot === undefined && f.lastSequence > 0);
  }

  /** Follows discovery: opens a feed to every lookup service it reports. */
  async start(): Promise<void> {
    if (this.subscription || this.stopped) return;
    this.subscription = this.o.discovery.events.subscribe((e) => {
      if (e.type === 'discovered') this.addFeed(e.lookup);
      else if (e.type === 'restarted') {
        this.removeFeed(e.lookup.serviceId, undefined);
        this.addFeed(e.lookup);
      } else this.removeFeed(e.lookup.serviceId, undefined);
    });
  }

  /** Closes every feed and completes events; a stopped cache does not start again. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.subscription?.unsubscribe();
    for (const f of this.feeds.values()) {
      f.timer?.cancel();
      f.subscription?.unsubscribe();
      f.client.close();
    }
    this.feeds.clear();
    this.subject.complete();
  }

  private addFeed(lookup: LookupLocator): void {
    if (this.feeds.has(lookup.serviceId)) return;
    const client = this.o.clientFactory?.(lookup.endpoint) ?? new RegistrarClient({ endpoint: lookup.endpoint, expect: { name: lookup.name }, credential: this.o.credential, clock: this.o.clock });
    const feed: Feed = { lookup, client, items: new Map(), leases: new Map(), lastSequence: 0, retryMs: 250 };
    this.feeds.set(lookup.serviceId, feed);
    this.open(feed);
  }

  private removeFeed(lookupId: string, reason: RemovalReason | undefined): void {
    const feed = this.feeds.get(lookupId);
    if (!feed) return;
    this.feeds.delete(lookupId);
    feed.timer?.cancel();
    feed.subscription?.unsubscribe();
    feed.client.close();
    for (const id of feed.items.keys()) this.drop(lookupId, id, reason);
  }

  private open(feed: Feed): void {
    feed.lastSequence = 0;
    feed.snapshot = feed.resume ? undefined : new Map();
    feed.subscription = feed.client.watch(this.o.template ?? {}, { resume: feed.resume, leaseRenewals: this.o.leaseRenewals }).subscribe({
      next: (e) => this.onEvent(feed, e),
      error: (err: Error) => this.reconnect(feed, err),
      complete: () => this.reconnect(feed, new Error('watch stream ended')),
    });
  }

  private reconnect(feed: Feed, err: Error): void {
    if (this.feeds.get(feed.lookup.serviceId) !== feed) return;
    this.emit('feedError', feed.lookup, err);
    feed.subscription?.unsubscribe();
    feed.timer = this.clock.setTimer(() => {
      if (this.feeds.get(feed.lookup.serviceId) === feed) this.open(feed);
    }, jitter(feed.retryMs));
    feed.retryMs = Math.min(feed.retryMs * 2, 5000);
  }

  private resync(feed: Feed): void {
    // Lost events: start over with a snapshot and diff it against what we hold.
    feed.subscription?.unsubscribe();
    feed.resume = undefined;
    this.open(feed);
  }

  private onEvent(feed: Feed, e: RemoteWatchEvent): void {
    if (e.sequence !== feed.lastSequence + 1) return this.resync(feed);
    feed.lastSequence = e.sequence;
    feed.retryMs = 250;
    feed.resume = { registrarId: e.registrarId, revision: e.revision };
    switch (e.kind) {
      case 'SNAPSHOT_ITEM':
        (feed.snapshot ??= new Map()).set(e.serviceId, e.item as ServiceItem);
        this.leaseSeen(feed, e.serviceId, e.leaseRemainingMs, false);
        break;
      case 'LEASE_RENEWED':
        this.leaseSeen(feed, e.serviceId, e.leaseRemainingMs, true);
        break;
      case 'RESYNC':
        feed.snapshot = new Map();
        break;
      case 'SYNCED':
        if (feed.snapshot) {
          const snap = feed.snapshot;
          feed.snapshot = undefined;
          for (const id of [...feed.items.keys()]) if (!snap.has(id)) this.drop(feed.lookup.serviceId, id, undefined, feed);
          for (const [id, item] of snap) this.put(feed, id, item);
        }
        break;
      case 'TRANSITION':
        if (e.transition === 'MATCH_NOMATCH') {
          this.drop(feed.lookup.serviceId, e.serviceId, e.reason === 'REASON_UNSPECIFIED' ? undefined : (e.reason as RemovalReason), feed);
        } else if (e.item) {
          this.leaseSeen(feed, e.serviceId, e.leaseRemainingMs, false);
          this.put(feed, e.serviceId, e.item as ServiceItem);
        }
        break;
      default:
        break;
    }
  }

  // A renewal grants a whole lease; a snapshot or a change says only what remains of it.
  private leaseSeen(feed: Feed, id: string, remainingMs: number, granted: boolean): void {
    const leaseMs = granted ? remainingMs : Math.max(remainingMs, feed.leases.get(id)?.leaseMs ?? 0);
    feed.leases.set(id, { expiresAt: this.clock.now() + remainingMs, leaseMs });
  }

  private put(feed: Feed, id: string, item: ServiceItem): void {
    feed.items.set(id, item);
    let byLookup = this.merged.get(id);
    const lookupId = feed.lookup.serviceId;
    if (!byLookup) {
      byLookup = new Map([[lookupId, item]]);
      this.merged.set(id, byLookup);
      this.subject.next({ type: 'added', item, lookups: [lookupId] });
      return;
    }
    const previous = [...byLookup.values()][0];
    byLookup.set(lookupId, item);
    if (JSON.stringify(previous) !== JSON.stringify(item)) this.subject.next({ type: 'changed', item, previous, lookups: [...byLookup.keys()] });
  }

  private drop(lookupId: string, id: string, reason: RemovalReason | undefined, feed?: Feed): void {
    feed?.items.delete(id);
    (feed ?? this.feeds.get(lookupId))?.leases.delete(id);
    const byLookup = this.merged.get(id);
    if (!byLookup) return;
    const item = byLookup.get(lookupId);
    byLookup.delete(lookupId);
    if (byLookup.size === 0 && item) {
      this.merged.delete(id);
      this.subject.next({ type: 'removed', item, reason });
    }
  }
}
