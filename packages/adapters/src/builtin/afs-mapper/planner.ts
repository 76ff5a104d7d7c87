// The planning pass (GNU Stow's bar): walk every entry's shared tree against the local disk,
// decide every directory and link to make, and find every conflict before anything changes.
// A path is the mapper's only when its journal says so; anything else that exists is left alone.

import { lstatSync, readdirSync, readlinkSync, type Dirent } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { MappingConflict } from '../../sdk/errors.js';
import { excluder } from './exclude.js';
import type { MadePath } from './journal.js';
import { isWithin, realOfExisting, type ResolvedEntry } from './roots.js';

/** One change the mapper will make. */
export interface PlannedOp {
  kind: 'dir' | 'link';
  path: string;
  /** For a link: the shared path it points to (absolute). */
  target?: string;
  entry: number;
  /** A mktree directory. */
  tree: boolean;
  /** A mktree directory's mode: that of its shared directory (a spool may be 1777). */
  mode?: number;
}

/** What mapping would do: the changes, the conflicts, and how much is already in place. */
export interface Plan {
  ops: PlannedOp[];
  conflicts: MappingConflict[];
  /** Paths already made by this mapping (an interrupted or repeated Start). */
  inPlace: number;
}

// path.join normalizes every time; these paths are absolute and normalized already, and a
// walk of thousands of entries feels the difference.
const sub = (dir: string, name: string): string => (dir === '/' ? `/${name}` : `${dir}/${name}`);

type LocalState =
  | { kind: 'absent' }
  | { kind: 'dir'; real: string; planned: boolean }
  | { kind: 'link'; target: string; ours: boolean; planned: boolean; entry?: number }
  | { kind: 'file' };

/**
 * Plans the mapping of entries. `owned` holds the paths this same mapping already made (from
 * its journal); `sharedRoots` bound where links found inside shared may point.
 */
