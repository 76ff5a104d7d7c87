import { Latencies, type LatencySummary } from '../lib/stats.js';
import type { BenchTarget } from './target.js';

export interface FanoutResult {
  watchers: number;
  events: number;
  watchersReadyMs: number;
  /** Time from the change request being sent to one watcher receiving it, over every delivery. */
  perDeliveryMs: LatencySummary;
  /** Time from the change request being sent until the last of the watchers has it, per event. */
  allWatchersMs: LatencySummary;
  missedDeliveries: number;
}

/**
 * Watch fan-out: one change at a time, so deliveries of one event do not queue behind the
 * next; each change is timed from just before its request is sent.
 */
export async function watchFanout(t: BenchTarget, watchers: number, events: number, timeoutMs: number): Promise<FanoutResult> {
  const perDelivery = new Latencies();
  const allWatchers = new Latencies();
  const inFlight = new Map<string, { t0: number; seen: Set<number>; done: () => void }>();
  const t0Open = performance.now();
  await t.openWatchers(watchers, (w, key) => {
    const e = inFlight.get(key);
    if (!e || e.seen.has(w)) return;
    e.seen.add(w);
    const ms = performance.now() - e.t0;
    perDelivery.add(ms);
    if (e.seen.size === watchers) {
      allWatchers.add(ms);
      e.done();
    }
  });
  const watchersReadyMs = Math.round(performance.now() - t0Open);
  let missed = 0;
  try {
    for (let n = 0; n < events; n++) {
      const key = `watch-${n}`;
      let timer: NodeJS.Timeout | undefined;
      const all = new Promise<boolean>((resolve) => {
        inFlight.set(key, { t0: performance.now(), seen: new Set(), done: () => resolve(true) });
        timer = setTimeout(() => resolve(false), timeoutMs);
      });
      await t.publish(key);
      if (!(await all)) missed += watchers - (inFlight.get(key)?.seen.size ?? 0);
      clearTimeout(timer);
      inFlight.delete(key);
    }
  } finally {
    await t.closeWatchers();
  }
  return { watchers, events, watchersReadyMs, perDeliveryMs: perDelivery.summary(), allWatchersMs: allWatchers.summary(), missedDeliveries: missed };
}
