import type { Clock } from '@lama/lookup/trust';

/**
 * Paces bytes at a rate on the injected clock. The bucket holds at most `burstBytes`, so a
 * late timer never turns into a burst bigger than the link's queue takes; debt (a control
 * packet sent at once) is paid back before the next data packet.
 */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(private readonly clock: Clock, readonly bitsPerSecond: number, readonly burstBytes: number) {
    this.tokens = burstBytes;
    this.last = clock.now();
  }

  private refill(): void {
    const now = this.clock.now();
    this.tokens = Math.min(this.burstBytes, this.tokens + ((now - this.last) * this.bitsPerSecond) / 8000);
    this.last = now;
  }

  /** Takes bytes if the bucket holds them now. */
  take(bytes: number): boolean {
    this.refill();
    if (this.tokens < bytes) return false;
    this.tokens -= bytes;
    return true;
  }

  /** Takes bytes even into debt (control packets that cannot wait). */
  force(bytes: number): void {
    this.refill();
    this.tokens -= bytes;
  }

  /** Milliseconds until `bytes` are available (0 when they are). */
  waitMs(bytes: number): number {
    this.refill();
    return this.tokens >= bytes ? 0 : ((bytes - this.tokens) * 8000) / this.bitsPerSecond;
  }
}
