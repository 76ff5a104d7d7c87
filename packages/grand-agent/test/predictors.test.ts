import { expect } from 'chai';
import {
  ar1DiffPredictor,
  ar1Predictor,
  createPredictor,
  fitAr1,
  holtPredictor,
  parsePredictorSpec,
  PredictorConfigError,
  thresholdPredictor,
  type Predictor,
} from '../src/index.js';

const SAMPLE = 2000;

/** A seeded normal source, so the noise tests are the same on every run. */
function gaussian(seed: number): () => number {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = Math.imul(s ^ (s >>> 15), s | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - next())) * Math.cos(2 * Math.PI * next());
}

/** Feeds values at 2 s intervals starting at t0; NaN entries stand for missing samples. */
function feed(p: Predictor, values: readonly number[], t0 = 0): number {
  values.forEach((v, i) => p.observe(t0 + i * SAMPLE, v));
  return t0 + (values.length - 1) * SAMPLE;
}

const variance = (xs: readonly number[]): number => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, b) => a + (b - m) ** 2, 0) / xs.length;
};

const ramp = (n: number, start: number, slope: number): number[] => Array.from({ length: n }, (_, i) => start + slope * i);

describe('predictors', () => {
  describe('threshold', () => {
    it('forecasts the latest value at any horizon, nothing before the first sample', () => {
      const p = thresholdPredictor();
      expect(p.forecast(0)).to.equal(undefined);
      feed(p, [10, 20, 30]);
      expect(p.forecast(0)).to.equal(30);
      expect(p.forecast(60_000)).to.equal(30);
    });

    it('treats NaN, infinities and stale timestamps as missing samples', () => {
      const p = thresholdPredictor();
      p.observe(0, 5);
      p.observe(2000, NaN);
      p.observe(4000, Infinity);
      p.observe(0, 99); // not later than the latest
      expect(p.forecast(0)).to.equal(5);
    });
  });

  describe('ar1 (the paper: levels with a mean, 40 s of history, 2 s samples)', () => {
    it('needs a few lag pairs before it forecasts', () => {
      const p = ar1Predictor({ historyMs: 40_000, sampleMs: SAMPLE });
      feed(p, [1, 2, 3]);
      expect(p.forecast(20_000)).to.equal(undefined);
      p.observe(6000, 4);
      expect(p.forecast(20_000)).to.be.a('number');
    });

    it('extrapolates a clean ramp (phi = 1, c = the slope)', () => {
      const p = ar1Predictor();
      feed(p, ramp(30, 100, 1.5));
      // Last sample 100 + 29 · 1.5 = 143.5; 20 s = 10 periods ahead.
      expect(p.forecast(20_000)).to.be.closeTo(143.5 + 15, 1e-6);
    });

    it('reverts to the window mean on a stationary noisy signal and filters the noise', () => {
      const g = gaussian(7);
      const p = ar1Predictor();
      const forecasts: number[] = [];
      const inputs: number[] = [];
      for (let i = 0; i < 500; i++) {
        const x = 200 + 10 * g();
        inputs.push(x);
        p.observe(i * SAMPLE, x);
        const f = p.forecast(20_000);
        if (i > 30 && f !== undefined) forecasts.push(f);
      }
      expect(variance(forecasts)).to.be.below(variance(inputs) / 4);
      const mean = forecasts.reduce((a, b) => a + b, 0) / forecasts.length;
      expect(mean).to.be.closeTo(200, 2);
    });

    it('fits by least squares: recovers phi of a simulated AR(1) process', () => {
      const g = gaussian(11);
      const pairs: [number, number][] = [];
      let x = 0;
      for (let i = 0; i < 5000; i++) {
        const next = 50 + 0.6 * (x - 50) + g();
        pairs.push([x, next]);
        x = next;
      }
      const { c, phi } = fitAr1(pairs.slice(100));
      expect(phi).to.be.closeTo(0.6, 0.03);
      expect(c / (1 - phi)).to.be.closeTo(50, 0.5);
    });

    it('leaves pairs that straddle a gap out of the fit, and says undefined when the window has too few', () => {
      const p = ar1Predictor({ historyMs: 40_000 });
      // A ramp with every third sample missing: only adjacent pairs are fitted, and they still say slope 2.
      const values = ramp(31, 0, 2).map((v, i) => (i % 3 === 2 ? NaN : v));
      const last = feed(p, values);
      expect(p.forecast(20_000)).to.be.closeTo(60 + 20, 1e-6);
      // A long outage empties the 40 s window: one sample after it has no pair.
      p.observe(last + 120_000, 500);
      expect(p.forecast(20_000)).to.equal(undefined);
    });
  });

  describe('holt', () => {
    it('follows a ramp: the trend converges to the slope and the forecast extrapolates it', () => {
      const p = holtPredictor();
      const last = feed(p, ramp(300, 50, 1.32));
      const lastValue = 50 + 1.32 * 299;
      expect(p.forecast(0)).to.be.closeTo(lastValue, 2);
      expect(p.forecast(60_000)).to.be.closeTo(lastValue + 30 * 1.32, 3);
      expect(last).to.equal(299 * SAMPLE);
    });

    it('filters noise: forecasts now, 20 s and 60 s ahead vary less than the input', () => {
      const g = gaussian(3);
      const p = holtPredictor();
      const inputs: number[] = [];
      const f: Record<number, number[]> = { 0: [], 20_000: [], 60_000: [] };
      for (let i = 0; i < 600; i++) {
        const x = 200 + 10 * g();
        inputs.push(x);
        p.observe(i * SAMPLE, x);
        if (i > 60) for (const h of [0, 20_000, 60_000]) f[h].push(p.forecast(h) as number);
      }
      expect(variance(f[0])).to.be.below(variance(inputs) / 5);
      expect(variance(f[20_000])).to.be.below(variance(inputs) / 3);
      expect(variance(f[60_000])).to.be.below(variance(inputs));
    });

    it('moves only a little on a single spike', () => {
      const p = holtPredictor();
      const last = feed(p, Array.from({ length: 50 }, () => 100));
      p.observe(last + SAMPLE, 300);
      // The level moves by alpha · 200 = 20, the trend by beta of that per period.
      expect(p.forecast(0)).to.be.closeTo(120, 1e-6);
      expect(p.forecast(60_000)).to.be.below(160);
    });

    it('bridges a gap by projecting the trend across it', () => {
      const p = holtPredictor();
      const values = ramp(200, 0, 1);
      feed(p, values.slice(0, 150));
      // 20 samples (40 s) missing, then the ramp resumes where it would be.
      for (let i = 170; i < 200; i++) p.observe(i * SAMPLE, values[i]);
      expect(p.forecast(0)).to.be.closeTo(199, 2);
      expect(p.forecast(20_000)).to.be.closeTo(209, 3);
    });

    it('says nothing until minSamples samples have come', () => {
      const p = holtPredictor({ minSamples: 5 });
      feed(p, [1, 2, 3, 4]);
      expect(p.forecast(0)).to.equal(undefined);
      p.observe(8 * SAMPLE, 5);
      expect(p.forecast(0)).to.be.a('number');
    });
  });

  describe('ar1-diff', () => {
    it('extrapolates a ramp however far ahead', () => {
      const p = ar1DiffPredictor();
      const g = gaussian(5);
      feed(p, ramp(60, 0, 2).map((v) => v + 0.01 * g()));
      expect(p.forecast(60_000)).to.be.closeTo(118 + 60, 2);
    });

    it('needs three samples in a row for each difference pair', () => {
      const p = ar1DiffPredictor({ minPairs: 2 });
      feed(p, [0, 1, NaN, 3, 4, NaN, 6, 7]);
      expect(p.forecast(2000)).to.equal(undefined);
      p.observe(16_000, 8);
      p.observe(18_000, 9);
      expect(p.forecast(2000)).to.be.closeTo(10, 1e-6);
    });
  });

  describe('createPredictor', () => {
    it('builds each kind from its config', () => {
      expect(createPredictor({ kind: 'threshold' }).name).to.equal('threshold');
      expect(createPredictor({ kind: 'ar1', historyMs: 40_000, sampleMs: 2000 }).name).to.equal('ar1');
      expect(createPredictor({ kind: 'ar1-diff', historyMs: 60_000 }).name).to.equal('ar1-diff');
      expect(createPredictor({ kind: 'holt', alpha: 0.2, beta: 0.1, damping: 0.98 }).name).to.equal('holt');
      expect(createPredictor().name).to.equal('holt');
    });

    it('names the offending key in its errors', () => {
      const key = (spec: unknown): string => {
        try {
          parsePredictorSpec(spec, 'services.radio.predictor');
        } catch (err) {
          expect(err).to.be.instanceOf(PredictorConfigError);
          expect((err as PredictorConfigError).code).to.equal('ERR_PREDICTOR_CONFIG');
          return (err as PredictorConfigError).key;
        }
        throw new Error('no error');
      };
      expect(key({ kind: 'arima' })).to.equal('services.radio.predictor.kind');
      expect(key({})).to.equal('services.radio.predictor.kind');
      expect(key({ kind: 'holt', alpha: 1.5 })).to.equal('services.radio.predictor.alpha');
      expect(key({ kind: 'holt', alpha: '0.2' })).to.equal('services.radio.predictor.alpha');
      expect(key({ kind: 'ar1', historyMs: -1 })).to.equal('services.radio.predictor.historyMs');
      expect(key({ kind: 'ar1', minPairs: 2.5 })).to.equal('services.radio.predictor.minPairs');
      expect(key({ kind: 'threshold', window: 3 })).to.equal('services.radio.predictor.window');
      expect(key('holt')).to.equal('services.radio.predictor');
      expect(() => createPredictor({ kind: 'holt', beta: 0 })).to.throw(/predictor\.beta: must be a number in \(0, 1\]/);
    });
  });
});
