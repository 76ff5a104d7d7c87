import { every, type Clock, type Startable, type Timer } from '@lama/lookup';

/**
 * A per-second rate of a growing total, measured over the last complete interval: a timer
 * reads the total every interval, so every caller of rate() sees the same figure, however
 * often Status is asked.
 */
export class RateMeter implements Startable {
  private timer: Timer | undefined;
  private last = { t: 0, total: 0 };
  private perSec = 0;

  constructor(private readonly clock: Clock, private readonly total: () => number, private readonly intervalMs = 1000) {}

  /** Starts measuring from now. */
  async start(): Promise<void> {
    if (this.timer) return;
    this.last = { t: this.clock.now(), total: this.total() };
    this.perSec = 0;
    this.timer = every(this.clock, this.intervalMs, () => {
      const now = this.clock.now();
      const total = this.total();
      if (now > this.last.t) this.perSec = ((total - this.last.total) * 1000) / (now - this.last.t);
      this.last = { t: now, total };
    });
  }

  /** Stops measuring; the rate reads 0 until the next start. */
  async stop(): Promise<void> {
    this.timer?.cancel();
    this.timer = undefined;
    this.perSec = 0;
  }

  /** Units of the total per second over the last interval; 0 before the first one ends. */
  get rate(): number {
    return this.perSec;
  }
}
