import type { Decision } from './decision.js';

/** The last `capacity` decisions, oldest first; what `lama decisions` shows. Bounded so a long-running grand agent does not grow. */
export class DecisionLog {
  private readonly ring: (Decision | undefined)[];
  private next = 0;
  private count = 0;
  /** Decisions ever recorded, including those the ring has since dropped. */
  total = 0;

  constructor(readonly capacity = 1000) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`DecisionLog capacity must be an integer ≥ 1, got ${capacity}`);
    this.ring = new Array<Decision | undefined>(capacity);
  }

  /** Records a decision, dropping the oldest when full. */
  push(d: Decision): void {
    this.ring[this.next] = d;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
    this.total++;
  }

  get size(): number {
    return this.count;
  }

  /** The kept decisions, oldest first; with `since`, only those at or after that time. */
  entries(since = -Infinity): Decision[] {
    const out: Decision[] = [];
    for (let i = 0; i < this.count; i++) {
      const d = this.ring[(this.next - this.count + i + this.capacity) % this.capacity];
      if (d && d.at >= since) out.push(d);
    }
    return out;
  }

  /** Only the decisions that did (or in a dry run, would have done) something. */
  actions(since = -Infinity): Decision[] {
    return this.entries(since).filter((d) => d.action !== 'hold' || d.intended !== undefined);
  }

  toJSON(): Decision[] {
    return this.entries();
  }
}
