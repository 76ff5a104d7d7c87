import { mixSeed } from '@lama/cli/workload';
import { seededRandom } from '@lama/testkit';

/** A seeded PRNG (mulberry32): the same seed gives every policy the same workload, noise and lead times. */
export class Prng {
  private readonly draw: () => number;

  constructor(seed: number) {
    this.draw = seededRandom(seed >>> 0 || 0x9e3779b9);
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.draw();
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Standard normal (Box–Muller). */
  normal(): number {
    const u = 1 - this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }

  /** Poisson with mean lambda (Knuth's product method; the means here are a few per second). */
  poisson(lambda: number): number {
    if (lambda <= 0) return 0;
    const limit = Math.exp(-lambda);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** A generator for one purpose (workload, noise, lead times) of one seed, so one stream drawing more never shifts another. */
  static derive(seed: number, label: number): Prng {
    return new Prng(mixSeed(seed, label));
  }
}
