import { lstat, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { SiteManifestError } from '../errors.js';

/** What a scan found: directories and symlinks as entries, files with their local path to hash. */
export type ScannedEntry =
  | { path: string; type: 'dir'; mode: number }
  | { path: string; type: 'file'; mode: number; size: number; source: string }
  | { path: string; type: 'symlink'; target: string };

/**
 * Lists a directory tree depth-first in name order, parents before children, without following
 * symlinks. Anything but directories, regular files and symlinks is refused by name.
 */
export async function scanTree(root: string): Promise<ScannedEntry[]> {
  const top = await lstat(root).catch((err: NodeJS.ErrnoException) => {
    throw new SiteManifestError(`cannot read the tree ${root}: ${err.code ?? err.message}`);
  });
  if (!top.isDirectory()) throw new SiteManifestError(`${root} is not a directory`);
  const out: ScannedEntry[] = [];
  const walk = async (dir: string, prefix: string): Promise<void> => {
    const names = (await readdir(dir)).sort();
    for (const name of names) {
      const source = join(dir, name);
      const path = prefix ? `${prefix}/${name}` : name;
      const st = await lstat(source);
      if (st.isDirectory()) {
        out.push({ path, type: 'dir', mode: st.mode & 0o7777 });
        await walk(source, path);
      } else if (st.isFile()) {
        out.push({ path, type: 'file', mode: st.mode & 0o7777, size: st.size, source });
      } else if (st.isSymbolicLink()) {
        out.push({ path, type: 'symlink', target: await readlink(source) });
      } else {
        throw new SiteManifestError(`'${path}' in ${root} is neither a directory, a file nor a symlink; a site tree holds only those`);
      }
    }
  };
  await walk(root, '');
  return out;
}
