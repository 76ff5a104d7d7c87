import { readdirSync, readFileSync } from 'node:fs';

/** Pids of the children of ppid whose command name is comm, from /proc. */
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

/** True while pid is a live (not zombie) process. */
export function isRunning(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}
