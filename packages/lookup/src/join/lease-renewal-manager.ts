import { EventEmitter } from 'node:events';
import { systemClock, type Clock, type Timer } from '../time/clock.js';
import { jitter } from '../discovery/jitter.js';
import { UnknownLeaseError } from '../errors.js';

/** Renews one lease; resolves with the granted ms. Rejects with an UnknownLeaseError (code ERR_UNKNOWN_LEASE) when the lease is gone. */
export type Renewer = (leaseId: string, durationMs: number) => Promise<number>;

/** The share of a granted lease after which a holder renews it (so expiries of holders cut off together land up to this share of the lease apart). */
export const DEFAULT_RENEW_AT = 1 / 3;

export interface LeaseRenewalOptions {
  clock?: Clock;
  /** Renew when this fraction of the granted duration has passed (default 1/3: two more chances before expiry). */
  renewAt?: number;
  /** First retry delay after a failed renewal (doubles, jittered, until the lease ends). */
  retryMs?: number;
  maxRetryMs?: number;
}

interface Managed {
  leaseId: string;
  desiredMs: number;
  renew: Renewer;
  /** Local time the lease ends, computed from when the granting request was sent. */
  expiresAt: number;
  renewTimer?: Timer;
  expiryTimer?: Timer;
  inFlight: boolean;
}

export interface LeaseRenewalEvents {
  renewed: [leaseId: string, grantedMs: number];
  /** The lease is gone: 'unknown' (the registrar said so) or 'expired' (no renewal got through in time). */
  lost: [leaseId: string, reason: 'unknown' | 'expired', error?: Error];
}

/**
 * Keeps leases alive: renews ahead of expiry, counting from when each request was sent
 * (not when its answer came), retries with jitter until the lease really ends, and
 * reports a loss at once.
 */
export class LeaseRenewalManager extends EventEmitter<LeaseRenewalEvents> {
  private readonly clock: Clock;
  private readonly leases = new Map<string, Managed>();
  private readonly renewAt: number;

  constructor(private readonly o: LeaseRenewalOptions = {}) {
    super();
    this.clock = o.clock ?? systemClock;
    this.renewAt = o.renewAt ?? DEFAULT_RENEW_AT;
  }

  /** Starts managing a lease granted grantedMs by a request sent at sentAt. */
  manage(leaseId: string, grantedMs: number, sentAt: number, desiredMs: number, renew: Renewer): void {
    this.remove(leaseId);
    const m: Managed = { leaseId, desiredMs, renew, expiresAt: sentAt + grantedMs, inFlight: false };
    this.leases.set(leaseId, m);
    this.schedule(m, sentAt + grantedMs * this.renewAt);
  }

  /** Stops managing a lease (it is not cancelled). */
  remove(leaseId: string): void {
    const m = this.leases.get(leaseId);
    if (!m) return;
    m.renewTimer?.cancel();
    m.expiryTimer?.cancel();
    this.leases.delete(leaseId);
  }

  /** Local expiry time of a managed lease. */
  expiresAt(leaseId: string): number | undefined {
    return this.leases.get(leaseId)?.expiresAt;
  }

  get size(): number {
    return this.leases.size;
  }

  /** Stops managing every lease. */
  clear(): void {
    for (const id of [...this.leases.keys()]) this.remove(id);
  }

  private schedule(m: Managed, at: number): void {
    m.renewTimer?.cancel();
    m.expiryTimer?.cancel();
    m.renewTimer = this.clock.setTimer(() => void this.attempt(m, this.o.retryMs ?? 200), at - this.clock.now());
    m.expiryTimer = this.clock.setTimer(() => this.lose(m, 'expired'), m.expiresAt - this.clock.now());
  }

  private lose(m: Managed, reason: 'unknown' | 'expired', error?: Error): void {
    if (this.leases.get(m.leaseId) !== m) return;
    this.remove(m.leaseId);
    this.emit('lost', m.leaseId, reason, error);
  }

  private async attempt(m: Managed, retryMs: number): Promise<void> {
    if (this.leases.get(m.leaseId) !== m || m.inFlight) return;
    m.inFlight = true;
    const sentAt = this.clock.now();
    try {
      const granted = await m.renew(m.leaseId, m.desiredMs);
      m.inFlight = false;
      if (this.leases.get(m.leaseId) !== m) return;
      m.expiresAt = sentAt + granted;
      this.schedule(m, sentAt + granted * this.renewAt);
      this.emit('renewed', m.leaseId, granted);
    } catch (err) {
      m.inFlight = false;
      if (this.leases.get(m.leaseId) !== m) return;
      if (err instanceof UnknownLeaseError) return this.lose(m, 'unknown', err as Error);
      const next = jitter(retryMs);
      if (this.clock.now() + next >= m.expiresAt) return; // the expiry timer reports the loss
      m.renewTimer = this.clock.setTimer(() => void this.attempt(m, Math.min(retryMs * 2, this.o.maxRetryMs ?? 2000)), next);
    }
  }
}
