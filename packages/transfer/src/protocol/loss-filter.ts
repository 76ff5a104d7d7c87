import { TransferConfigError } from '../errors.js';

/** Loss to inject: a rate in [0, 1] and a mean burst length in datagrams (1 = independent drops). */
export interface LossSpec {
  rate: number;
  burst: number;
}

/** Parses `P[,BURST]` (P a fraction like 0.05, or a percentage like 5%). */
export function parseLoss(text: string): LossSpec {
  const [p, b] = text.split(',');
  const rate = p.endsWith('%') ? Number(p.slice(0, -1)) / 100 : Number(p);
  const burst = b === undefined ? 1 : Number(b);
  if (!Number.isFinite(rate) || rate < 0 || rate > 1) throw new TransferConfigError(`loss rate '${p}' is not in 0..1 (or 0%..100%)`);
  if (!Number.isFinite(burst) || burst < 1) throw new TransferConfigError(`loss burst '${b}' is not a length >= 1`);
  return { rate, burst };
}

/** mulberry32: a small seeded generator, so a loss pattern can be replayed. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A test aid: drops datagrams on arrival with a two-state (Gilbert) model whose long-run loss is
 * `rate` and whose bursts last `burst` datagrams on average.
 */
export class LossFilter {
  private bad = false;
  private readonly enterBad: number;
  private readonly leaveBad: number;
  dropped = 0;

  constructor(readonly spec: LossSpec, private readonly random: () => number = Math.random) {
    this.leaveBad = 1 / spec.burst;
    this.enterBad = spec.rate >= 1 ? 1 : (spec.rate * this.leaveBad) / (1 - spec.rate);
  }

  /** True when this datagram is to be dropped. */
  drop(): boolean {
    if (this.spec.rate <= 0) return false;
    this.bad = this.bad ? this.random() >= this.leaveBad || this.spec.rate >= 1 : this.random() < this.enterBad;
    if (this.bad) this.dropped++;
    return this.bad;
  }
}
