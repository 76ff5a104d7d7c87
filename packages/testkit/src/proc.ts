import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

// Test and benchmark probes of other processes (Linux /proc). The agent's own metrics
// readers are product code and live in @lama/agent.

/** The fields after the command name of /proc/<pid>[/task/<tid>]/stat: [0] is field 3 (state). */
function statFields(pid: number, tid?: number): string[] {
  const stat = readFileSync(tid === undefined ? `/proc/${pid}/stat` : `/proc/${pid}/task/${tid}/stat`, 'utf8');
  // The command name (field 2) may contain spaces and parentheses: split after the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

// USER_HZ is fixed per kernel build; ask once rather than assume 100.
let clockTicks: number | undefined;
/** The kernel's clock ticks per second (USER_HZ), the unit of /proc/<pid>/stat times. */
export function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** utime + stime of a process (or of one of its threads), in seconds. */
export function cpuSeconds(pid: number, tid?: number): number {
  const fields = statFields(pid, tid);
  // utime and stime are fields 14 and 15.
  return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond();
}

/** Resident and peak resident memory of a process in MB (one decimal), from /proc/<pid>/status. */
export function memoryMb(pid: number): { rssMb: number; peakRssMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (key: string): number => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: Math.round(kb('VmRSS') / 102.4) / 10, peakRssMb: Math.round(kb('VmHWM') / 102.4) / 10 };
}

/** Resident set size of a process in whole MB, or undefined when it is gone (or there is no /proc). */
export function rssMb(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : undefined;
  } catch {
    return undefined;
  }
}

/** True while pid is a live (not zombie) process. */
export function isRunning(pid: number): boolean {
  try {
    return statFields(pid)[0] !== 'Z';
  } catch {
    return false;
  }
}

/** A process's start time in clock ticks since boot (field 22), or undefined once it is gone. */
export function startTimeOf(pid: number): string | undefined {
  try {
    return statFields(pid)[19];
  } catch {
    return undefined;
  }
}

/** Pids of the children of ppid whose command name is comm, by a scan of /proc. */
export function childPids(ppid: number | undefined, comm: string): number[] {
  if (ppid === undefined) return [];
  const out: number[] = [];
  for (const d of readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue;
    try {
      const stat = readFileSync(`/proc/${d}/stat`, 'utf8');
      const close = stat.lastIndexOf(')');
      // The name is in parentheses and may hold spaces; the parent pid is the second field after it.
      if (stat.slice(stat.indexOf('(') + 1, close) === comm && Number(stat.slice(close + 2).split(' ')[1]) === ppid) out.push(Number(d));
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/** Direct children of a process, from /proc/<pid>/task/<tid>/children. */
export function childrenOf(pid: number): number[] {
  const out: number[] = [];
  try {
    for (const tid of readdirSync(`/proc/${pid}/task`)) {
      try {
        out.push(...readFileSync(`/proc/${pid}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
      } catch {
        // The thread ended.
      }
    }
  } catch {
    // The process ended.
  }
  return out;
}
