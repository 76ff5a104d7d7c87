/** One status sample of a node, flattened to named numbers (see metricValues). */
export interface Sample {
  at: number;
  values: Readonly<Record<string, number>>;
}

/** The last `capacity` samples of one node, oldest first: bounded, so a long-lived grand agent does not grow. */
export class NodeSeries {
  private readonly ring: (Sample | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`NodeSeries capacity must be an integer ≥ 1, got ${capacity}`);
    this.ring = new Array<Sample | undefined>(capacity);
  }

  push(sample: Sample): void {
    this.ring[this.next] = sample;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The newest sample, if any. */
  get latest(): Sample | undefined {
    return this.count ? this.ring[(this.next - 1 + this.capacity) % this.capacity] : undefined;
  }

  /** Kept samples, oldest first. */
  samples(): Sample[] {
    const out: Sample[] = [];
    for (let i = 0; i < this.count; i++) {
      const s = this.ring[(this.next - this.count + i + this.capacity) % this.capacity];
      if (s) out.push(s);
    }
    return out;
  }
}
