import { Latencies, rate, type LatencySummary } from './stats.js';

/** Counts failures and keeps the first few distinct messages. */
export class ErrorLog {
  count = 0;
  readonly messages: string[] = [];
  note(err: unknown): void {
    this.count++;
    const m = err instanceof Error ? err.message : String(err);
    if (this.messages.length < 3 && !this.messages.includes(m)) this.messages.push(m.slice(0, 300));
  }
}

export interface WindowedOptions {
  /** Requests in flight at once. */
  concurrency: number;
  /** Stop after this many operations... */
  count?: number;
  /** ...or after this many ms, whichever comes first. */
  durationMs?: number;
  /** One operation; k counts from 0. Rejects when the operation failed. */
  op: (k: number) => Promise<void>;
}

export interface WindowedResult {
  ops: number;
  failures: number;
  /** The first few distinct failure messages, so a failing run says why. */
  errors: string[];
  elapsedMs: number;
  /** Successful operations per second. */
  perSecond: number;
  latencyMs: LatencySummary;
}

/**
 * Closed-loop load: `concurrency` workers, each issuing its next request as soon as the
 * previous one answers. Measures the most a server sustains with that many in flight.
 */
export async function windowed(o: WindowedOptions): Promise<WindowedResult> {
  const lat = new Latencies();
  const count = o.count ?? Infinity;
  const deadline = o.durationMs === undefined ? Infinity : performance.now() + o.durationMs;
  let next = 0;
  const errors = new ErrorLog();
  const start = performance.now();
  const worker = async (): Promise<void> => {
    while (next < count && performance.now() < deadline) {
      const k = next++;
      const t = performance.now();
      try {
        await o.op(k);
      } catch (err) {
        errors.note(err);
      }
      lat.add(performance.now() - t);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency }, worker));
  const elapsedMs = performance.now() - start;
  return { ops: next, failures: errors.count, errors: errors.messages, elapsedMs: Math.round(elapsedMs), perSecond: rate(next - errors.count, elapsedMs), latencyMs: lat.summary() };
}

export interface PacedOptions {
  /** Number of distinct subjects (leases); each is hit once per periodMs. */
  subjects: number;
  periodMs: number;
  durationMs: number;
  /** One operation on subject i; rejects when it failed. */
  op: (i: number) => Promise<void>;
}

export interface PacedResult {
  ops: number;
  failures: number;
  errors: string[];
  targetPerSecond: number;
  /** Successful operations per second. */
  perSecond: number;
  /** Worst delay between when a request was due and when it was sent (client lag). */
  maxDispatchLagMs: number;
  latencyMs: LatencySummary;
}

/**
 * Open-loop load: every subject is hit once per period, spread evenly, regardless of how
 * fast answers come back, so a slow server shows up as latency rather than as fewer requests.
 */
export async function paced(o: PacedOptions): Promise<PacedResult> {
  const lat = new Latencies();
  const perMs = o.subjects / o.periodMs;
  const total = Math.floor(o.durationMs * perMs);
  const start = performance.now();
  let issued = 0;
  const errors = new ErrorLog();
  let maxLag = 0;
  const pending = new Set<Promise<void>>();
  await new Promise<void>((resolve) => {
    const tick = (): void => {
      const now = performance.now();
      const due = Math.min(total, Math.floor((now - start) * perMs));
      for (; issued < due; issued++) {
        maxLag = Math.max(maxLag, now - (start + issued / perMs));
        const t = performance.now();
        const p: Promise<void> = o.op(issued % o.subjects).catch((err: unknown) => errors.note(err)).finally(() => {
          lat.add(performance.now() - t);
          pending.delete(p);
        });
        pending.add(p);
      }
      if (issued >= total) resolve();
      else setTimeout(tick, 1);
    };
    tick();
  });
  await Promise.all(pending);
  const elapsedMs = performance.now() - start;
  return {
    ops: issued,
    failures: errors.count,
    errors: errors.messages,
    targetPerSecond: Math.round(perMs * 1000),
    perSecond: rate(issued - errors.count, elapsedMs),
    maxDispatchLagMs: Math.round(maxLag * 10) / 10,
    latencyMs: lat.summary(),
  };
}
