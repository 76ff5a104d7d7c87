import type { Clock, Timer } from '../time/clock.js';

/** Something with a deadline that a DeadlineSchedule can hold: the schedule keeps both fields. */
export interface Scheduled {
  /** The deadline (clock ms); set by DeadlineSchedule.schedule(). */
  expiresAt: number;
  /** Position in the schedule's heap, -1 when not scheduled; owned by the schedule. */
  heapIndex: number;
}

/**
 * One schedule for many deadlines: a binary min-heap of the scheduled objects themselves
 * (each holds its deadline and its heap position, so there is no side table and no stale
 * entry) and a single timer set for the earliest. Scheduling, moving and removing cost
 * O(log n) and no allocation.
 */
export class DeadlineSchedule<T extends Scheduled> {
  private readonly heap: T[] = [];
  private timer: Timer | undefined;
  private timerAt = Infinity;

  constructor(private readonly clock: Clock, private readonly onDue: (due: T) => void) {}

  /** Sets (or moves) the deadline of s. */
  schedule(s: T, at: number): void {
    const old = s.expiresAt;
    s.expiresAt = at;
    if (s.heapIndex < 0) {
      s.heapIndex = this.heap.length;
      this.heap.push(s);
      this.up(s.heapIndex);
    } else if (at < old) this.up(s.heapIndex);
    else this.down(s.heapIndex);
    if (at < this.timerAt) this.arm();
  }

  /** Forgets s; a no-op when it is not scheduled. */
  remove(s: T): void {
    const i = s.heapIndex;
    if (i < 0) return;
    s.heapIndex = -1;
    const last = this.heap.pop() as T;
    if (last === s) return;
    this.heap[i] = last;
    last.heapIndex = i;
    this.up(i);
    this.down(last.heapIndex);
  }

  get size(): number {
    return this.heap.length;
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
    const head = this.heap[0];
    if (!head) return;
    this.timerAt = head.expiresAt;
    this.timer = this.clock.setTimer(() => this.fire(), head.expiresAt - this.clock.now());
  }

  private fire(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = this.clock.now();
    for (;;) {
      const head = this.heap[0];
      if (!head || head.expiresAt > now) break;
      this.remove(head);
      this.onDue(head);
    }
    this.arm();
  }

  private up(i: number): void {
    const h = this.heap;
    const s = h[i];
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (h[p].expiresAt <= s.expiresAt) break;
      h[i] = h[p];
      h[i].heapIndex = i;
      i = p;
    }
    h[i] = s;
    s.heapIndex = i;
  }

  private down(i: number): void {
    const h = this.heap;
    const s = h[i];
    const n = h.length;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) break;
      const r = l + 1;
      const c = r < n && h[r].expiresAt < h[l].expiresAt ? r : l;
      if (h[c].expiresAt >= s.expiresAt) break;
      h[i] = h[c];
      h[i].heapIndex = i;
      i = c;
    }
    h[i] = s;
    s.heapIndex = i;
  }
}

interface KeyedDeadline extends Scheduled {
  readonly key: string;
}

/**
 * A DeadlineSchedule keyed by strings: fires onDue(key) once per key, at its latest
 * deadline, in time order, with one timer.
 */
export class ExpirySchedule {
  private readonly entries = new Map<string, KeyedDeadline>();
  private readonly schedule_: DeadlineSchedule<KeyedDeadline>;

  constructor(clock: Clock, onDue: (key: string) => void) {
    this.schedule_ = new DeadlineSchedule<KeyedDeadline>(clock, (e) => {
      this.entries.delete(e.key);
      onDue(e.key);
    });
  }

  /** Sets (or moves) the deadline of key. */
  schedule(key: string, at: number): void {
    let e = this.entries.get(key);
    if (e === undefined) this.entries.set(key, (e = { key, expiresAt: at, heapIndex: -1 }));
    this.schedule_.schedule(e, at);
  }

  /** Forgets key. */
  remove(key: string): void {
    const e = this.entries.get(key);
    if (e === undefined) return;
    this.entries.delete(key);
    this.schedule_.remove(e);
  }

  /** The deadline of key, if scheduled. */
  deadline(key: string): number | undefined {
    return this.entries.get(key)?.expiresAt;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The heap holds one entry per key, however often keys are rescheduled. */
  protected get heap(): readonly KeyedDeadline[] {
    return (this.schedule_ as unknown as { heap: KeyedDeadline[] }).heap;
  }

  /** Cancels the timer; nothing fires afterwards. */
  stop(): void {
    this.schedule_.stop();
  }
}
