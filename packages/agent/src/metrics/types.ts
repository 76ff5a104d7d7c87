import type { Clock } from './clock.js';

/** Traffic of one interface over a sample's window, plus its cumulative counters at the sample. */
export interface InterfaceRate {
  name: string;
  rxBitsPerSec: number;
  txBitsPerSec: number;
  rxBytes: number;
  txBytes: number;
}

/** A filesystem's size; free is what unprivileged users can use (bavail), used is blocks - bfree. */
export interface DiskUsage {
  path: string;
  totalBytes: number;
  usedBytes: number;
  freeBytes: number;
}

/** The node's load L(t) at one moment: what the agent's Status reports. */
export interface NodeMetrics {
  /** Milliseconds since the epoch when the counters were read. */
  at: number;
  /** Length of the window the rates and utilisation cover (time since the previous reading). */
  intervalMs: number;
  /** 0..1 over the window: 1 - (idle+iowait)/total of the /proc/stat 'cpu' line deltas. */
  cpuUtilization: number;
  cpuCount: number;
  /** From /proc/net/dev; the interfaces asked for in MetricsOptions.interfaces, else all of them. */
  interfaces: InterfaceRate[];
  /** Sum over `interfaces`, leaving out 'lo' unless MetricsOptions.interfaces names it. */
  rxBitsPerSec: number;
  txBitsPerSec: number;
  /** One per MetricsOptions.disks path that statfs could read. */
  disks: DiskUsage[];
  loadAverage: [number, number, number];
  memory: { totalBytes: number; availableBytes: number; usedBytes: number };
}

/** How and what a MetricsSampler samples. */
export interface MetricsOptions {
  /** Sampling period; default 2000 ms. */
  intervalMs?: number;
  /** Interfaces to report, in this order; default every interface in /proc/net/dev. */
  interfaces?: string[];
  /** Paths whose filesystems to report; default ['/']. */
  disks?: string[];
  /** Where proc is mounted; default '/proc' (tests point it at fixture files). */
  procRoot?: string;
  /** Default: the system clock, with unref'd timers. */
  clock?: Clock;
}
