import type { RemoteNodeStatus } from '@lama/agent';

/**
 * A node's status as named numbers: `cpu` (percent of all cores), `rxMbps` and `txMbps`
 * (all reported interfaces), and `ADAPTER.METRIC` for every adapter metric (e.g.
 * `stream.listeners`). A service's `metric` names one of these.
 */
export function metricValues(s: RemoteNodeStatus): Record<string, number> {
  const out: Record<string, number> = {
    cpu: s.cpuUtilization * 100,
    rxMbps: s.rxBitsPerSec / 1e6,
    txMbps: s.txBitsPerSec / 1e6,
  };
  for (const a of s.adapters) for (const [k, v] of Object.entries(a.metrics)) out[`${a.name}.${k}`] = v;
  return out;
}

/** The value of one metric in a status; an adapter metric that is absent (adapter stopped) is 0, an unknown node metric NaN. */
export function metricValue(s: RemoteNodeStatus, metric: string): number {
  const dot = metric.indexOf('.');
  if (dot > 0) {
    const adapter = s.adapters.find((a) => a.name === metric.slice(0, dot));
    const v = adapter?.metrics[metric.slice(dot + 1)];
    return typeof v === 'number' && Number.isFinite(v) ? v : 0;
  }
  const v = metricValues(s)[metric];
  return v ?? Number.NaN;
}

/** Checks a metric name's form: a node metric or ADAPTER.METRIC. */
export function checkMetricName(metric: string): string | undefined {
  if (['cpu', 'rxMbps', 'txMbps'].includes(metric)) return undefined;
  if (/^[a-z][a-z0-9-]{0,31}\.[A-Za-z0-9_:./-]+$/.test(metric)) return undefined;
  return `metric '${metric}' is neither cpu, rxMbps, txMbps nor ADAPTER.METRIC (e.g. stream.listeners)`;
}