export function planMapping(entries: readonly ResolvedEntry[], owned: ReadonlyMap<string, MadePath>, sharedRoots: readonly string[]): Plan {
  const plan: Plan = { ops: [], conflicts: [], inPlace: 0 };
  const planned = new Map<string, PlannedOp>();
  const roots = sharedRoots.map((r) => resolve(r));

  const add = (op: PlannedOp): void => {
    plan.ops.push(op);
    planned.set(op.path, op);
  };

  // `fresh`: the parent is a directory this plan makes, so nothing exists under it on disk.
  const probe = (path: string, fresh: boolean, parentReal?: string): LocalState => {
    const p = planned.get(path);
    if (p) return p.kind === 'dir' ? { kind: 'dir', real: path, planned: true } : { kind: 'link', target: p.target ?? '', ours: true, planned: true, entry: p.entry };
    if (fresh) return { kind: 'absent' };
    const st = lstatSync(path, { throwIfNoEntry: false });
    if (!st) return { kind: 'absent' };
    if (st.isSymbolicLink()) {
      const target = readlinkSync(path);
      const mine = owned.get(path);
      return { kind: 'link', target, ours: mine?.kind === 'link' && mine.target === target, planned: false };
    }
    if (st.isDirectory()) return { kind: 'dir', real: parentReal !== undefined ? sub(parentReal, path.slice(path.lastIndexOf('/') + 1)) : realOfExisting(path), planned: false };
    return { kind: 'file' };
  };

  for (const e of entries) {
    const conflict = (path: string, reason: string): void => {
      plan.conflicts.push({ path, reason, entry: e.index });
    };
    const excluded = excluder(e.exclude);

    const listShared = (dir: string): Dirent[] => {
      try {
        return readdirSync(dir, { withFileTypes: true });
      } catch (err) {
        conflict(dir, `cannot read the shared directory: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
        return [];
      }
    };

    /** True when nothing below the shared directory is excluded, so one link can stand for it. */
    const foldable = (s: string, rel: string): boolean => {
      if (!excluded) return true;
      for (const d of listShared(s)) {
        const r = rel ? `${rel}/${d.name}` : d.name;
        if (excluded(r)) return false;
        if (d.isDirectory() && !foldable(sub(s, d.name), r)) return false;
      }
      return true;
    };

    /** A link inside shared that leads out of the shared roots would expose what lies outside them. */
    const escapes = (s: string): string | undefined => {
      const target = readlinkSync(s);
      const to = resolve(dirname(s), target);
      return roots.some((r) => isWithin(to, r)) ? undefined : target;
    };

    /** Descends into a directory that is (or will be) at l, mapping the shared directory s into it. */
    const children = (s: string, l: string, rel: string, fresh: boolean, real: string | undefined): void => {
      if (real !== undefined && isWithin(real, e.realShared)) {
        conflict(l, `the local directory lies inside the shared directory ${JSON.stringify(e.shared)} (mapping a tree onto itself)`);
        return;
      }
      for (const d of listShared(s)) {
        // Relative paths serve only the excludes.
        const r = excluded ? (rel ? `${rel}/${d.name}` : d.name) : '';
        if (excluded?.(r)) continue;
        const cs = sub(s, d.name);
        const cl = sub(l, d.name);
        if (d.isDirectory()) dirNode(cs, cl, r, fresh, real);
        else fileNode(cs, cl, d.isSymbolicLink(), fresh, real);
      }
    };

    /** A directory must be at l (mktree, mkdir, or mklink where it cannot fold). */
    const needDir = (s: string, l: string, rel: string, st: LocalState): void => {
      switch (st.kind) {
        case 'absent':
          add({ kind: 'dir', path: l, entry: e.index, tree: e.policy === 'mktree', ...(e.policy === 'mktree' ? { mode: lstatSync(s).mode & 0o7777 } : {}) });
          children(s, l, rel, true, undefined);
          return;
        case 'dir':
          if (!st.planned && owned.get(l)?.kind === 'dir') plan.inPlace++;
          children(s, l, rel, st.planned, st.planned ? undefined : st.real);
          return;
        case 'link':
          conflict(l, st.planned ? `entry ${(st.entry ?? 0) + 1} maps a link here where a directory must go` : `a link (-> ${st.target}) where a directory must go`);
          return;
        case 'file':
          conflict(l, 'a file where a directory must go');
      }
    };

    const dirNode = (s: string, l: string, rel: string, fresh: boolean, parentReal: string | undefined): void => {
      const st = probe(l, fresh, parentReal);
      if (e.policy !== 'mklink') return needDir(s, l, rel, st);
      if (st.kind === 'absent' && foldable(s, rel)) return add({ kind: 'link', path: l, target: s, entry: e.index, tree: false });
      if (st.kind === 'link' && st.target === s && (st.ours || st.planned)) {
        if (st.ours && !st.planned) plan.inPlace++;
        return;
      }
      if (st.kind === 'link' && !st.planned) return conflict(l, st.ours ? `a link of this mapping (-> ${st.target}) where a directory must go` : `a link the mapper did not make (-> ${st.target})`);
      needDir(s, l, rel, st);
    };

    const fileNode = (s: string, l: string, isLink: boolean, fresh: boolean, parentReal: string | undefined): void => {
      if (e.policy === 'mktree') return;
      if (isLink) {
        const out = escapes(s);
        if (out !== undefined) return conflict(s, `a link inside shared leads out of the shared roots (-> ${out})`);
      }
      const st = probe(l, fresh, parentReal);
      switch (st.kind) {
        case 'absent':
          return add({ kind: 'link', path: l, target: s, entry: e.index, tree: false });
        case 'link':
          if (st.target === s && (st.ours || st.planned)) {
            if (!st.planned) plan.inPlace++;
            return;
          }
          return conflict(l, st.planned ? `entry ${(st.entry ?? 0) + 1} maps a link here (-> ${st.target})` : `a link the mapper did not make (-> ${st.target})`);
        case 'dir':
          return conflict(l, 'a directory where a link must go');
        case 'file':
          return conflict(l, 'an existing file');
      }
    };

    // The entry's own local directory, and any missing directories above it.
    const missing: string[] = [];
    let up = e.local;
    let top: LocalState = probe(up, false);
    while (top.kind === 'absent' && dirname(up) !== up) {
      missing.unshift(up);
      up = dirname(up);
      top = probe(up, false);
    }
    if (top.kind === 'file') {
      conflict(up, 'a file where a directory must go');
      continue;
    }
    if (top.kind === 'link' && top.planned) {
      conflict(up, `entry ${(top.entry ?? 0) + 1} maps a link here where a directory must go`);
      continue;
    }
    if (missing.length === 0) {
      // The local directory exists (a directory, or a link confine() let through for an ancestor's sake).
      if (top.kind === 'link' && e.policy === 'mklink' && top.target === e.shared && top.ours) { plan.inPlace++; continue; }
      if (top.kind === 'link') { conflict(e.local, top.ours || e.policy !== 'mklink' ? `a link (-> ${top.target}) where a directory must go` : `a link the mapper did not make (-> ${top.target})`); continue; }
      const real = top.kind === 'dir' && !top.planned ? top.real : undefined;
      if (top.kind === 'dir' && !top.planned && owned.get(e.local)?.kind === 'dir') plan.inPlace++;
      children(e.shared, e.local, '', top.kind === 'dir' && top.planned, real);
      continue;
    }
    const realBase = top.kind === 'dir' ? (top.planned ? undefined : top.real) : realOfExisting(up);
    if (realBase !== undefined && isWithin(join(realBase, ...missing.map((m) => m.slice(m.lastIndexOf('/') + 1))), e.realShared)) {
      conflict(e.local, `the local directory lies inside the shared directory ${JSON.stringify(e.shared)} (mapping a tree onto itself)`);
      continue;
    }
    for (const dir of missing.slice(0, -1)) add({ kind: 'dir', path: dir, entry: e.index, tree: false });
    dirNode(e.shared, e.local, '', true, undefined);
  }
  return plan;
}
