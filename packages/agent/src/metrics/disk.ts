import { statfs } from 'node:fs/promises';
import type { DiskUsage } from './types.js';

/** Size, used and free bytes of the filesystem holding path, from statfs(2). */
export async function readDiskUsage(path: string): Promise<DiskUsage> {
  const s = await statfs(path);
  // Free is what an unprivileged process can still write (bavail), as df's "Avail"; used is
  // blocks minus bfree, so used + free < total by the root-reserved blocks. Node exposes only
  // f_bsize, not f_frsize; on Linux filesystems the two are the same.
  return {
    path,
    totalBytes: s.blocks * s.bsize,
    usedBytes: (s.blocks - s.bfree) * s.bsize,
    freeBytes: s.bavail * s.bsize,
  };
}
