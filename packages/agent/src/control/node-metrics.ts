import type { Startable } from '@lama/lookup';
import type { NodeMetrics } from '../metrics/types.js';

/** Where the agent gets L(t) from: the /proc MetricsSampler in production. */
export interface MetricsSource extends Startable {
  latest(): NodeMetrics | undefined;
  sampleNow(): Promise<NodeMetrics>;
  /** Tells of each new sample, if the source can (WatchStatus then sends a changed load at once). */
  on?(event: 'sample', listener: (m: NodeMetrics) => void): unknown;
}
