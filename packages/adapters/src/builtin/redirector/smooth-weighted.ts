/** Anything with a weight; 0 (or less) is never chosen. */
export interface Weighted {
  weight: number;
}

/**
 * nginx's smooth weighted round robin: every pick adds each peer's weight to its current
 * weight, chooses the largest (the first on a tie) and takes the total off it. Weights 3:1
 * give A A B A, spread out rather than in runs, and exactly in proportion over each cycle.
 */
export class SmoothWeightedRoundRobin<T extends Weighted> {
  private readonly peers: T[];
  private readonly current: number[];
  private readonly total: number;

  constructor(peers: readonly T[]) {
    this.peers = peers.filter((p) => p.weight > 0);
    this.current = this.peers.map(() => 0);
    this.total = this.peers.reduce((sum, p) => sum + p.weight, 0);
  }

  /** How many peers can be chosen (weight > 0). */
  get size(): number {
    return this.peers.length;
  }

  /** The next peer; undefined when no peer has a weight. */
  next(): T | undefined {
    let best = -1;
    for (let i = 0; i < this.peers.length; i++) {
      this.current[i] += this.peers[i].weight;
      if (best < 0 || this.current[i] > this.current[best]) best = i;
    }
    if (best < 0) return undefined;
    this.current[best] -= this.total;
    return this.peers[best];
  }
}
