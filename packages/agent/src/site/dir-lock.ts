import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { StoreConflictError } from '../errors.js';

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Takes a lock file (created exclusively, holding our pid) so that two processes never change
 * one store or cache at once; a lock whose process is gone (kill -9) is taken over. Returns
 * the release function.
 */
export function takeLock(path: string, what: string): () => void {
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx', 0o644);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let held = true;
      return () => {
        if (held) rmSync(path, { force: true });
        held = false;
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(path, 'utf8').trim());
      if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new StoreConflictError(`${what} is in use by process ${pid} (lock ${path})`);
      }
      if (pid === process.pid) throw new StoreConflictError(`${what} is already open in this process (lock ${path})`);
      rmSync(path, { force: true });
    }
  }
  throw new StoreConflictError(`cannot take the lock ${path} of ${what}`);
}
