import type { Action, RunResult } from './simulate.js';

/** The figures the issue asks for, for one policy on one seed. */
export interface RunMetrics {
  seed: number;
  secondsAboveCapacity: number;
  unservedMbpsSeconds: number;
  /** Σ (allocated − oracle)⁺ · dt, node·s. */
  overNodeSeconds: number;
  /** overNodeSeconds as a % of the oracle's node·s. */
  overPct: number;
  /** The same over ceil(demand / 90 Mbps), an oracle keeping 10 % headroom (a second yardstick, not the issue's). */
  overPct90: number;
  allocatedNodeSeconds: number;
  oracleNodeSeconds: number;
  scalingActions: number;
  adds: number;
  releases: number;
  /** Adds undone (a release) within 60 s. */
  oscillations: number;
  /** Releases undone (an add) within 60 s: the other half of cycling, reported for completeness. */
  readdsWithin60s: number;
  peakAllocated: number;
}

/** Counts actions of kind `second` that follow an unmatched action of kind `first` within windowS (each matched once). */
export function undone(actions: readonly Action[], first: Action['kind'], second: Action['kind'], windowS = 60): number {
  const open: number[] = [];
  let count = 0;
  for (const a of actions) {
    if (a.kind === first) open.push(a.t);
    else if (a.kind === second) {
      while (open.length && a.t - open[0] > windowS) open.shift();
      if (open.length) {
        open.pop();
        count++;
      }
    }
  }
  return count;
}

const round = (x: number, d = 1): number => Number(x.toFixed(d));

/** The metrics from one run. */
export function metricsOf(r: RunResult): RunMetrics {
  const adds = r.actions.filter((a) => a.kind === 'add').length;
  return {
    seed: r.seed,
    secondsAboveCapacity: r.secondsAboveCapacity,
    unservedMbpsSeconds: round(r.unservedMbpsSeconds),
    overNodeSeconds: r.overNodeSeconds,
    overPct: round((100 * r.overNodeSeconds) / r.oracleNodeSeconds),
    overPct90: round((100 * r.over90NodeSeconds) / r.oracle90NodeSeconds),
    allocatedNodeSeconds: r.allocatedNodeSeconds,
    oracleNodeSeconds: r.oracleNodeSeconds,
    scalingActions: r.actions.length,
    adds,
    releases: r.actions.length - adds,
    oscillations: undone(r.actions, 'add', 'release'),
    readdsWithin60s: undone(r.actions, 'release', 'add'),
    peakAllocated: Math.max(...r.trace.map((p) => p.allocated)),
  };
}

type Numeric = Exclude<keyof RunMetrics, 'seed'>;
const KEYS: Numeric[] = ['secondsAboveCapacity', 'unservedMbpsSeconds', 'overNodeSeconds', 'overPct', 'overPct90', 'allocatedNodeSeconds', 'scalingActions', 'adds', 'releases', 'oscillations', 'readdsWithin60s', 'peakAllocated'];

/** Mean over seeds, and the worst seed's value (the largest: every figure here is a cost). */
export function summarise(runs: readonly RunMetrics[]): { mean: Record<Numeric, number>; worst: Record<Numeric, number> } {
  const mean = {} as Record<Numeric, number>;
  const worst = {} as Record<Numeric, number>;
  for (const k of KEYS) {
    const xs = runs.map((r) => r[k]);
    mean[k] = round(xs.reduce((a, b) => a + b, 0) / xs.length, 2);
    worst[k] = Math.max(...xs);
  }
  return { mean, worst };
}
