// File trees for the mapper's tests and benchmark: generated shared trees of a given shape,
// and snapshots of a local tree (paths, types, modes, link targets) to compare before and after.

import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, realpathSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** The shape of a generated tree. */
export interface TreeShape {
  /** Directories, the root included (Mayflower: 481). */
  dirs: number;
  /** Regular files (Mayflower: 5,421). */
  files: number;
  /** Children per directory (default 4: depth grows as log4 of dirs). */
  fanout?: number;
  /** Bytes per file (default 64). */
  bytes?: number;
}

/** Writes a deterministic tree under root: directory i's parent is (i-1)/fanout, files go round-robin. Returns the directories' relative paths. */
export function generateTree(root: string, shape: TreeShape): string[] {
  const fanout = shape.fanout ?? 4;
  const rel: string[] = [''];
  mkdirSync(root, { recursive: true });
  for (let i = 1; i < shape.dirs; i++) {
    const parent = rel[Math.floor((i - 1) / fanout)];
    rel.push(parent ? `${parent}/d${i}` : `d${i}`);
    mkdirSync(join(root, rel[i]));
  }
  const body = 'x'.repeat(shape.bytes ?? 64);
  for (let j = 0; j < shape.files; j++) writeFileSync(join(root, rel[j % shape.dirs], `f${j}.html`), body);
  return rel;
}

/** One path of a snapshot. */
export interface TreeEntry {
  type: 'dir' | 'file' | 'link' | 'other';
  mode: number;
  /** A link's target, as written. */
  target?: string;
}

/** Every path under root (relative, root itself as ''), without following links. */
export function treeSnapshot(root: string): Map<string, TreeEntry> {
  const out = new Map<string, TreeEntry>();
  const visit = (abs: string, rel: string): void => {
    const st = lstatSync(abs);
    const mode = st.mode & 0o7777;
    if (st.isSymbolicLink()) out.set(rel, { type: 'link', mode, target: readlinkSync(abs) });
    else if (st.isDirectory()) {
      out.set(rel, { type: 'dir', mode });
      for (const name of readdirSync(abs).sort()) visit(join(abs, name), rel ? `${rel}/${name}` : name);
    } else out.set(rel, { type: st.isFile() ? 'file' : 'other', mode });
  };
  visit(root, '');
  return out;
}

/** A checksum of a snapshot: equal when paths, types, modes and link targets are. */
export function treeDigest(root: string): string {
  const h = createHash('sha256');
  for (const [rel, e] of treeSnapshot(root)) h.update(`${JSON.stringify(rel)} ${e.type} ${e.mode.toString(8)} ${e.target ?? ''}\n`);
  return h.digest('hex');
}

/** Where every file under root resolves (relative path -> real path, or '(dangling)'): two mappings are the same when these are. */
export function resolvedFiles(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const visit = (abs: string, rel: string): void => {
    let real: string;
    try { real = realpathSync(abs); } catch { out.set(rel, '(dangling)'); return; }
    const st = lstatSync(real);
    if (st.isDirectory()) for (const name of readdirSync(real)) visit(join(abs, name), rel ? `${rel}/${name}` : name);
    else out.set(rel, real);
  };
  visit(root, '');
  return out;
}

/** path -> sha256 of each regular file under root (with its mode when asked): two copies are bit-identical when these are equal. */
export function contentDigest(root: string, options: { modes?: boolean } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [rel, e] of treeSnapshot(root)) {
    if (e.type !== 'file') continue;
    const sha = createHash('sha256').update(readFileSync(join(root, rel))).digest('hex');
    out[rel] = options.modes ? `${sha} ${e.mode.toString(8)}` : sha;
  }
  return out;
}
