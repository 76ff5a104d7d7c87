import { EventEmitter } from 'node:events';
import type { Subscription } from 'rxjs';
import { unicastDiscoverVia } from '../client/registrar-client.js';
import { DiscoveryManager, type DiscoveryEvent, type LookupLocator } from '../discovery/discovery-manager.js';
import type { MdnsOptions } from '../discovery/mdns-transport.js';
import type { RejectReason } from '../discovery/signed-fields.js';
import type { Startable } from '../lifecycle/startable.js';
import { JoinManager, type JoinManagerOptions } from './join-manager.js';
import { RevocationFollower } from './revocation-follower.js';
import type { RevocationSet } from '../credentials/revocation.js';

export interface PoolMemberOptions extends Omit<JoinManagerOptions, 'discovery'> {
  /** Groups to join; empty means every group. */
  groups?: string[];
  /** Multicast options, or false for unicast locators only. */
  mdns: MdnsOptions | false;
  /** HOST:PORT locators of lookup services to ask directly. */
  locators?: string[];
  /** The revocation set this process's servers enforce: kept up to date from the lookup services every renewal interval. */
  revocations?: RevocationSet;
}

/** Events: what discovery found or dropped, refused discovery packets, and each registration's fate. */
export interface PoolMemberEvents {
  lookup: [event: DiscoveryEvent];
  rejected: [reason: RejectReason, message: string];
  registered: [lookup: LookupLocator, leaseId: string];
  lost: [lookup: LookupLocator, reason: string];
  failed: [lookup: LookupLocator, error: Error];
}

/**
 * The one way a process joins the pool: discovers the lookup services of its groups
 * (multicast and unicast locators) and keeps its item registered with each of them.
 * start()/stop() are idempotent; stop() cancels the leases (a clean departure).
 */
export class PoolMember extends EventEmitter<PoolMemberEvents> implements Startable {
  readonly discovery: DiscoveryManager;
  readonly join: JoinManager;
  private readonly revocations: RevocationFollower | undefined;
  private subscription: Subscription | undefined;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(o: PoolMemberOptions) {
    super();
    const { groups, mdns, locators, revocations, ...join } = o;
    this.discovery = new DiscoveryManager({
      credential: o.credential, groups, mdns, locators, clock: o.clock, unicastDiscover: unicastDiscoverVia(o.credential),
    });
    this.discovery.on('rejected', (reason, message) => this.emit('rejected', reason, message));
    this.join = new JoinManager({ ...join, discovery: this.discovery });
    if (revocations) {
      this.revocations = new RevocationFollower({ credential: o.credential, discovery: this.discovery, revocations, intervalMs: Math.max(200, Math.floor(o.leaseMs / 3)), clock: o.clock });
    }
    this.join.on('registered', (l, leaseId) => this.emit('registered', l, leaseId));
    this.join.on('lost', (l, reason) => this.emit('lost', l, reason));
    this.join.on('failed', (l, err) => this.emit('failed', l, err));
  }

  /** The item's service ID (stable for the member's life). */
  get serviceId(): string {
    return this.join.serviceId;
  }

  /** Starts discovery, then joins every lookup service it finds; a stopped member stays stopped. */
  start(): Promise<void> {
    this.starting ??= this.stopping ? Promise.resolve() : (async () => {
      this.subscription = this.discovery.events.subscribe((e) => this.emit('lookup', e));
      await this.revocations?.start();
      await this.discovery.start();
      await this.join.start();
    })();
    return this.starting;
  }

  /** Cancels every lease and stops discovering. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.starting?.catch(() => undefined);
      await this.join.stop();
      await this.revocations?.stop();
      this.subscription?.unsubscribe();
      await this.discovery.stop();
    })();
    return this.stopping;
  }
}
