import { EventEmitter } from 'node:events';
import type { Subscription } from 'rxjs';
import type { Credential } from '../credentials/certificate.js';
import { DiscoveryManager, type DiscoveryEvent, type LookupLocator, type UnicastDiscover } from '../discovery/discovery-manager.js';
import type { MdnsOptions } from '../discovery/mdns-transport.js';
import type { RejectReason } from '../discovery/signed-fields.js';
import type { Startable } from '../lifecycle/startable.js';
import { newServiceId, type Entry } from '../registry/item.js';
import { systemClock } from '../time/clock.js';
import type { JoinManager, JoinManagerOptions } from './join-manager.js';
import type { RevocationFollower } from './revocation-follower.js';
import type { RevocationSet } from '../credentials/revocation.js';

// The gRPC client side (grpc-js, protobufjs, the protos) is loaded only when start() has set
// discovery going (about a third of a node's start-up), and only once a lookup service is
// known or JOIN_MODULES_AFTER_MS have passed: loading them takes ~100 ms of one thread, and
// started at once it held up the answer to the first query, which arrives within a few ms.
const registrarClient = () => import('../client/registrar-client.js');

/** How long start() waits for a first lookup service before it loads the join modules anyway. */
export const JOIN_MODULES_AFTER_MS = 100;

/** Unicast discovery over gRPC, with the client modules loaded on the first use. */
export function lazyUnicastDiscover(credential: Credential): UnicastDiscover {
  let discover: Promise<UnicastDiscover> | undefined;
  const call = async (endpoint: string, nonce: string): Promise<Record<string, string>> => (await (discover ??= registrarClient().then((m) => m.unicastDiscoverVia(credential))))(endpoint, nonce);
  return Object.assign(call, { close: () => void discover?.then((d) => d.close?.()) });
}

export interface PoolMemberOptions extends Omit<JoinManagerOptions, 'discovery'> {
  /** Groups to join; empty means every group. */
  groups?: string[];
  /** Multicast options, or false for unicast locators only. */
  mdns: MdnsOptions | false;
  /** HOST:PORT locators of lookup services to ask directly. */
  locators?: string[];
  /** The revocation set this process's servers enforce: kept up to date from the lookup services every renewal interval; discovery refuses the lookup services it holds. */
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
  /** The item's service ID (stable for the member's life). */
  readonly serviceId: string;
  private join: JoinManager | undefined;
  private revocations: RevocationFollower | undefined;
  private joinOptions: Omit<JoinManagerOptions, 'discovery'>;
  private subscription: Subscription | undefined;
  private starting: Promise<void> | undefined;
  private stopping: Promise<void> | undefined;
  // Ends start()'s wait for a first lookup service (stop() must not wait for one).
  private wake: () => void = () => undefined;

  constructor(private readonly o: PoolMemberOptions) {
    super();
    const { groups, mdns, locators, revocations, ...join } = o;
    this.serviceId = join.item.serviceId || newServiceId();
    this.joinOptions = { ...join, item: { ...join.item, serviceId: this.serviceId } };
    this.discovery = new DiscoveryManager({
      credential: o.credential, groups, mdns, locators, clock: o.clock, unicastDiscover: lazyUnicastDiscover(o.credential), revocations,
    });
    this.discovery.on('rejected', (reason, message) => this.emit('rejected', reason, message));
  }

  /** Starts discovery, then joins every lookup service it finds; a stopped member stays stopped. */
  start(): Promise<void> {
    this.starting ??= this.stopping ? Promise.resolve() : (async () => {
      let found: () => void = () => undefined;
      const known = new Promise<void>((resolve) => { found = resolve; });
      this.subscription = this.discovery.events.subscribe((e) => {
        this.emit('lookup', e);
        if (e.type === 'discovered') found();
      });
      this.wake = found;
      await this.discovery.start();
      const timer = (this.o.clock ?? systemClock).setTimer(found, JOIN_MODULES_AFTER_MS);
      await known;
      timer.cancel();
      if (this.stopping) return;
      const [{ JoinManager }, { RevocationFollower }] = await Promise.all([import('./join-manager.js'), import('./revocation-follower.js')]);
      if (this.stopping) return;
      // The discovery events replay the lookup services already known, so nothing found while
      // the modules loaded is missed.
      const join = this.join = new JoinManager({ ...this.joinOptions, discovery: this.discovery });
      join.on('registered', (l, leaseId) => this.emit('registered', l, leaseId));
      join.on('lost', (l, reason) => this.emit('lost', l, reason));
      join.on('failed', (l, err) => this.emit('failed', l, err));
      const revocations = this.o.revocations;
      if (revocations) {
        this.revocations = new RevocationFollower({ credential: this.o.credential, discovery: this.discovery, revocations, intervalMs: Math.max(200, Math.floor(this.o.leaseMs / 3)), clock: this.o.clock });
        await this.revocations.start();
      }
      await join.start();
    })();
    return this.starting;
  }

  /** Replaces the item's attributes with every lookup service (before start: the item registered first). */
  async setAttributes(attributes: Entry[]): Promise<void> {
    this.joinOptions = { ...this.joinOptions, item: { ...this.joinOptions.item, attributes } };
    await this.join?.setAttributes(attributes);
  }

  /** Cancels every lease and stops discovering. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.wake();
      await this.starting?.catch(() => undefined);
      await this.join?.stop();
      await this.revocations?.stop();
      this.subscription?.unsubscribe();
      await this.discovery.stop();
    })();
    return this.stopping;
  }
}
