import { periods, type Predictor } from './predictor.js';
import { fitAr1, iterateAr1, SampleWindow } from './sample-window.js';

/** Options of the paper's AR(1) predictor. */
export interface Ar1Options {
  /** History the model is fitted on (the paper: 40 s). */
  historyMs?: number;
  /** Sampling period the samples are expected at (the paper: 2 s). */
  sampleMs?: number;
  /** Fewest lag pairs (samples one period apart) needed to fit; fewer gives undefined. */
  minPairs?: number;
}

/**
 * AR(1) as in the paper: on the levels, with a mean. Every sample refits
 * x[t] = c + phi·x[t-1] (i.e. x[t] − mu = phi·(x[t-1] − mu), mu = c / (1 − phi)) by least
 * squares on the lag pairs of the last historyMs, and a forecast h ahead iterates the
 * recursion round(h / sampleMs) times from the latest sample.
 *
 * Gaps: a pair straddling a missing sample is left out of the fit; with fewer than
 * minPairs pairs left in the window the forecast is undefined until enough arrive.
 */
export function ar1Predictor(options: Ar1Options = {}): Predictor {
  const sampleMs = options.sampleMs ?? 2000;
  const window = new SampleWindow(options.historyMs ?? 40_000, sampleMs);
  const minPairs = options.minPairs ?? 3;
  let fit: { c: number; phi: number } | undefined;
  return {
    name: 'ar1',
    observe(t, value) {
      if (!window.push(t, value)) return;
      const pairs = window.lagPairs();
      fit = pairs.length >= minPairs ? fitAr1(pairs) : undefined;
    },
    forecast(horizonMs) {
      const last = window.latest;
      if (!fit || !last) return undefined;
      return iterateAr1(fit.c, fit.phi, last.value, periods(horizonMs, sampleMs));
    },
  };
}
