/** Latency summary in milliseconds. */
export interface LatencySummary {
  count: number;
  p50: number;
  p99: number;
  max: number;
  mean: number;
}

const round = (x: number, digits = 3): number => Number(x.toFixed(digits));

/**
 * Collects latency samples. Samples are kept in full (not a histogram) because the largest
 * run here is a few hundred thousand samples, and exact percentiles keep the report simple.
 */
export class Latencies {
  private samples: number[] = [];

  add(ms: number): void {
    this.samples.push(ms);
  }

  get count(): number {
    return this.samples.length;
  }

  summary(): LatencySummary {
    const s = Float64Array.from(this.samples).sort();
    const n = s.length;
    if (n === 0) return { count: 0, p50: NaN, p99: NaN, max: NaN, mean: NaN };
    // Nearest-rank percentile: the reported p99 is a latency some request actually saw.
    const pct = (p: number): number => s[Math.min(n - 1, Math.max(0, Math.ceil((p / 100) * n) - 1))];
    let sum = 0;
    for (const x of s) sum += x;
    return { count: n, p50: round(pct(50)), p99: round(pct(99)), max: round(s[n - 1]), mean: round(sum / n) };
  }
}

export function rate(count: number, elapsedMs: number): number {
  return elapsedMs > 0 ? Math.round((count / elapsedMs) * 1000) : 0;
}

export function ratio(a: number, b: number): number | null {
  return b > 0 && Number.isFinite(a) ? round(a / b, 2) : null;
}

export { round };
