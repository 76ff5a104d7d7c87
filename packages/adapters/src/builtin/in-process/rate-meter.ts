/**
 * A per-second rate of a growing total, measured over the last complete interval: a timer
 * reads the total every interval, so every caller of rate() sees the same figure, however
 * often Status is asked.
 */
export class RateMeter {
  private timer: NodeJS.Timeout | undefined;
  private last = { t: 0, total: 0 };
  private perSec = 0;

  constructor(private readonly total: () => number, private readonly intervalMs = 1000) {}

  start(): void {
    this.stop();
    this.last = { t: Date.now(), total: this.total() };
    this.perSec = 0;
    this.timer = setInterval(() => {
      const now = Date.now();
      const total = this.total();
      if (now > this.last.t) this.perSec = ((total - this.last.total) * 1000) / (now - this.last.t);
      this.last = { t: now, total };
    }, this.intervalMs);
    this.timer.unref();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    this.perSec = 0;
  }

  /** Units of the total per second over the last interval; 0 before the first one ends. */
  get rate(): number {
    return this.perSec;
  }
}
