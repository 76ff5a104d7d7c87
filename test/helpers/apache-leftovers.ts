import { existsSync, readFileSync } from 'node:fs';
import { isRunning } from '@lama/testkit';

/**
 * Kills an httpd (and its workers: the adapter starts it as a process group leader) that a
 * pid file names, if it is still alive and really an apache2. Returns the pid it killed.
 */
export function killApacheByPidFile(pidFile: string): number | undefined {
  if (!existsSync(pidFile)) return undefined;
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  if (!Number.isSafeInteger(pid) || pid <= 1 || !isRunning(pid)) return undefined;
  if (!readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('apache2')) return undefined;
  for (const target of [-pid, pid]) {
    try {
      process.kill(target, 'SIGKILL');
    } catch {
      // Not a group leader, or gone already.
    }
  }
  return pid;
}
