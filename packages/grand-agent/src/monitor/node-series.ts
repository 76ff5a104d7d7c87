import { RingBuffer } from '../common/ring-buffer.js';

/** One status sample of a node, flattened to named numbers (see metricValues). */
export interface Sample {
  at: number;
  values: Readonly<Record<string, number>>;
}

/** The last `capacity` samples of one node, oldest first. */
export class NodeSeries extends RingBuffer<Sample> {
  constructor(capacity: number) {
    super(capacity, 'NodeSeries');
  }

  /** Kept samples, oldest first. */
  samples(): Sample[] {
    return this.values();
  }
}
