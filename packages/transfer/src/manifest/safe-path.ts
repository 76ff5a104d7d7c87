import { lstatSync } from 'node:fs';
import { join } from 'node:path';
import { UnsafePathError } from '../errors.js';

const MAX_PATH_BYTES = 4096;
const MAX_SEGMENT_BYTES = 255;

/** Checks one manifest path: relative, POSIX, no empty, `.` or `..` segment, no NUL or backslash. */
export function checkRelativePath(path: string): void {
  if (typeof path !== 'string' || path.length === 0) throw new UnsafePathError(String(path), 'empty');
  if (Buffer.byteLength(path) > MAX_PATH_BYTES) throw new UnsafePathError(path.slice(0, 64) + '…', `longer than ${MAX_PATH_BYTES} bytes`);
  if (path.startsWith('/')) throw new UnsafePathError(path, 'absolute');
  if (path.includes('\0') || path.includes('\\')) throw new UnsafePathError(path, 'contains NUL or a backslash');
  for (const segment of path.split('/')) {
    if (segment === '..') throw new UnsafePathError(path, "contains '..'");
    if (segment === '' || segment === '.') throw new UnsafePathError(path, "has an empty or '.' segment");
    if (Buffer.byteLength(segment) > MAX_SEGMENT_BYTES) throw new UnsafePathError(path, `a segment is longer than ${MAX_SEGMENT_BYTES} bytes`);
  }
}

/**
 * The planning pass before anything is written: every directory a file would pass through
 * under target must be a real directory or not exist yet (a symlink could lead out of the
 * target), and the file itself must not be a directory. Throws UnsafePathError for the first
 * path that fails.
 */
export function checkLandingPaths(target: string, paths: readonly string[]): void {
  // Each directory is looked at once; under a missing one nothing exists, so no lstat is needed.
  const seen = new Map<string, 'missing' | 'dir'>();
  // No exception for a missing path: thousands of thrown ENOENTs cost more than the lstats.
  const kind = (rel: string): 'missing' | 'dir' | 'other' => {
    const st = lstatSync(join(target, rel), { throwIfNoEntry: false });
    if (!st) return 'missing';
    return st.isDirectory() ? 'dir' : 'other';
  };
  for (const path of paths) {
    const segments = path.split('/');
    let missing = false;
    for (let i = 1; i < segments.length && !missing; i++) {
      const dir = segments.slice(0, i).join('/');
      let k = seen.get(dir) ?? kind(dir);
      if (k === 'other') throw new UnsafePathError(path, `'${dir}' under the target is a symlink or a file, not a directory`);
      seen.set(dir, k);
      missing = k === 'missing';
    }
    if (!missing && kind(path) === 'dir') throw new UnsafePathError(path, 'a directory of that name exists under the target');
  }
}
