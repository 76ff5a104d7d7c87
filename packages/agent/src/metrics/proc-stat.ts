import { ProcFormatError } from '../errors.js';
/** Cumulative CPU time from /proc/stat, in clock ticks (USER_HZ); only differences matter. */
export interface CpuTimes {
  total: number;
  idle: number;
  iowait: number;
  cpuCount: number;
}

/** Parses /proc/stat: the aggregate 'cpu' line and the number of per-CPU 'cpuN' lines. */
export function parseProcStat(text: string): CpuTimes {
  let fields: number[] | undefined;
  let cpuCount = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('cpu ')) {
      fields = line.trim().split(/\s+/).slice(1).map(Number);
    } else if (/^cpu\d+\s/.test(line)) {
      cpuCount++;
    }
  }
  if (!fields) throw new ProcFormatError('/proc/stat: no aggregate "cpu" line');
  if (fields.length < 4 || fields.some((n) => !Number.isFinite(n) || n < 0)) {
    throw new ProcFormatError(`/proc/stat: malformed "cpu" line (${fields.length} fields)`);
  }
  // Columns: user nice system idle iowait irq softirq steal guest guest_nice. Kernels before
  // 2.5.41 stop after idle and later ones add columns one by one, so absent ones count as 0.
  // guest and guest_nice are already included in user and nice, so the total stops at steal
  // (as sysstat and procps do); adding them would count guest time twice.
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  return { total: user + nice + system + idle + iowait + irq + softirq + steal, idle, iowait, cpuCount };
}

/** Share of the window the CPUs were busy: 1 - (idle+iowait)/total over the two readings' deltas. */
export function cpuUtilization(prev: CpuTimes, cur: CpuTimes): number {
  const total = cur.total - prev.total;
  // No tick elapsed (a window shorter than 1/USER_HZ per CPU): nothing to measure, report idle.
  if (total <= 0) return 0;
  // idle and iowait are summed before differencing: on NO_HZ kernels time can move between
  // them and iowait alone may go backwards, but their sum does not.
  const notBusy = cur.idle + cur.iowait - (prev.idle + prev.iowait);
  return Math.min(1, Math.max(0, 1 - notBusy / total));
}
