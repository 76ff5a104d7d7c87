import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, symlinkSync } from 'node:fs';
import { chmod, mkdir, readdir, readlink, rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import { SiteNotFoundError } from '../errors.js';
import { cacheName, isExecutable, type NodeCache } from './node-cache.js';
import type { SiteManifest } from './site-manifest.js';

/** A materialized site version. */
export interface Replica {
  site: string;
  version: number;
  /** The stable path the mapper maps from: replicas/SITE/current, switched atomically. */
  path: string;
  /** The version's own tree (what `path` points to now). */
  tree: string;
}

const CURRENT = 'current';
// Entries made per turn of the event loop.
const BATCH = 512;
const TREE = /^([0-9]+)\.[0-9a-f]{8}$/;

/**
 * The replicas of a node: each site version's tree built from the cache with hard links (no
 * byte is copied), then made current by renaming a new `current` symlink over the old one.
 * Files are read-only (they are the cache's inodes); directories keep their mode plus owner rwx.
 */
export class ReplicaSet {
  private readonly holds = new Map<string, number>();

  constructor(readonly dir: string, private readonly cache: NodeCache) {}

  /** Builds site@version from the cache (every object must be there) and makes it current; returns it. */
  async materialize(manifest: SiteManifest): Promise<Replica> {
    const { site, version } = manifest;
    const siteDir = join(this.dir, site);
    await mkdir(siteDir, { recursive: true });
    const now = await this.current(site);
    const used = manifest.entries.flatMap((e) => (e.type === 'file' ? [cacheName(e.sha256, isExecutable(e.mode))] : []));
    if (now?.version === version) {
      this.cache.touch(used);
      return now;
    }
    const missing = manifest.entries.find((e) => e.type === 'file' && !this.cache.entry(cacheName(e.sha256, isExecutable(e.mode))));
    if (missing) throw new SiteNotFoundError(`cannot materialize ${site}@${version}: the cache lacks the object of '${missing.path}'; pull it first`);
    const name = `${version}.${randomBytes(4).toString('hex')}`;
    const build = join(siteDir, `.build-${name}`);
    try {
      await mkdir(build, { mode: 0o700 });
      // Synchronous calls in batches (as the mapper applies its plan): thousands of awaited
      // link() calls cost several times the CPU; between batches the event loop gets a turn.
      const entries = manifest.entries;
      for (let i = 0; i < entries.length; i += BATCH) {
        for (const e of entries.slice(i, i + BATCH)) {
          const to = join(build, e.path);
          if (e.type === 'dir') {
            mkdirSync(to);
            chmodSync(to, e.mode | 0o700);
          } else if (e.type === 'file') {
            linkSync(this.cache.pathOf(cacheName(e.sha256, isExecutable(e.mode))), to);
          } else {
            symlinkSync(e.target, to);
          }
        }
        await new Promise<void>((r) => setImmediate(r));
      }
      await chmod(build, 0o755);
      await rename(build, join(siteDir, name));
    } catch (err) {
      await rm(build, { recursive: true, force: true });
      throw err;
    }
    // The switch: a new symlink renamed over `current` is atomic; readers see the old tree or the new one.
    const next = join(siteDir, `.${CURRENT}-${name}`);
    await symlink(name, next);
    await rename(next, join(siteDir, CURRENT));
    this.cache.touch(used);
    await this.prune(site);
    return { site, version, path: join(siteDir, CURRENT), tree: join(siteDir, name) };
  }

  /** The current replica of site, if any. */
  async current(site: string): Promise<Replica | undefined> {
    const siteDir = join(this.dir, site);
    const target = await readlink(join(siteDir, CURRENT)).catch(() => undefined);
    const m = target ? TREE.exec(target) : null;
    if (!target || !m) return undefined;
    return { site, version: Number(m[1]), path: join(siteDir, CURRENT), tree: join(siteDir, target) };
  }

  /** Keeps the current tree of site from being removed until the returned function is called (a reader still using it). */
  async hold(site: string): Promise<() => void> {
    const r = await this.current(site);
    if (!r) throw new SiteNotFoundError(`no replica of '${site}' to hold`);
    this.holds.set(r.tree, (this.holds.get(r.tree) ?? 0) + 1);
    let held = true;
    return () => {
      if (!held) return;
      held = false;
      const n = (this.holds.get(r.tree) ?? 1) - 1;
      if (n > 0) this.holds.set(r.tree, n);
      else this.holds.delete(r.tree);
    };
  }

  /** Removes every tree of site, `current` first (a site being cleaned: nothing may hold it). */
  async remove(site: string): Promise<void> {
    const siteDir = join(this.dir, site);
    await rm(join(siteDir, CURRENT), { force: true });
    await rm(siteDir, { recursive: true, force: true });
  }

  /** Removes site's trees that are neither current nor held, and builds a crash left behind. */
  async prune(site: string): Promise<string[]> {
    const siteDir = join(this.dir, site);
    const now = await this.current(site);
    const removed: string[] = [];
    for (const n of await readdir(siteDir).catch(() => [] as string[])) {
      const path = join(siteDir, n);
      if (n === CURRENT || path === now?.tree || this.holds.has(path)) continue;
      if (!TREE.test(n) && !n.startsWith('.build-') && !n.startsWith(`.${CURRENT}-`)) continue;
      await rm(path, { recursive: true, force: true });
      removed.push(n);
    }
    return removed;
  }
}
