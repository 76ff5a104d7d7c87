import { EventEmitter } from 'node:events';
import * as grpc from '@grpc/grpc-js';
import type { Subscription } from 'rxjs';
import { RegistrarClient, type KeepAliveStream } from '../client/registrar-client.js';
import type { Credential } from '../credentials/certificate.js';
import type { DiscoveryManager, LookupLocator } from '../discovery/discovery-manager.js';
import { jitter } from '../discovery/jitter.js';
import type { Startable } from '../lifecycle/startable.js';
import { newServiceId, type Entry, type ServiceItem } from '../registry/item.js';
import { systemClock, type Clock, type Timer } from '../time/clock.js';
import { RpcError, UnknownLeaseError, rebuildError } from '../errors.js';
import { LeaseRenewalManager } from './lease-renewal-manager.js';
import { registrationSlots } from './registration-slots.js';

export interface JoinManagerOptions {
  credential: Credential;
  discovery: DiscoveryManager;
  /** The item to keep registered; its service ID is generated once when absent. */
  item: Omit<Partial<ServiceItem>, 'owner'>;
  /** Requested lease duration in ms. */
  leaseMs: number;
  clock?: Clock;
  /** Upper bound of the random delay before (re-)registering, so many nodes do not hit a restarted lookup service at once. */
  registerJitterMs?: number;
  /** Builds the client for a lookup service (default: RegistrarClient). */
  clientFactory?: (endpoint: string) => RegistrarClient;
}

/** One registration with one lookup service. */
export interface Registration {
  lookup: LookupLocator;
  leaseId?: string;
  state: 'registering' | 'registered';
}

interface Link {
  lookup: LookupLocator;
  /** Made when the first registration attempt runs (see clientOf). */
  client?: RegistrarClient;
  keepAlive?: KeepAliveStream;
  leaseId?: string;
  timer?: Timer;
  attempt: number;
  generation: number;
  /** A Register call in flight: stop() waits for it, so the lease it grants is cancelled, not orphaned. */
  registering?: Promise<void>;
}

export interface JoinEvents {
  registered: [lookup: LookupLocator, leaseId: string];
  lost: [lookup: LookupLocator, reason: string];
  failed: [lookup: LookupLocator, error: Error];
}

/**
 * Keeps one item, under one service ID, registered with every discovered lookup service
 * of its groups: registers on discovery, renews over a keep-alive stream, registers again
 * after UNKNOWN_LEASE or a lookup-service restart, propagates attribute changes, and
 * cancels everything on stop().
 */
export class JoinManager extends EventEmitter<JoinEvents> implements Startable {
  readonly serviceId: string;
  private item: Omit<ServiceItem, 'owner'>;
  private readonly clock: Clock;
  private readonly renewals: LeaseRenewalManager;
  private readonly links = new Map<string, Link>();
  private subscription: Subscription | undefined;
  private terminated = false;

  constructor(private readonly o: JoinManagerOptions) {
    super();
    this.clock = o.clock ?? systemClock;
    this.serviceId = o.item.serviceId || newServiceId();
    this.item = { serviceId: this.serviceId, serviceTypes: o.item.serviceTypes ?? [], endpoint: o.item.endpoint ?? '', attributes: o.item.attributes ?? [] };
    this.renewals = new LeaseRenewalManager({ clock: this.clock });
    this.renewals.on('lost', (leaseId, reason) => this.onLeaseLost(leaseId, reason));
  }

  /** Current registrations, one per known lookup service. */
  get registrations(): Registration[] {
    return [...this.links.values()].map((l) => ({ lookup: l.lookup, leaseId: l.leaseId, state: l.leaseId ? 'registered' : 'registering' }));
  }

  /** The item as registered now. */
  get currentItem(): Omit<ServiceItem, 'owner'> {
    return this.item;
  }

  /** Follows discovery: registers with every lookup service it reports. */
  async start(): Promise<void> {
    if (this.subscription || this.terminated) return;
    this.subscription = this.o.discovery.events.subscribe((e) => {
      if (e.type === 'discovered') this.link(e.lookup);
      else if (e.type === 'restarted') this.relink(e.lookup);
      else this.unlink(e.lookup.serviceId, e.reason);
    });
  }

  /** Replaces the item's attributes everywhere (a registration in progress picks them up). */
  async setAttributes(attributes: Entry[]): Promise<void> {
    this.item = { ...this.item, attributes };
    await Promise.all([...this.links.values()].map((l) => this.sendAttributes(l)));
  }

  // A link still registering has no lease: its registration sends the attributes (see register).
  private async sendAttributes(l: Link): Promise<void> {
    if (!l.leaseId) return;
    try {
      await this.clientOf(l).setAttributes(this.serviceId, this.item.attributes);
    } catch (err) {
      // The registration is gone or unreachable: register again with the new attributes.
      this.emit('failed', l.lookup, err as Error);
      this.reRegister(l, 'attribute update failed');
    }
  }

