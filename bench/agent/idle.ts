import { cpuSeconds, sleep } from '@lama/testkit';
import { progress } from '../lib/progress.js';
import { round } from '../lib/stats.js';
import type { AgentBenchConfig } from './config.js';
import type { StartedAgent } from './daemons.js';
import { memSample, PhaseCpuWindow, rssSummary, smapsRollup, type MemSample, type PhaseCpu, type RssSummary, type SmapsRollup } from './sampling.js';

export interface IdleAttempt {
  otherProcessesCores: number;
  loadAvgStart: number[];
  agentCpuPercent: number;
}

export interface IdleResult {
  command: string;
  pid: number;
  startup: StartedAgent['startup'];
  rssAtRegisteredMb: number;
  /** RSS over the idle window (sampled every sampleEveryMs): the target is checked against the median. */
  rss: RssSummary;
  /** The last sample of the window: anonymous (heap, V8) vs file-backed (the node executable, libraries) resident memory. */
  lastSample: MemSample;
  /** At the end of the window: PSS (shared pages divided among the processes mapping them) and private memory. */
  smapsRollup: SmapsRollup;
  /** The agent's CPU over the window, utime+stime from /proc/<pid>/stat (10 ms ticks), as % of one core. */
  cpuPercentOfCore: number;
  cpuMainThreadPercentOfCore: number;
  cpuSecondsInWindow: number;
  cpuCores: PhaseCpu;
  /** RSS every sampleEveryMs from 'registered' to the end of the kept window (settle included), MB. */
  rssTimelineMb: number[];
  /** The same samples summarized: V8 shrinks the heap some 10-100 s after start, so the early samples run higher. */
  rssSinceRegisteredMb: RssSummary;
  /** Every window run; the one with the least CPU of other processes is kept. */
  attempts: IdleAttempt[];
  contaminated: boolean;
  adapterServices?: { pids: number[]; rssMb: number[] };
}

interface Tracked {
  agent: StartedAgent;
  timeline: number[];
  atRegistered: number;
}

/**
 * Idle: nothing calls the agents; only their own metrics sampling and lease renewals run.
 * The agents are measured side by side in the same windows (both are near-idle, so neither
 * disturbs the other; each one's CPU is its own /proc counters).
 */
export async function measureIdle(agents: StartedAgent[], lookupPid: number, cfg: AgentBenchConfig): Promise<IdleResult[]> {
  const tracked: Tracked[] = agents.map((agent) => ({ agent, timeline: [], atRegistered: memSample(agent.proc.pid).rssMb }));
  const sampleAll = (): void => {
    for (const t of tracked) t.timeline.push(memSample(t.agent.proc.pid).rssMb);
  };
  progress(`idle: settling ${cfg.idleSettleMs} ms after registration`);
  for (let waited = 0; waited < cfg.idleSettleMs; waited += cfg.idleSampleMs) {
    sampleAll();
    await sleep(Math.min(cfg.idleSampleMs, cfg.idleSettleMs - waited));
    for (const t of tracked) t.agent.proc.daemon.assertAlive();
  }

  type Window = { attempt: IdleAttempt[]; perAgent: { rss: number[]; last: MemSample; rollup: SmapsRollup; cpuS: number; mainS: number; cpu: PhaseCpu }[]; other: number };
  const windows: Window[] = [];
  for (let attempt = 1; attempt <= cfg.maxAttempts; attempt++) {
    progress(`idle: window ${attempt}, ${cfg.idleWindowMs} ms, sampling /proc every ${cfg.idleSampleMs} ms`);
    const allPids = [lookupPid, ...agents.flatMap((a) => [a.proc.pid, ...a.adapterPids])];
    const starts = tracked.map((t) => ({
      win: new PhaseCpuWindow(t.agent.proc.pid, allPids.filter((p) => p !== t.agent.proc.pid)),
      cpu: cpuSeconds(t.agent.proc.pid),
      main: cpuSeconds(t.agent.proc.pid, t.agent.proc.pid),
      rss: [] as number[],
    }));
    const t0 = performance.now();
    for (let i = 0; ; i++) {
      for (const [k, t] of tracked.entries()) {
        const m = memSample(t.agent.proc.pid);
        starts[k].rss.push(m.rssMb);
        t.timeline.push(m.rssMb);
      }
      const next = t0 + (i + 1) * cfg.idleSampleMs;
      if (next > t0 + cfg.idleWindowMs + 1) break;
      await sleep(next - performance.now());
      for (const t of tracked) t.agent.proc.daemon.assertAlive();
    }
    const perAgent = tracked.map((t, k) => {
      const s = starts[k];
      const cpu = s.win.finish();
      return { rss: s.rss, last: memSample(t.agent.proc.pid), rollup: smapsRollup(t.agent.proc.pid), cpuS: cpuSeconds(t.agent.proc.pid) - s.cpu, mainS: cpuSeconds(t.agent.proc.pid, t.agent.proc.pid) - s.main, cpu };
    });
    const other = Math.max(...perAgent.map((p) => p.cpu.otherProcesses));
    const attemptInfo = perAgent.map((p) => ({ otherProcessesCores: p.cpu.otherProcesses, loadAvgStart: p.cpu.loadAvgStart, agentCpuPercent: round((p.cpuS / p.cpu.seconds) * 100, 3) }));
    windows.push({ attempt: attemptInfo, perAgent, other });
    progress(`idle: window ${attempt}: ${perAgent.map((p, k) => `${tracked[k].agent.name} RSS median ${rssSummary(p.rss).medianMb} MB CPU ${attemptInfo[k].agentCpuPercent}%`).join('; ')}; other processes ${other} cores`);
    if (other <= cfg.contaminationCores) break;
    if (attempt < cfg.maxAttempts) progress(`idle: other processes used ${other} cores (> ${cfg.contaminationCores}): measuring again`);
  }
  const best = windows.reduce((a, b) => (b.other < a.other ? b : a));
  const bestIndex = windows.indexOf(best);
  return tracked.map((t, k) => {
    const p = best.perAgent[k];
    // The timeline up to the end of the kept window.
    const keptEnd = t.timeline.length - windows.slice(bestIndex + 1).reduce((n, w) => n + w.perAgent[k].rss.length, 0);
    const r: IdleResult = {
      command: t.agent.command,
      pid: t.agent.proc.pid,
      startup: t.agent.startup,
      rssAtRegisteredMb: t.atRegistered,
      rss: rssSummary(p.rss),
      lastSample: p.last,
      smapsRollup: p.rollup,
      cpuPercentOfCore: round((p.cpuS / p.cpu.seconds) * 100, 3),
      cpuMainThreadPercentOfCore: round((p.mainS / p.cpu.seconds) * 100, 3),
      cpuSecondsInWindow: round(p.cpuS, 2),
      cpuCores: p.cpu,
      rssTimelineMb: t.timeline.slice(0, keptEnd),
      rssSinceRegisteredMb: rssSummary(t.timeline.slice(0, keptEnd)),
      attempts: windows.map((w) => w.attempt[k]),
      contaminated: best.other > cfg.contaminationCores,
    };
    if (t.agent.adapterPids.length) {
      r.adapterServices = { pids: t.agent.adapterPids, rssMb: t.agent.adapterPids.map((pid) => { try { return memSample(pid).rssMb; } catch { return NaN; } }) };
    }
    return r;
  });
}
