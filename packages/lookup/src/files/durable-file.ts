import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * Replaces the file at path with text so that a crash (kill -9, power cut) leaves either the
 * old file or the new one, never half of either: a temporary file, fsynced, renamed over, the
 * directory fsynced (a rename is durable only then). A write that fails (a full disk) leaves
 * no temporary file behind and the old file as it was, and throws.
 */
export function writeFileDurably(path: string, text: string): void {
  const tmp = `${path}.tmp`;
  try {
    writeFileSync(tmp, text);
    const fd = openSync(tmp, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
  const dir = openSync(dirname(path), 'r');
  try {
    fsyncSync(dir);
  } finally {
    closeSync(dir);
  }
}
