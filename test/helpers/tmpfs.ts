import { execFileSync } from 'node:child_process';

/**
 * Mounts a size-limited tmpfs on dir (a full disk on demand). Only root may mount (the test
 * command runs as root): a scenario that cannot be set up fails, it does not skip.
 */
export function mountTmpfs(dir: string, size: string, label: string): void {
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, label, dir]);
  } catch (err) {
    throw new Error(`cannot mount a size-limited tmpfs on ${dir}: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** Unmounts it (lazily: a process still holding a file there does not keep the test from ending). */
export function unmountTmpfs(dir: string): void {
  execFileSync('umount', ['-l', dir]);
}
