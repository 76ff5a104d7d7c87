/** The node's load as the metrics sampler measures it (see metrics/). */
export interface NodeMetricsSnapshot {
  at: number;
  intervalMs: number;
  cpuUtilization: number;
  cpuCount: number;
  interfaces: { name: string; rxBitsPerSec: number; txBitsPerSec: number; rxBytes: number; txBytes: number }[];
  rxBitsPerSec: number;
  txBitsPerSec: number;
  disks: { path: string; totalBytes: number; usedBytes: number; freeBytes: number }[];
  loadAverage: [number, number, number];
  memory: { totalBytes: number; availableBytes: number; usedBytes: number };
}

/** Where the agent gets L(t) from: the /proc sampler in production. */
export interface MetricsSource {
  start(): Promise<void>;
  stop(): void;
  latest(): NodeMetricsSnapshot | undefined;
  sampleNow(): Promise<NodeMetricsSnapshot>;
}
