import type { Subscription } from 'rxjs';
import { RegistrarClient } from '../client/registrar-client.js';
import type { Credential } from '../credentials/certificate.js';
import type { RevocationSet } from '../credentials/revocation.js';
import type { DiscoveryManager, LookupLocator } from '../discovery/discovery-manager.js';
import type { Startable } from '../lifecycle/startable.js';
import { systemClock, type Clock, type Timer } from '../time/clock.js';

export interface RevocationFollowerOptions {
  credential: Credential;
  discovery: DiscoveryManager;
  /** The set this process enforces (its servers' verifier's). */
  revocations: RevocationSet;
  /** How often to ask each lookup service (the renewal interval). */
  intervalMs: number;
  clock?: Clock;
}

/**
 * Keeps a member's revocation set up to date: every interval it asks each lookup service it
 * knows for a list newer than the one it holds, so a revocation reaches every server within
 * one renewal interval. A list that does not verify is ignored (the set only moves forward).
 */
export class RevocationFollower implements Startable {
  private readonly lookups = new Map<string, { locator: LookupLocator; client: RegistrarClient }>();
  private timer: Timer | undefined;
  private subscription: Subscription | undefined;
  private running = false;
  private readonly clock: Clock;

  constructor(private readonly o: RevocationFollowerOptions) {
    this.clock = o.clock ?? systemClock;
  }

  async start(): Promise<void> {
    if (this.running) return;
    this.running = true;
    this.subscription = this.o.discovery.events.subscribe((e) => {
      const key = e.lookup.serviceId;
      if (e.type !== 'discarded') {
        if (!this.lookups.has(key)) this.lookups.set(key, { locator: e.lookup, client: new RegistrarClient({ endpoint: e.lookup.endpoint, expect: { name: e.lookup.name }, credential: this.o.credential, clock: this.o.clock, timeoutMs: this.o.intervalMs }) });
        void this.ask(key);
      } else {
        this.lookups.get(key)?.client.close();
        this.lookups.delete(key);
      }
    });
    this.schedule();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.timer?.cancel();
    this.subscription?.unsubscribe();
    for (const l of this.lookups.values()) l.client.close();
    this.lookups.clear();
  }

  private schedule(): void {
    if (!this.running) return;
    this.timer = this.clock.setTimer(() => {
      for (const key of this.lookups.keys()) void this.ask(key);
      this.schedule();
    }, this.o.intervalMs);
  }

  private async ask(key: string): Promise<void> {
    const l = this.lookups.get(key);
    if (!l) return;
    try {
      const r = await l.client.revocations(this.o.revocations.version);
      if (r.list) this.o.revocations.update({ type: 'lama-revocations', list: r.list, signature: r.signature });
    } catch {
      // Unreachable or refusing now: asked again next interval (and a bad list changes nothing).
    }
  }
}
