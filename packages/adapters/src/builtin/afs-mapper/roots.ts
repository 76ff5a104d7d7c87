// Where the mapper may write and read: the operator's config lists the local roots it may
// write under and the shared roots it may map from. A path is checked as written (`..`
// resolved) and once every symlink on its existing part is resolved, so neither `..` nor a
// link inside a root leads out of it.

import { lstatSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';
import { MappingError, MappingOutsideRootsError } from '../../sdk/errors.js';
import type { MappingEntry, MappingPolicy } from './mapping.js';

/** A mapping entry with absolute, checked paths. */
export interface ResolvedEntry {
  index: number;
  policy: MappingPolicy;
  /** The shared directory as written, `..` resolved (links keep pointing through it). */
  shared: string;
  /** Its real path (symlinks resolved): a local path inside it is a mapping onto itself. */
  realShared: string;
  local: string;
  script?: string;
  exclude: string[];
}

/** The roots a mapping is checked against. */
export interface MappingRoots {
  /** Local roots the mapper may write under. */
  allowedRoots: readonly string[];
  /** Roots `shared` directories and scripts must lie in. */
  sharedRoots: readonly string[];
  /** What relative `shared` paths resolve against (a site's replica). */
  sharedRoot?: string;
}

/** True when path equals root or lies below it (both absolute and normalized). */
export function isWithin(path: string, root: string): boolean {
  if (root === sep) return true;
  return path === root || path.startsWith(root.endsWith(sep) ? root : root + sep);
}

/** The real path of path's deepest existing ancestor (path itself when it exists), with the rest appended. */
export function realOfExisting(path: string): string {
  let head = path;
  const tail: string[] = [];
  for (;;) {
    try {
      const real = realpathSync(head);
      return tail.length ? resolve(real, ...tail.reverse()) : real;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      // A dangling link or a missing part: look one level up.
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw err;
      const up = dirname(head);
      if (up === head) return path;
      tail.push(head.slice(up.length).replace(/^\//, ''));
      head = up;
    }
  }
}

/**
 * Refuses a path outside the roots, as written or through a symlink. With `parentOnly`, the
 * path itself is not followed: a local directory may be a link the mapper made (mklink), and
 * the planner judges it.
 */
export function confine(path: string, roots: readonly string[], what: string, parentOnly = false): void {
  const shown = roots.length ? roots.join(', ') : 'none configured';
  if (!roots.some((r) => isWithin(path, resolve(r)))) throw new MappingOutsideRootsError(`${what} ${JSON.stringify(path)} is outside the allowed roots (${shown})`);
  const real = parentOnly && dirname(path) !== path ? join(realOfExisting(dirname(path)), basename(path)) : realOfExisting(path);
  if (!roots.some((r) => isWithin(real, realOfExisting(resolve(r))))) {
    throw new MappingOutsideRootsError(`${what} ${JSON.stringify(path)} resolves through a symlink to ${JSON.stringify(real)}, outside the allowed roots (${shown})`);
  }
}

/** Resolves every entry's paths and checks them against the roots; the first problem throws, naming the entry. */
export function resolveEntries(entries: readonly MappingEntry[], roots: MappingRoots): ResolvedEntry[] {
  return entries.map((e, index) => {
    const at = `entry ${index + 1}`;
    if (!isAbsolute(e.shared) && roots.sharedRoot === undefined) throw new MappingError(`${at}: 'shared' ${JSON.stringify(e.shared)} is relative and no shared root is set`);
    const shared = resolve(roots.sharedRoot ?? '/', e.shared);
    const local = resolve(e.local);
    confine(shared, roots.sharedRoots, `${at}: 'shared'`);
    confine(local, roots.allowedRoots, `${at}: 'local'`, true);
    let isDir = false;
    try {
      isDir = statSync(shared).isDirectory();
    } catch {
      // reported below
    }
    if (!isDir) throw new MappingError(`${at}: 'shared' ${JSON.stringify(shared)} is not a directory`);
    let script: string | undefined;
    if (e.script !== undefined) {
      script = resolve(shared, e.script);
      confine(script, roots.sharedRoots, `${at}: 'script'`);
      let ok = false;
      try {
        ok = lstatSync(script).isFile() || statSync(script).isFile();
      } catch {
        // reported below
      }
      if (!ok) throw new MappingError(`${at}: 'script' ${JSON.stringify(script)} is not a file`);
    }
    return { index, policy: e.policy, shared, realShared: realpathSync(shared), local, ...(script ? { script } : {}), exclude: e.exclude ?? [] };
  });
}
