import type { NodeMetrics } from '../metrics/types.js';

/** Where the agent gets L(t) from: the /proc MetricsSampler in production. */
export interface MetricsSource {
  start(): Promise<void>;
  stop(): void;
  latest(): NodeMetrics | undefined;
  sampleNow(): Promise<NodeMetrics>;
}
