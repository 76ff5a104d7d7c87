/**
 * A demand predictor for one service: it is fed the service's summed load every sampling
 * period and forecasts that sum some time ahead.
 *
 * Rules every implementation follows, so the allocator can treat them alike:
 * - `observe` ignores a value that is not a finite number (NaN, ±Infinity: a node that did
 *   not answer) and a sample not later than the latest one (duplicate or out of order).
 *   Such a sample is "missing", like one that never came.
 * - Missing samples are gaps in time. Each model says how it bridges them; none of them
 *   invents values for the gap.
 * - `forecast(h)` is the expected value `h` ms after the latest sample, or undefined until
 *   the model has enough history (the allocator then falls back to the current sum).
 *   `forecast(0)` is the model's current estimate of the level (smoothed or not).
 */
export interface Predictor {
  /** The kind, as written in the config (`threshold`, `ar1`, `holt`, `ar1-diff`). */
  readonly name: string;
  /** Feeds one sample: the value at time t (ms). */
  observe(t: number, value: number): void;
  /** The value expected horizonMs after the latest sample; undefined until enough history. */
  forecast(horizonMs: number): number | undefined;
}

/** Returns true when a sample should be used: finite, and later than the latest one. */
export function acceptable(latestT: number | undefined, t: number, value: number): boolean {
  return Number.isFinite(t) && Number.isFinite(value) && (latestT === undefined || t > latestT);
}

/** Whole sampling periods in a span, at least 0; fractions round to the nearest period. */
export function periods(spanMs: number, sampleMs: number): number {
  return Math.max(0, Math.round(spanMs / sampleMs));
}
