/** The last `capacity` values pushed, oldest first: bounded, so a long-lived daemon does not grow. */
export class RingBuffer<T> {
  private readonly ring: (T | undefined)[];
  private next = 0;
  private count = 0;

  constructor(readonly capacity: number, what = 'RingBuffer') {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`${what} capacity must be an integer ≥ 1, got ${capacity}`);
    this.ring = new Array<T | undefined>(capacity);
  }

  /** Adds a value, dropping the oldest when full. */
  push(value: T): void {
    this.ring[this.next] = value;
    this.next = (this.next + 1) % this.capacity;
    this.count = Math.min(this.count + 1, this.capacity);
  }

  get size(): number {
    return this.count;
  }

  /** The newest value, if any. */
  get latest(): T | undefined {
    return this.count ? this.ring[(this.next - 1 + this.capacity) % this.capacity] : undefined;
  }

  /** The kept values, oldest first. */
  values(): T[] {
    const out: T[] = [];
    for (let i = 0; i < this.count; i++) out.push(this.ring[(this.next - this.count + i + this.capacity) % this.capacity] as T);
    return out;
  }
}
