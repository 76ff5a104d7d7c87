import { ErrorLog } from '../lib/load.js';
import { Latencies, round, type LatencySummary } from '../lib/stats.js';
import { withCallers, type Caller, type ConnectionMode } from './callers.js';
import type { AgentBenchConfig } from './config.js';
import type { BenchPool, StartedAgent } from './daemons.js';
import { sleep } from '@lama/testkit';
import { establishedTo, leastContaminated, LoopDelay, PhaseCpuWindow, RssSampler, type PhaseCpu, type RssSummary } from './sampling.js';

export interface WatchRun {
  /** Messages each watcher received during the window. */
  messagesPerWatcher: { min: number; p50: number; max: number; total: number };
  /** What a watcher gets at an exact cadence: the first message (at firstMessageMs p50) plus one per whole interval left in the window. */
  expectedPerWatcherAtExactCadence: number;
  /** Subscription to first message. */
  firstMessageMs: LatencySummary;
  /** Time between consecutive messages of one watcher, over all watchers, the first gap of each stream left out (see firstGapMs). */
  gapMs: LatencySummary;
  /** |gap - interval| over those gaps: the steady-state inter-arrival jitter. */
  jitterMs: LatencySummary;
  /** The gap between each stream's first and second message, apart: it also holds how long the first message took to be sent and seen while 100 streams were being opened at once. */
  firstGapMs: LatencySummary;
  /** |gap - interval| over every gap, the first ones included. */
  jitterAllGapsMs: LatencySummary;
  /** Mean gap minus the interval: how much later each tick comes than asked (the server re-arms after each write). */
  driftPerTickMs: number;
  /** Intervals with no message: round(gap / interval) - 1 summed over gaps of >= 1.5 intervals. */
  missedIntervals: number;
  /** Watchers whose stream failed. */
  streamErrors: number;
  errors: string[];
  /** Messages that were not this agent's status. */
  wrongAnswers: number;
  /** Distinct Status computations (distinct uptimeMs) that served every message: the agent's per-interval cache at work. */
  statusComputations: number;
  messagesPerComputation: number;
  /** Arrival minus when the agent computed the status it carries (from uptimeMs): the shared cache's staleness (by design up to interval / 2) plus delivery. */
  statusAgeMs: LatencySummary;
  cpuCores: PhaseCpu;
  agentRssMb: RssSummary;
  tcpConnectionsToAgent: number;
  /** This process's event-loop delay during the window: arrivals are timed here, so a stalled loop would look like jitter. */
  benchEventLoopDelay: { p50Ms: number; p99Ms: number; maxMs: number };
}

export interface WatchResult extends WatchRun {
  agent: string;
  connectionMode: ConnectionMode;
  watchers: number;
  intervalMs: number;
  windowMs: number;
  attempts: { otherProcessesCores: number; jitterP99: number; missedIntervals: number }[];
  contaminated: boolean;
}

/** When the agent started, on this machine's wall clock (Date.now() - uptimeMs, the least of a few Status calls). */
async function agentEpoch(c: Caller): Promise<number> {
  let best = Infinity;
  for (let i = 0; i < 10; i++) {
    const s = await c.status();
    best = Math.min(best, Date.now() - Number(s.uptimeMs));
  }
  return best;
}

