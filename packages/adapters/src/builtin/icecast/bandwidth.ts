/** A mount's byte counters as /admin/stats showed them at time t (ms). */
interface Tick {
  t: number;
  read: number;
  sent: number;
}

/** Bits per second in and out of one mount. */
export interface MountRate {
  sentBitsPerSec: number;
  readBitsPerSec: number;
}

/**
 * Turns icecast's per-mount byte counters into rates. icecast refreshes total_bytes_read and
 * total_bytes_sent only every 5 s, so a rate between two arbitrary samples is mostly 0 or a
 * burst. A "tick" is the first sample that shows new counters, so ticks are 5 s apart give or
 * take the sampling interval; the rate is taken across the ticks of a window (a few refreshes),
 * which keeps that timing error small.
 */
export class BandwidthTracker {
  private readonly ticks = new Map<string, Tick[]>();
  // The first value a mount shows was written at an unknown time before: it is no tick.
  private readonly baselines = new Map<string, Tick>();

  /**
   * @param windowMs rates average over the ticks of this window
   * @param staleMs no new counters for this long means nothing flows any more
   */
  constructor(private readonly windowMs = 16_000, private readonly staleMs = 12_000) {}

  /** Records one sample of every mount present; mounts that are gone are forgotten. */
  observe(t: number, mounts: ReadonlyMap<string, { read: number; sent: number }>): void {
    for (const name of [...this.baselines.keys()]) {
      if (!mounts.has(name)) {
        this.baselines.delete(name);
        this.ticks.delete(name);
      }
    }
    for (const [name, c] of mounts) {
      const base = this.baselines.get(name);
      const ticks = this.ticks.get(name) ?? [];
      const last = ticks[ticks.length - 1] ?? base;
      if (!last) {
        this.baselines.set(name, { t, ...c });
        continue;
      }
      if (c.read === last.read && c.sent === last.sent) continue;
      if (c.read < last.read || c.sent < last.sent) {
        // A new source on the mount restarted its counters.
        this.baselines.set(name, { t, ...c });
        this.ticks.delete(name);
        continue;
      }
      ticks.push({ t, ...c });
      while (ticks.length > 2 && t - ticks[0].t > this.windowMs) ticks.shift();
      this.ticks.set(name, ticks);
    }
  }

  /** The mount's rates at time now; 0 until two ticks are seen. */
  rate(name: string, now: number): MountRate {
    const ticks = this.ticks.get(name) ?? [];
    const first = ticks[0];
    const last = ticks[ticks.length - 1];
    if (ticks.length < 2 || now - last.t > this.staleMs) return { sentBitsPerSec: 0, readBitsPerSec: 0 };
    const seconds = (last.t - first.t) / 1000;
    return { sentBitsPerSec: ((last.sent - first.sent) * 8) / seconds, readBitsPerSec: ((last.read - first.read) * 8) / seconds };
  }

  clear(): void {
    this.ticks.clear();
    this.baselines.clear();
  }
}
