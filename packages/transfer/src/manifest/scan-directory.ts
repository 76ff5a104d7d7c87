import { lstatSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SnapshotEntry } from './manifest.js';

/**
 * Lists the regular files under dir as snapshot entries (paths relative, with '/'). Symlinks
 * and special files are not followed or sent: a snapshot is files only.
 */
export function scanDirectory(dir: string): SnapshotEntry[] {
  const out: SnapshotEntry[] = [];
  const walk = (abs: string, rel: string) => {
    for (const d of readdirSync(abs, { withFileTypes: true })) {
      const a = join(abs, d.name);
      const r = rel ? `${rel}/${d.name}` : d.name;
      if (d.isDirectory()) walk(a, r);
      else if (d.isFile()) {
        const st = lstatSync(a);
        out.push({ path: r, size: st.size, mode: st.mode & 0o777, source: a });
      }
    }
  };
  walk(dir, '');
  return out;
}