async function runOnce(agent: StartedAgent, callers: Caller[], intervalMs: number, otherPids: number[], cfg: AgentBenchConfig): Promise<WatchRun> {
  const port = Number(agent.endpoint.slice(agent.endpoint.lastIndexOf(':') + 1));
  // Every caller has connected and called once, as a monitor that watches an agent it already talks to.
  await Promise.all(callers.map((c) => c.status()));
  const epoch = await agentEpoch(callers[0]);
  const errors = new ErrorLog();
  const arrivals: number[][] = callers.map(() => []);
  const firstMessage = new Latencies();
  const statusAge = new Latencies();
  const computations = new Set<number>();
  let wrong = 0;
  const failed = new Set<number>();
  const rss = new RssSampler(agent.proc.pid, 1000);
  const cpu = new PhaseCpuWindow(agent.proc.pid, otherPids);
  const loopDelay = new LoopDelay();
  const start = performance.now();
  const cancels = callers.map((c, i) => {
    const subscribed = performance.now();
    return c.watch(intervalMs, (s) => {
      const now = performance.now();
      if (arrivals[i].length === 0) firstMessage.add(now - subscribed);
      arrivals[i].push(now);
      const uptime = Number(s.uptimeMs);
      computations.add(uptime);
      statusAge.add(Date.now() - (epoch + uptime));
      if (s.node !== agent.name) wrong++;
    }, (err) => {
      failed.add(i);
      errors.note(err);
    });
  });
  let connections = 0;
  try {
    // Count connections once the streams are up, then wait out the window.
    await sleep(Math.min(500, cfg.watchWindowMs / 2));
    connections = establishedTo(port);
    await sleep(start + cfg.watchWindowMs - performance.now());
  } finally {
    for (const cancel of cancels) cancel();
  }
  const cores = cpu.finish();
  const benchEventLoopDelay = loopDelay.finish();
  const rssSummary = rss.stop();
  agent.proc.daemon.assertAlive();

  const gaps = new Latencies();
  const jitter = new Latencies();
  const firstGaps = new Latencies();
  const jitterAll = new Latencies();
  let missed = 0;
  let gapSum = 0;
  let gapCount = 0;
  for (const a of arrivals) {
    for (let k = 1; k < a.length; k++) {
      const g = a[k] - a[k - 1];
      jitterAll.add(Math.abs(g - intervalMs));
      if (g >= 1.5 * intervalMs) missed += Math.round(g / intervalMs) - 1;
      if (k === 1) {
        firstGaps.add(g);
        continue;
      }
      gaps.add(g);
      jitter.add(Math.abs(g - intervalMs));
      gapSum += g;
      gapCount++;
    }
  }
  const counts = arrivals.map((a) => a.length).sort((x, y) => x - y);
  const firstMessageSummary = firstMessage.summary();
  const total = counts.reduce((x, y) => x + y, 0);
  return {
    messagesPerWatcher: { min: counts[0], p50: counts[Math.floor((counts.length - 1) / 2)], max: counts[counts.length - 1], total },
    expectedPerWatcherAtExactCadence: 1 + Math.floor((cfg.watchWindowMs - firstMessageSummary.p50) / intervalMs),
    firstMessageMs: firstMessageSummary,
    gapMs: gaps.summary(),
    jitterMs: jitter.summary(),
    firstGapMs: firstGaps.summary(),
    jitterAllGapsMs: jitterAll.summary(),
    driftPerTickMs: gapCount ? round(gapSum / gapCount - intervalMs, 2) : NaN,
    missedIntervals: missed,
    streamErrors: failed.size,
    errors: errors.messages,
    wrongAnswers: wrong,
    statusComputations: computations.size,
    messagesPerComputation: computations.size ? round(total / computations.size, 1) : NaN,
    statusAgeMs: statusAge.summary(),
    cpuCores: cores,
    agentRssMb: rssSummary,
    tcpConnectionsToAgent: connections,
    benchEventLoopDelay,
  };
}

/** cfg.watchers WatchStatus streams on one agent at intervalMs for cfg.watchWindowMs, rerun when the machine was busy. */
export async function watchFanout(agent: StartedAgent, pool: BenchPool, mode: ConnectionMode, intervalMs: number, otherPids: number[], cfg: AgentBenchConfig): Promise<WatchResult> {
  const { runs, best, contaminated } = await withCallers(mode, cfg.watchers, agent, pool.controller, (callers) => leastContaminated(
    'watch',
    `watch (${agent.name}, ${mode}): ${cfg.watchers} watchers every ${intervalMs} ms for ${cfg.watchWindowMs} ms`,
    cfg,
    () => runOnce(agent, callers, intervalMs, otherPids, cfg),
    (r) => `watch (${agent.name}, ${mode}, ${intervalMs} ms): messages/watcher ${r.messagesPerWatcher.min}-${r.messagesPerWatcher.max} (exact cadence ${r.expectedPerWatcherAtExactCadence}), jitter p50 ${r.jitterMs.p50} p99 ${r.jitterMs.p99} ms, first gap p50 ${r.firstGapMs.p50} ms, drift ${r.driftPerTickMs} ms/tick, missed ${r.missedIntervals}, errors ${r.streamErrors}, ${r.statusComputations} computations, agent ${r.cpuCores.agent} cores, RSS max ${r.agentRssMb.maxMb} MB, other processes ${r.cpuCores.otherProcesses}, bench loop delay max ${r.benchEventLoopDelay.maxMs} ms`,
    500,
  ));
  return {
    agent: agent.name,
    connectionMode: mode,
    watchers: cfg.watchers,
    intervalMs,
    windowMs: cfg.watchWindowMs,
    ...best,
    attempts: runs.map((r) => ({ otherProcessesCores: r.cpuCores.otherProcesses, jitterP99: r.jitterMs.p99, missedIntervals: r.missedIntervals })),
    contaminated,
  };
}
