import { periods, type Predictor } from './predictor.js';
import { fitAr1, SampleWindow } from './sample-window.js';

/** Options of AR(1) on first differences (ARIMA(1,1,0)). */
export interface Ar1DiffOptions {
  /** History the differences are fitted on. */
  historyMs?: number;
  sampleMs?: number;
  /** Fewest pairs of consecutive differences needed to fit. */
  minPairs?: number;
}

/**
 * AR(1) on first differences: d[t] = x[t] − x[t-1] follows d[t] = c + phi·d[t-1], fitted
 * by least squares on the window; a forecast adds the iterated differences to the latest
 * sample. Unlike AR(1) on levels it keeps a ramp's slope (c / (1 − phi)) however long the
 * horizon, but it starts from the latest raw sample, so it does not filter noise.
 *
 * Gaps: a difference needs two samples one period apart and a pair of differences three
 * in a row; anything straddling a gap is left out of the fit. When the latest sample
 * follows a gap its own difference is unknown and the fitted mean difference stands in.
 */
export function ar1DiffPredictor(options: Ar1DiffOptions = {}): Predictor {
  const sampleMs = options.sampleMs ?? 2000;
  const window = new SampleWindow(options.historyMs ?? 120_000, sampleMs);
  const minPairs = options.minPairs ?? 5;
  const diffs = new SampleWindow(options.historyMs ?? 120_000, sampleMs);
  let fit: { c: number; phi: number; lastDiff: number } | undefined;
  return {
    name: 'ar1-diff',
    observe(t, value) {
      const before = window.latest;
      if (!window.push(t, value)) return;
      // Differences live at the later sample's time, so the lag pairs of `diffs` are
      // exactly the pairs of differences from three consecutive samples.
      const adjacent = before !== undefined && Math.abs(t - before.t - sampleMs) <= sampleMs / 2;
      if (adjacent) diffs.push(t, value - before.value);
      const pairs = diffs.lagPairs();
      if (pairs.length < minPairs) {
        fit = undefined;
        return;
      }
      const { c, phi } = fitAr1(pairs);
      const mean = Math.abs(1 - phi) < 1e-9 ? c : c / (1 - phi);
      fit = { c, phi, lastDiff: adjacent ? (diffs.latest?.value ?? mean) : mean };
    },
    forecast(horizonMs) {
      const last = window.latest;
      if (!fit || !last) return undefined;
      let x = last.value;
      let d = fit.lastDiff;
      for (let k = periods(horizonMs, sampleMs); k > 0; k--) {
        d = fit.c + fit.phi * d;
        x += d;
      }
      return x;
    },
  };
}
