import type { RemotePool } from '@lama/grand-agent';
import { table } from './text-table.js';

/** Lease time left as the grand agent saw it when it answered, e.g. '7.2s/10s' ('-' before its first renewal is known). */
export function leaseLeft(leaseExpiresMs: number, leaseMs: number, atMs: number): string {
  if (!leaseExpiresMs || !leaseMs) return '-';
  const left = Math.max(0, leaseExpiresMs - atMs) / 1000;
  return `${left.toFixed(1)}s/${(leaseMs / 1000).toFixed(leaseMs % 1000 === 0 ? 0 : 1)}s`;
}

/** A readable pool: services, then nodes. */
export function formatPool(p: RemotePool): string {
  const n = (x: number): string => (Number.isInteger(x) ? String(x) : x.toFixed(1));
  const services = p.services.map((s) => [
    s.name, s.role, s.metric, s.predictor, String(s.n), n(s.sum), s.hasForecast ? n(s.forecast) : '-', `[${n(s.lowerBound)}, ${n(s.upperBound)}]`,
    s.serving.join(',') || '-', s.holdReason || (s.dryRun ? 'dry run' : ''),
  ]);
  const nodes = p.nodes.map((x) => [
    x.node, x.lifecycle || '-', leaseLeft(x.leaseExpiresMs, x.leaseMs, p.atMs), x.roles.join(',') || '-', x.serving || '-', x.pending || '', Object.entries(x.adapters).map(([k, v]) => `${k}:${v}`).join(' ') || '-',
    `${(x.cpuUtilization * 100).toFixed(0)}%`, Object.entries(x.loads).map(([k, v]) => `${k}=${n(v)}`).join(' ') || '-',
  ]);
  return [
    `grand agent ${p.grand}  lookups ${p.lookups.join(', ') || '-'}`,
    '',
    services.length ? table([['SERVICE', 'ROLE', 'METRIC', 'PREDICTOR', 'N', 'SUM', 'FORECAST', 'BOUNDS', 'SERVING', 'HOLD'], ...services]) : '(no services configured)',
    '',
    nodes.length ? table([['NODE', 'LIFECYCLE', 'LEASE', 'ROLES', 'SERVES', 'PENDING', 'ADAPTERS', 'CPU', 'LOAD'], ...nodes]) : '(no agents registered)',
  ].join('\n');
}

