import { posix } from 'node:path';
import { UnsafePathError } from '../errors.js';

/** Longest tree path accepted, and longest name in it (Linux's limits). */
const MAX_PATH = 4096;
const MAX_NAME = 255;

/**
 * Checks a path of a site tree taken from untrusted input: relative, '/'-separated, no empty,
 * '.' or '..' part, no NUL. Such a path names a place inside the replica and nothing else.
 */
export function checkTreePath(path: unknown, what = 'path'): string {
  if (typeof path !== 'string' || path === '') throw new UnsafePathError(`${what} is empty or not a string`);
  const shown = JSON.stringify(path.slice(0, 200));
  if (path.length > MAX_PATH) throw new UnsafePathError(`${what} ${shown}... is over ${MAX_PATH} characters`);
  if (path.includes('\0')) throw new UnsafePathError(`${what} ${shown} holds a NUL character`);
  if (path.startsWith('/')) throw new UnsafePathError(`${what} ${shown} is absolute`);
  for (const part of path.split('/')) {
    if (part === '..') throw new UnsafePathError(`${what} ${shown} has '..'`);
    if (part === '' || part === '.') throw new UnsafePathError(`${what} ${shown} has an empty or '.' part`);
    if (part.length > MAX_NAME) throw new UnsafePathError(`${what} ${shown} has a name over ${MAX_NAME} characters`);
  }
  return path;
}

/** Checks a symlink's target: relative, and pointing inside the tree from where the link is. */
export function checkLinkTarget(linkPath: string, target: unknown): string {
  if (typeof target !== 'string' || target === '') throw new UnsafePathError(`symlink '${linkPath}' has an empty target`);
  if (target.includes('\0') || target.length > MAX_PATH) throw new UnsafePathError(`symlink '${linkPath}' has a malformed target`);
  if (target.startsWith('/')) throw new UnsafePathError(`symlink '${linkPath}' points to the absolute path ${JSON.stringify(target)}, outside the replica`);
  const resolved = posix.normalize(posix.join(posix.dirname(linkPath), target));
  if (resolved === '..' || resolved.startsWith('../')) throw new UnsafePathError(`symlink '${linkPath}' -> ${JSON.stringify(target)} escapes the replica`);
  return target;
}

/** The parent of a tree path ('' for the root's children). */
export function parentOf(path: string): string {
  const i = path.lastIndexOf('/');
  return i < 0 ? '' : path.slice(0, i);
}
