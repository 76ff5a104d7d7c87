import { InvalidArgumentError } from '@lama/lookup';
import type { AdapterStatus } from '../generated/lama/agent/v1/AdapterStatus.js';
import type { NodeStatus } from '../generated/lama/agent/v1/NodeStatus.js';

/** CPU utilisation (0-1) must move this much to count as a change. */
export const CPU_STEP = 0.05;
/** A rate must move this share of the node's network capacity (or of DEFAULT_RATE_SCALE_BPS without one). */
export const RATE_STEP = 0.05;
const DEFAULT_RATE_SCALE_BPS = 100e6;
/** Early metrics a watcher may name, and their longest name. */
export const MAX_EARLY_METRICS = 32;
const EARLY_METRIC = /^[a-z][a-z0-9-]{0,31}\.[A-Za-z0-9_:./-]{1,96}$/;

/** Checks WatchStatus's early_metrics (ADAPTER.METRIC names); throws INVALID_ARGUMENT naming the bad one. */
export function checkEarlyMetrics(names: readonly string[]): string[] {
  if (names.length > MAX_EARLY_METRICS) throw new InvalidArgumentError(`early_metrics: ${names.length} names, at most ${MAX_EARLY_METRICS}`);
  for (const n of names) if (!EARLY_METRIC.test(n)) throw new InvalidArgumentError(`early_metrics: '${n.slice(0, 64)}' is not ADAPTER.METRIC (e.g. stream.listeners)`);
  return [...names];
}

const moved = (a: number, b: number, step: number): boolean => Math.abs(a - b) >= step;

/**
 * What differs between two statuses in what the grand agent decides on, or undefined: an
 * adapter's presence, state or parameters, the life cycle, the problems, CPU by CPU_STEP, a
 * receive or transmit rate by RATE_STEP of the node's `networkMbps` capacity, or a named
 * adapter metric by 1 (or 5 % of the larger value, when that is more). Other metrics (uptime,
 * memory, disks) wait for the interval.
 */
export function decisionChange(sent: NodeStatus, next: NodeStatus, earlyMetrics: readonly string[] = []): string | undefined {
  const byName = (s: NodeStatus): Map<string, AdapterStatus> => new Map((s.adapters ?? []).map((a) => [a.name ?? '', a]));
  const before = byName(sent);
  const after = (sent.adapters ?? []).length === (next.adapters ?? []).length ? byName(next) : undefined;
  if (!after || [...before.keys()].some((n) => !after.has(n))) return 'adapters';
  for (const [name, a] of after) {
    const b = before.get(name);
    if (!b || b.state !== a.state) return `adapter ${name} state`;
    if (JSON.stringify(b.params ?? {}) !== JSON.stringify(a.params ?? {})) return `adapter ${name} params`;
  }
  const lc = (s: NodeStatus): string => `${s.lifecycle?.state ?? ''} ${s.lifecycle?.site ?? ''} ${s.lifecycle?.version ?? ''}`;
  if (lc(sent) !== lc(next)) return 'lifecycle';
  const problems = (s: NodeStatus): string => (s.problems ?? []).map((p) => p.code).sort().join(',');
  if (problems(sent) !== problems(next)) return 'problems';
  if (moved(Number(sent.cpuUtilization ?? 0), Number(next.cpuUtilization ?? 0), CPU_STEP)) return 'cpu';
  const mbps = Number(next.capacity?.networkMbps ?? 0);
  const rateStep = RATE_STEP * (mbps > 0 ? mbps * 1e6 : DEFAULT_RATE_SCALE_BPS);
  if (moved(Number(sent.rxBitsPerSec ?? 0), Number(next.rxBitsPerSec ?? 0), rateStep)) return 'rx';
  if (moved(Number(sent.txBitsPerSec ?? 0), Number(next.txBitsPerSec ?? 0), rateStep)) return 'tx';
  for (const m of earlyMetrics) {
    const dot = m.indexOf('.');
    const value = (a: Map<string, AdapterStatus>): number => Number(a.get(m.slice(0, dot))?.metrics?.[m.slice(dot + 1)] ?? 0);
    const a = value(before);
    const b = value(after);
    if (moved(a, b, Math.max(1, 0.05 * Math.max(Math.abs(a), Math.abs(b))))) return m;
  }
  return undefined;
}
