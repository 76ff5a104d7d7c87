import type { Clock, Timer } from '../time/clock.js';

interface HeapEntry {
  at: number;
  key: string;
}

/**
 * One schedule for every lease: a min-heap of deadlines and a single timer set for the
 * earliest. Rescheduling pushes a new heap entry and leaves the old one to be skipped
 * (the map holds the authoritative deadline), so a renewal costs O(log n) and no timer.
 */
export class ExpirySchedule {
  private readonly deadlines = new Map<string, number>();
  private heap: HeapEntry[] = [];
  private timer: Timer | undefined;
  private timerAt = Infinity;

  constructor(private readonly clock: Clock, private readonly onDue: (key: string) => void) {}

  /** Sets (or moves) the deadline of key. */
  schedule(key: string, at: number): void {
    this.deadlines.set(key, at);
    this.push({ at, key });
    if (this.heap.length > 4 * this.deadlines.size + 1024) this.compact();
    if (at < this.timerAt) this.arm();
  }

  /** Forgets key; its stale heap entries are skipped when they surface. */
  remove(key: string): void {
    this.deadlines.delete(key);
  }

  /** The deadline of key, if scheduled. */
  deadline(key: string): number | undefined {
    return this.deadlines.get(key);
  }

  get size(): number {
    return this.deadlines.size;
  }

  /** Cancels the timer; nothing fires afterwards. */
  stop(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.timerAt = Infinity;
  }

  private arm(): void {
    this.timer?.cancel();
    this.timer = undefined;
    this.timerAt = Infinity;
    this.dropStale();
    const head = this.heap[0];
    if (!head) return;
    this.timerAt = head.at;
    this.timer = this.clock.setTimer(() => this.fire(), head.at - this.clock.now());
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    for (;;) {
      this.dropStale();
      const head = this.heap[0];
      if (!head || head.at > now) break;
      this.pop();
      this.deadlines.delete(head.key);
      this.onDue(head.key);
    }
    this.arm();
  }

  private dropStale(): void {
    while (this.heap.length && this.deadlines.get(this.heap[0].key) !== this.heap[0].at) this.pop();
  }

  private compact(): void {
    this.heap = [];
    for (const [key, at] of this.deadlines) this.push({ at, key });
  }

  private push(e: HeapEntry): void {
    const h = this.heap;
    h.push(e);
    let i = h.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].at <= e.at) break;
      h[i] = h[p];
      i = p;
    }
    h[i] = e;
  }

  private pop(): HeapEntry | undefined {
    const h = this.heap;
    const top = h[0];
    const last = h.pop();
    if (h.length && last) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        let mAt = last.at;
        if (l < h.length && h[l].at < mAt) { m = l; mAt = h[l].at; }
        if (r < h.length && h[r].at < mAt) { m = r; }
        if (m === i) break;
        h[i] = h[m];
        i = m;
      }
      h[i] = last;
    }
    return top;
  }
}
