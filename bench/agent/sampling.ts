import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import { cpuSeconds, sleep } from '@lama/testkit';
import { CpuWindow } from '../lib/proc.js';
import { progress } from '../lib/progress.js';
import { round } from '../lib/stats.js';

const load = (): number[] => loadavg().map((x) => round(x, 2));

/** CPU over one phase, in cores (1.0 = one core busy the whole phase). */
export interface PhaseCpu {
  seconds: number;
  /** The agent under test, all threads. */
  agent: number;
  /** Its main (event loop) thread. */
  agentMainThread: number;
  /** The other lama processes of this benchmark (lookup service, the other agent, adapter services). */
  ourOtherDaemons: number;
  /** This process: the callers and watchers. */
  benchClient: number;
  machine: number;
  steal: number;
  /** Machine CPU used by none of the above: other work on this shared machine skewing the phase. */
  otherProcesses: number;
  loadAvgStart: number[];
  loadAvgEnd: number[];
}

/** CPU of the agent, of our other daemons, of this process and of the whole machine over a window. */
export class PhaseCpuWindow {
  private readonly start = performance.now();
  private readonly window: CpuWindow;
  private readonly others: Map<number, number>;
  private readonly loadStart = load();

  constructor(private readonly agentPid: number, otherPids: number[]) {
    this.window = new CpuWindow(agentPid);
    this.others = new Map(otherPids.map((p) => [p, safeCpu(p)]));
  }

  finish(): PhaseCpu {
    const w = this.window.finish();
    const seconds = (performance.now() - this.start) / 1000;
    let others = 0;
    for (const [pid, before] of this.others) others += Math.max(0, safeCpu(pid) - before);
    const ourOtherDaemons = round(others / seconds, 3);
    return {
      seconds: round(seconds, 1),
      agent: w.server,
      agentMainThread: w.serverMainThread,
      ourOtherDaemons,
      benchClient: w.benchClient,
      machine: w.machine,
      steal: w.steal,
      otherProcesses: Math.max(0, round(w.otherProcesses - ourOtherDaemons, 3)),
      loadAvgStart: this.loadStart,
      loadAvgEnd: load(),
    };
  }
}

/** cpuSeconds that reads 0 for a process that has gone (an adapter service between two reads). */
function safeCpu(pid: number): number {
  try {
    return cpuSeconds(pid);
  } catch {
    return 0;
  }
}

/** One /proc/<pid>/status reading, MB. */
export interface MemSample {
  rssMb: number;
  peakRssMb: number;
  rssAnonMb: number;
  rssFileMb: number;
  threads: number;
}

export function memSample(pid: number): MemSample {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? NaN);
  const mb = (k: number): number => round(k / 1024, 1);
  return { rssMb: mb(kb('VmRSS')), peakRssMb: mb(kb('VmHWM')), rssAnonMb: mb(kb('RssAnon')), rssFileMb: mb(kb('RssFile')), threads: kb('Threads') };
}

/** Proportional and private memory from /proc/<pid>/smaps_rollup, MB: RSS counts pages shared with other processes (the node executable) in full, PSS divides them among their sharers. */
export interface SmapsRollup {
  pssMb: number;
  pssAnonMb: number;
  pssFileMb: number;
  /** Private_Clean + Private_Dirty: what this process alone holds (freed if it exited). */
  privateMb: number;
  /** Shared_Clean + Shared_Dirty: pages also mapped by other processes (mostly the node executable's text). */
  sharedMb: number;
}

export function smapsRollup(pid: number): SmapsRollup {
  const text = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  const mb = (k: number): number => round(k / 1024, 1);
  return {
    pssMb: mb(kb('Pss')),
    pssAnonMb: mb(kb('Pss_Anon')),
    pssFileMb: mb(kb('Pss_File')),
    privateMb: mb(kb('Private_Clean') + kb('Private_Dirty')),
    sharedMb: mb(kb('Shared_Clean') + kb('Shared_Dirty')),
  };
}

export interface RssSummary {
  samples: number;
  minMb: number;
  medianMb: number;
  maxMb: number;
  lastMb: number;
}

export function rssSummary(values: number[]): RssSummary {
  const s = [...values].sort((a, b) => a - b);
  const n = s.length;
  if (!n) return { samples: 0, minMb: NaN, medianMb: NaN, maxMb: NaN, lastMb: NaN };
  return { samples: n, minMb: s[0], medianMb: s[Math.floor((n - 1) / 2)], maxMb: s[n - 1], lastMb: values[n - 1] };
}

/** Samples a process's RSS every periodMs until stopped. */
export class RssSampler {
  readonly values: number[] = [];
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly pid: number, periodMs: number) {
    this.take();
    this.timer = setInterval(() => this.take(), periodMs);
  }

  private take(): void {
    try {
      this.values.push(memSample(this.pid).rssMb);
    } catch {
      // The process is gone; the phase reports it as a failure elsewhere.
    }
  }

  stop(): RssSummary {
    clearInterval(this.timer);
    this.take();
    return rssSummary(this.values);
  }
}

/** Established TCP connections whose local port is `port` (the server side of a daemon's clients), IPv4 and IPv6. */
export function establishedTo(port: number): number {
  const hex = port.toString(16).toUpperCase().padStart(4, '0');
  let n = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of text.split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 3 && f[1].endsWith(`:${hex}`) && f[3] === '01') n++;
    }
  }
  return n;
}

/** This process's event-loop delay over a phase: a busy client delays when answers are seen, which would show as server latency. */
export class LoopDelay {
  private readonly h: IntervalHistogram = monitorEventLoopDelay({ resolution: 10 });

  constructor() {
    this.h.enable();
  }

  finish(): { p50Ms: number; p99Ms: number; maxMs: number } {
    this.h.disable();
    const ms = (ns: number): number => round(ns / 1e6, 1);
    return { p50Ms: ms(this.h.percentile(50)), p99Ms: ms(this.h.percentile(99)), maxMs: ms(this.h.max) };
  }
}

/** What one measurement window reports about the CPU other processes took meanwhile. */
export interface ContaminableRun {
  cpuCores: { otherProcesses: number };
}

/**
 * Runs a measurement window up to cfg.maxAttempts times, until other processes stayed under
 * cfg.contaminationCores, and returns every run, the least contaminated one and whether even
 * that one was over the limit. `label` says what each attempt measures.
 */
export async function leastContaminated<R extends ContaminableRun>(
  what: string,
  label: string,
  cfg: { maxAttempts: number; contaminationCores: number },
  run: () => Promise<R>,
  describe: (r: R) => string,
  pauseMs = 0,
): Promise<{ runs: R[]; best: R; contaminated: boolean }> {
  const runs: R[] = [];
  for (let attempt = 1; attempt <= cfg.maxAttempts; attempt++) {
    progress(`${label}, attempt ${attempt}`);
    const r = await run();
    runs.push(r);
    progress(describe(r));
    if (r.cpuCores.otherProcesses <= cfg.contaminationCores) break;
    if (attempt < cfg.maxAttempts) progress(`${what}: other processes used ${r.cpuCores.otherProcesses} cores (> ${cfg.contaminationCores}): measuring again`);
    if (pauseMs > 0) await sleep(pauseMs);
  }
  const best = runs.reduce((a, b) => (b.cpuCores.otherProcesses < a.cpuCores.otherProcesses ? b : a));
  return { runs, best, contaminated: best.cpuCores.otherProcesses > cfg.contaminationCores };
}