  /** Cancels every lease (a clean departure) and stops; a stopped manager does not start again. */
  async stop(): Promise<void> {
    if (this.terminated) return;
    this.terminated = true;
    this.subscription?.unsubscribe();
    const links = [...this.links.values()];
    this.links.clear();
    this.renewals.clear();
    await Promise.all(links.map(async (l) => {
      l.timer?.cancel();
      await l.registering;
      if (l.leaseId) await this.clientOf(l).cancel(l.leaseId).catch(() => undefined);
      l.keepAlive?.close();
      l.client?.close();
    }));
  }

  private link(lookup: LookupLocator): void {
    if (this.terminated || this.links.has(lookup.serviceId)) return;
    const l: Link = { lookup, attempt: 0, generation: 0 };
    this.links.set(lookup.serviceId, l);
    this.scheduleRegister(l, Math.random() * (this.o.registerJitterMs ?? 50));
  }

  /**
   * The link's client, made on first use. Not in link(): that runs inside the discovery event,
   * and a client's TLS set-up (a secure context per credential) would hold up every other
   * discovery message of the process behind it (a thousand joiners in one process).
   */
  private clientOf(l: Link): RegistrarClient {
    l.client ??= this.o.clientFactory?.(l.lookup.endpoint) ?? new RegistrarClient({ endpoint: l.lookup.endpoint, expect: { name: l.lookup.name }, credential: this.o.credential, clock: this.o.clock });
    return l.client;
  }

  private relink(lookup: LookupLocator): void {
    // A fresh client: the old channel may still be backing off from the connections
    // refused while the lookup service was down, which would delay re-registration.
    this.unlink(lookup.serviceId, 'lookup service restarted');
    this.link(lookup);
  }

  private unlink(serviceId: string, reason: string): void {
    const l = this.links.get(serviceId);
    if (!l) return;
    this.links.delete(serviceId);
    l.generation++;
    l.timer?.cancel();
    if (l.leaseId) this.renewals.remove(l.leaseId);
    l.keepAlive?.close();
    l.client?.close();
    if (l.leaseId) this.emit('lost', l.lookup, reason);
  }

  private reRegister(l: Link, reason: string): void {
    if (l.leaseId) {
      this.renewals.remove(l.leaseId);
      this.emit('lost', l.lookup, reason);
      l.leaseId = undefined;
    }
    l.attempt = 0;
    this.scheduleRegister(l, Math.random() * (this.o.registerJitterMs ?? 50));
  }

  private scheduleRegister(l: Link, delayMs: number): void {
    l.timer?.cancel();
    const gen = ++l.generation;
    l.timer = this.clock.setTimer(() => {
      const registering = this.register(l, gen);
      l.registering = registering;
      void registering.finally(() => { if (l.registering === registering) l.registering = undefined; });
    }, delayMs);
  }

  private async register(l: Link, gen: number): Promise<void> {
    const current = (): boolean => !this.terminated && l.generation === gen && this.links.get(l.lookup.serviceId) === l;
    if (!current()) return;
    const release = await registrationSlots.acquire();
    try {
      if (!current()) return;
      const sentAt = this.clock.now();
      const sent = this.item;
      try {
        const client = this.clientOf(l);
        const { lease } = await client.register(sent, this.o.leaseMs);
        if (!current()) {
          await client.cancel(lease.leaseId).catch(() => undefined);
          return;
        }
        l.leaseId = lease.leaseId;
        l.attempt = 0;
        this.renewals.manage(lease.leaseId, lease.durationMs, sentAt, this.o.leaseMs, (id, ms) => this.renewOver(l, id, ms));
        this.emit('registered', l.lookup, lease.leaseId);
        // Attributes changed while the registration was in flight (setAttributes skipped this link,
        // which had no lease yet): the lookup service holds the old ones, so send the new ones now.
        if (this.item !== sent) void this.sendAttributes(l);
      } catch (err) {
        this.emit('failed', l.lookup, err as Error);
        const delay = Math.min(250 * 2 ** l.attempt++, 5000);
        this.scheduleRegister(l, jitter(delay));
      }
    } finally {
      release();
    }
  }

  private async renewOver(l: Link, leaseId: string, durationMs: number): Promise<number> {
    l.keepAlive ??= this.clientOf(l).keepAlive();
    const r = await l.keepAlive.renew(leaseId, durationMs);
    if (r.code === grpc.status.OK) return r.durationMs;
    const err = r.errorCode ? rebuildError(r.errorCode, r.message) : new RpcError(r.message);
    if (err instanceof UnknownLeaseError) throw err;
    // The stream broke: open a new one on the next attempt.
    l.keepAlive.close();
    l.keepAlive = undefined;
    throw err;
  }

  private onLeaseLost(leaseId: string, reason: 'unknown' | 'expired'): void {
    const l = [...this.links.values()].find((x) => x.leaseId === leaseId);
    if (!l) return;
    if (reason === 'unknown') {
      this.reRegister(l, 'UNKNOWN_LEASE');
    } else {
      // No renewal got through for a whole lease: treat the lookup service as failed (Jini's discard).
      l.leaseId = undefined;
      this.emit('lost', l.lookup, 'lease expired without a successful renewal');
      this.o.discovery.discard(l.lookup.serviceId, 'lease renewals failed');
      if (this.links.get(l.lookup.serviceId) === l) this.reRegister(l, 'lease expired');
    }
  }
}
