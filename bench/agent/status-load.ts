import { cpus } from 'node:os';
import { ErrorLog } from '../lib/load.js';
import { Latencies, rate, round, type LatencySummary } from '../lib/stats.js';
import { withCallers, type Caller, type ConnectionMode } from './callers.js';
import type { AgentBenchConfig } from './config.js';
import type { BenchPool, StartedAgent } from './daemons.js';
import { establishedTo, leastContaminated, LoopDelay, PhaseCpuWindow, RssSampler, type PhaseCpu, type RssSummary } from './sampling.js';

export interface StatusRun {
  calls: number;
  failures: number;
  errors: string[];
  /** Answers that were not this agent's status (wrong node name). */
  wrongAnswers: number;
  elapsedMs: number;
  perSecond: number;
  latencyMs: LatencySummary;
  /** Calls each caller completed: a starved caller shows as a low min. */
  callsPerCaller: { min: number; max: number };
  cpuCores: PhaseCpu;
  /** Agent CPU per Status call, µs. */
  agentCpuUsPerCall: number;
  /** Set when this process used most of a core: the rate then says more about the callers than the agent. */
  limitedBy?: 'bench client';
  /** What bounded the rate, read from the CPU split (the agent's event loop, or the machine's cores shared with the callers and other work). */
  bound: string;
  agentRssMb: RssSummary;
  tcpConnectionsToAgent: number;
  /** This process's event-loop delay during the window (latency is timed here). */
  benchEventLoopDelay: { p50Ms: number; p99Ms: number; maxMs: number };
}

export interface StatusResult extends StatusRun {
  agent: string;
  connectionMode: ConnectionMode;
  callers: number;
  warmupMs: number;
  windowMs: number;
  attempts: { otherProcessesCores: number; perSecond: number; p99: number }[];
  contaminated: boolean;
}

/** One closed-loop run: every caller issues its next Status as soon as the previous one answers. */
async function runOnce(agent: StartedAgent, callers: Caller[], otherPids: number[], cfg: AgentBenchConfig): Promise<StatusRun> {
  const port = Number(agent.endpoint.slice(agent.endpoint.lastIndexOf(':') + 1));
  const errors = new ErrorLog();
  const loop = async (until: number, onCall: (i: number, ms: number, outcome: 'ok' | 'wrong' | 'failed') => void): Promise<void> => {
    await Promise.all(callers.map(async (c, i) => {
      while (performance.now() < until) {
        const t = performance.now();
        try {
          const s = await c.status();
          onCall(i, performance.now() - t, s.node === agent.name ? 'ok' : 'wrong');
        } catch (err) {
          errors.note(err);
          onCall(i, performance.now() - t, 'failed');
        }
      }
    }));
  };
  // Warm-up: connections, HTTP/2 settings, JIT on both sides; not measured.
  await loop(performance.now() + cfg.statusWarmupMs, () => undefined);
  errors.count = 0;
  errors.messages.length = 0;
  const connections = establishedTo(port);
  const lat = new Latencies();
  const perCaller = new Array<number>(callers.length).fill(0);
  let wrong = 0;
  const rss = new RssSampler(agent.proc.pid, 1000);
  const cpu = new PhaseCpuWindow(agent.proc.pid, otherPids);
  const loopDelay = new LoopDelay();
  const start = performance.now();
  await loop(start + cfg.statusWindowMs, (i, ms, outcome) => {
    lat.add(ms);
    perCaller[i]++;
    if (outcome === 'wrong') wrong++;
  });
  const elapsedMs = performance.now() - start;
  const cores = cpu.finish();
  const benchEventLoopDelay = loopDelay.finish();
  agent.proc.daemon.assertAlive();
  const calls = lat.count;
  const run: StatusRun = {
    calls,
    failures: errors.count,
    errors: errors.messages,
    wrongAnswers: wrong,
    elapsedMs: Math.round(elapsedMs),
    perSecond: rate(calls - errors.count, elapsedMs),
    latencyMs: lat.summary(),
    callsPerCaller: { min: Math.min(...perCaller), max: Math.max(...perCaller) },
    cpuCores: cores,
    agentCpuUsPerCall: calls ? Math.round((cores.agent * cores.seconds * 1e6) / calls) : NaN,
    agentRssMb: rss.stop(),
    tcpConnectionsToAgent: connections,
    benchEventLoopDelay,
    bound: boundOf(cores, cpus().length),
  };
  if (cores.benchClient >= 0.9) run.limitedBy = 'bench client';
  return run;
}

function boundOf(c: PhaseCpu, machineCores: number): string {
  if (c.agentMainThread >= 0.85) return `the agent's event loop (main thread ${c.agentMainThread} cores)`;
  if (c.machine >= 0.85 * machineCores) {
    return `the machine: ${c.machine} of ${machineCores} cores busy (agent ${c.agent}, bench callers ${c.benchClient}, other processes ${c.otherProcesses}); the agent's main thread was not saturated (${c.agentMainThread} cores), so latency includes waiting for a core`;
  }
  if (c.benchClient >= 0.85) return `the bench callers (${c.benchClient} cores)`;
  return `neither saturated (agent main thread ${c.agentMainThread}, bench ${c.benchClient}, machine ${c.machine} of ${machineCores} cores): round trips`;
}

/** Status with cfg.callers concurrent callers looping for cfg.statusWindowMs, rerun when the machine was busy. */
export async function statusLoad(agent: StartedAgent, pool: BenchPool, mode: ConnectionMode, otherPids: number[], cfg: AgentBenchConfig, n = cfg.callers): Promise<StatusResult> {
  const { runs, best, contaminated } = await withCallers(mode, n, agent, pool.controller, (callers) => leastContaminated(
    'status',
    `status (${agent.name}, ${mode}): ${n} callers, ${cfg.statusWarmupMs} ms warm-up + ${cfg.statusWindowMs} ms`,
    cfg,
    () => runOnce(agent, callers, otherPids, cfg),
    (r) => `status (${agent.name}, ${mode}): ${r.perSecond}/s p50 ${r.latencyMs.p50} ms p99 ${r.latencyMs.p99} ms max ${r.latencyMs.max} ms, failures ${r.failures}, agent ${r.cpuCores.agent} cores (main ${r.cpuCores.agentMainThread}), bench ${r.cpuCores.benchClient}, other processes ${r.cpuCores.otherProcesses}, ${r.tcpConnectionsToAgent} connections`,
  ));
  return {
    agent: agent.name,
    connectionMode: mode,
    callers: n,
    warmupMs: cfg.statusWarmupMs,
    windowMs: cfg.statusWindowMs,
    ...best,
    attempts: runs.map((r) => ({ otherProcessesCores: r.cpuCores.otherProcesses, perSecond: r.perSecond, p99: round(r.latencyMs.p99, 1) })),
    contaminated,
  };
}
