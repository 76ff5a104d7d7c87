import { readdir, readFile } from 'node:fs/promises';
import { delay, type Clock } from '@lama/lookup';

/** True while pid is a live process (a zombie nobody reaped counts as gone). */
export async function isAlive(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

/** The arguments pid was started with ([] when it is gone). */
export async function commandLine(pid: number): Promise<string[]> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** Direct children of pid (httpd's worker processes). */
export async function childPids(pid: number): Promise<number[]> {
  const out: number[] = [];
  for (const entry of await readdir('/proc').catch(() => [] as string[])) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) out.push(Number(entry));
    } catch {
      // Gone between readdir and read.
    }
  }
  return out;
}

/** Sends a signal, ignoring a process that is already gone. */
export function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch {
    // Already gone.
  }
}

/** Waits until pid is gone or ms pass; true when it is gone. */
export async function waitGone(clock: Clock, pid: number, ms: number): Promise<boolean> {
  const deadline = clock.now() + ms;
  while (await isAlive(pid)) {
    if (clock.now() > deadline) return false;
    await delay(clock, 50);
  }
  return true;
}

/**
 * SIGKILLs a parent and its children. Workers outlive a killed parent and keep its
 * listening socket open, so they are killed too; the parent is frozen first so that it
 * cannot fork replacements meanwhile.
 */
export async function killTree(pid: number): Promise<void> {
  const children = await childPids(pid);
  signal(pid, 'SIGSTOP');
  for (const c of await childPids(pid).then((more) => [...new Set([...children, ...more])])) signal(c, 'SIGKILL');
  signal(pid, 'SIGKILL');
}
