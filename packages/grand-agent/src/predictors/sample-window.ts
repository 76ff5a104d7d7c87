import { acceptable } from './predictor.js';

/** A (time, value) sample. */
export interface Sample {
  t: number;
  value: number;
}

/**
 * The samples of the last `historyMs`, oldest first. Missing samples stay missing: the
 * window never fills a gap, and `lagPairs` skips any pair that straddles one, so a fit
 * only ever sees two samples exactly one period apart.
 */
export class SampleWindow {
  private samples: Sample[] = [];

  constructor(readonly historyMs: number, readonly sampleMs: number) {}

  /** Adds a sample (if acceptable) and drops those older than historyMs before it; returns whether it was kept. */
  push(t: number, value: number): boolean {
    if (!acceptable(this.latest?.t, t, value)) return false;
    this.samples.push({ t, value });
    // Strictly newer than t - historyMs: 40 s at 2 s keeps 20 samples, as in the paper.
    const oldest = t - this.historyMs;
    let drop = 0;
    while (drop < this.samples.length && this.samples[drop].t <= oldest) drop++;
    if (drop > 0) this.samples.splice(0, drop);
    return true;
  }

  get latest(): Sample | undefined {
    return this.samples[this.samples.length - 1];
  }

  get size(): number {
    return this.samples.length;
  }

  values(): number[] {
    return this.samples.map((s) => s.value);
  }

  /** Consecutive samples one period apart (within half a period): [previous, next] value pairs. */
  lagPairs(): [number, number][] {
    const out: [number, number][] = [];
    for (let i = 1; i < this.samples.length; i++) {
      const dt = this.samples[i].t - this.samples[i - 1].t;
      if (Math.abs(dt - this.sampleMs) <= this.sampleMs / 2) out.push([this.samples[i - 1].value, this.samples[i].value]);
    }
    return out;
  }
}

/** Least-squares fit of y = c + phi·x over pairs; phi is clamped to [-1, 1] and c refit, so iterating never explodes. */
export function fitAr1(pairs: readonly (readonly [number, number])[]): { c: number; phi: number } {
  const n = pairs.length;
  let mx = 0;
  let my = 0;
  for (const [x, y] of pairs) {
    mx += x;
    my += y;
  }
  mx /= n;
  my /= n;
  let sxx = 0;
  let sxy = 0;
  for (const [x, y] of pairs) {
    sxx += (x - mx) * (x - mx);
    sxy += (x - mx) * (y - my);
  }
  // A flat window has no lag-1 information: forecast its mean.
  if (sxx <= 1e-12 * Math.max(1, mx * mx) * n) return { c: my, phi: 0 };
  // |phi| > 1 is an explosive fit (a short window on a steep ramp can give one); at 1 the
  // recursion extrapolates the window's drift linearly instead.
  const phi = Math.min(1, Math.max(-1, sxy / sxx));
  return { c: my - phi * mx, phi };
}

/** Iterates x ← c + phi·x k times from x0 (closed form when phi ≠ 1). */
export function iterateAr1(c: number, phi: number, x0: number, k: number): number {
  if (k === 0) return x0;
  if (Math.abs(1 - phi) < 1e-9) return x0 + k * c;
  const mean = c / (1 - phi);
  return mean + Math.pow(phi, k) * (x0 - mean);
}
