import { parseArgs } from 'node:util';

/** The benchmark's sizes and paces, in one place so the report can echo them. */
export interface AgentBenchConfig {
  /** Lease the agents ask for (renewed by their JoinManager at about a third of it). */
  leaseMs: number;
  /** The agents' own metrics sampling interval. */
  metricsIntervalMs: number;
  /** After 'registered', this long before the idle window opens (start-up garbage gets collected). */
  idleSettleMs: number;
  /** The idle window in which nothing calls the agents. */
  idleWindowMs: number;
  /** /proc/<pid> sampling period during the idle window. */
  idleSampleMs: number;
  /** Concurrent Status callers. */
  callers: number;
  /** Closed-loop calls before the measured Status window (connections, JIT). */
  statusWarmupMs: number;
  statusWindowMs: number;
  watchers: number;
  watchWindowMs: number;
  /** WatchStatus intervals, each its own phase. */
  watchIntervalsMs: number[];
  /** Extra bare agents measured in the same idle windows under other node flags (what-if, not targets). */
  idleNodeFlagVariants: string[][];
  /** A phase is rerun when other processes used more than this many cores during it... */
  contaminationCores: number;
  /** ...at most this many times in all; the least contaminated attempt is kept. */
  maxAttempts: number;
}

export function readConfig(argv: string[]): AgentBenchConfig {
  const { values } = parseArgs({
    args: argv,
    options: {
      // 45 s: V8's memory reducer shrinks a daemon's heap some 30 s after start-up's activity ends
      // (an agent measured 78 MB at 20 s, 67.5 MB from 40 s on); 15 s measured the unshrunk heap.
      'idle-settle-ms': { type: 'string', default: '45000' },
      'idle-window-ms': { type: 'string', default: '30000' },
      callers: { type: 'string', default: '100' },
      'status-ms': { type: 'string', default: '10000' },
      watchers: { type: 'string', default: '100' },
      'watch-ms': { type: 'string', default: '15000' },
      'watch-intervals-ms': { type: 'string', default: '1000,2000' },
      'max-attempts': { type: 'string', default: '3' },
      'contamination-cores': { type: 'string', default: '0.3' },
      'no-flag-variants': { type: 'boolean', default: false },
    },
  });
  const int = (name: Exclude<keyof typeof values, 'no-flag-variants'>, min: number, max: number): number => {
    const v = Number(values[name]);
    if (!Number.isInteger(v) || v < min || v > max) throw new Error(`--${name} must be an integer in [${min}, ${max}], got ${String(values[name])}`);
    return v;
  };
  const intervals = String(values['watch-intervals-ms']).split(',').map(Number);
  if (!intervals.length || intervals.some((x) => !Number.isInteger(x) || x < 100 || x > 10_000)) throw new Error('--watch-intervals-ms must be a list of integers in [100, 10000]');
  const contamination = Number(values['contamination-cores']);
  if (!(contamination > 0)) throw new Error('--contamination-cores must be > 0');
  return {
    leaseMs: 10_000,
    metricsIntervalMs: 2000,
    idleSettleMs: int('idle-settle-ms', 0, 600_000),
    idleWindowMs: int('idle-window-ms', 2000, 600_000),
    idleSampleMs: 2000,
    // Bounded: every caller and watcher is one in-process client of a daemon on this machine.
    callers: int('callers', 1, 1000),
    statusWarmupMs: 1000,
    statusWindowMs: int('status-ms', 1000, 120_000),
    watchers: int('watchers', 1, 1000),
    watchWindowMs: int('watch-ms', 2000, 120_000),
    watchIntervalsMs: intervals,
    idleNodeFlagVariants: values['no-flag-variants'] ? [] : [['--max-semi-space-size=2'], ['--max-semi-space-size=1', '--single-threaded-gc'], ['--jitless']],
    contaminationCores: contamination,
    maxAttempts: int('max-attempts', 1, 5),
  };
}
