import { chmod, copyFile, mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { closeSync, fsyncSync, lstatSync, openSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PART_SUFFIX } from '@lama/transfer';
import { systemClock, type Clock, type CredentialVerifier } from '@lama/lookup';
import { CacheFullError, ObjectHashError, SiteNotFoundError, StoreFetchError } from '../errors.js';
import { CacheJournal } from './cache-journal.js';
import { takeLock } from './dir-lock.js';
import { hashFile } from './file-hash.js';
import { MAX_MANIFEST_CHARS, verifySiteManifest, type SiteManifest } from './site-manifest.js';
import { objectKey } from './store-layout.js';
import type { StoreClient } from './store-client.js';

/** How a node's cache is opened. */
export interface NodeCacheOptions {
  /** The cache directory (objects, partial downloads, manifests, journal). */
  dir: string;
  /** Checks manifests against the pool key. */
  verifier: CredentialVerifier;
  /** Bytes of objects the cache may hold (default: no limit). */
  limitBytes?: number;
  clock?: Clock;
  /** fsync each object before it becomes visible (default true; off only where a power cut cannot matter). */
  fsync?: boolean;
}

/** One object held: its file name (sha256, plus '.x' for the executable copy), size and last use. */
export interface CacheEntry {
  size: number;
  lastUsed: number;
}

/** The cache's name of an object: files with an execute bit need their own inode (hard links share modes). */
export function cacheName(sha256: string, executable: boolean): string {
  return executable ? `${sha256}.x` : sha256;
}

/** Whether a manifest mode asks for an executable file. */
export function isExecutable(mode: number): boolean {
  return (mode & 0o111) !== 0;
}

const NAME = /^([0-9a-f]{64})(\.x)?$/;
const execFileAsync = promisify(execFile);

/**
 * A node's verified cache of store objects. An object becomes visible only complete and
 * verified (downloaded under partial/, hashed, fsynced, renamed into objects/), so kill -9 at
 * any point leaves no half object; a partial download is resumed by the next attempt. Over the
 * size limit, the least recently used objects that no replica links to are evicted.
 */
export class NodeCache {
  readonly objectsDir: string;
  private readonly partialDir: string;
  private readonly manifestsDir: string;
  private readonly entries = new Map<string, CacheEntry>();
  private readonly inflight = new Map<string, Promise<boolean>>();
  private readonly journal: CacheJournal;
  private readonly clock: Clock;
  private total = 0;
  /** Bytes received from stores since the cache was opened (less than fetched when downloads resumed). */
  bytesReceived = 0;
  /** Bytes promised to objects being fetched or imported, so that parallel fetches respect the limit together. */
  private reserved = 0;
  private release: (() => void) | undefined;
  // Fan-out directories known to exist (one mkdir each, not one per object).
  private readonly fans = new Set<string>();
  // Present while objects land in place by multicast, until the file system has synced them.
  private get landingMarker(): string {
    return join(this.o.dir, 'landing');
  }

  private constructor(private readonly o: NodeCacheOptions) {
    this.objectsDir = join(o.dir, 'objects');
    this.partialDir = join(o.dir, 'partial');
    this.manifestsDir = join(o.dir, 'manifests');
    this.journal = new CacheJournal(join(o.dir, 'journal'));
    this.clock = o.clock ?? systemClock;
  }

  /**
   * Opens (creating) the cache at o.dir: takes its lock, lists its objects, reads the journal.
   * After a crash during a landing (the marker is there), objects written since the marker are
   * hashed again and dropped unless whole: they were visible before the file system synced them.
   */
  static async open(o: NodeCacheOptions): Promise<NodeCache> {
    const cache = new NodeCache(o);
    for (const d of [cache.objectsDir, cache.partialDir, cache.manifestsDir]) await mkdir(d, { recursive: true });
    cache.release = takeLock(join(o.dir, 'lock'), `the node cache ${o.dir}`);
    try {
      const uses = await cache.journal.load();
      const landing = await stat(cache.landingMarker).catch(() => undefined);
      for (const fan of await readdir(cache.objectsDir)) {
        for (const name of await readdir(join(cache.objectsDir, fan))) {
          const path = join(cache.objectsDir, fan, name);
          // A receive the agent did not live to finish leaves part files beside the objects.
          if (name.endsWith(PART_SUFFIX)) await rm(path, { force: true });
          if (!NAME.test(name) || !name.startsWith(fan)) continue;
          const st = await stat(path);
          if (landing && st.mtimeMs >= landing.mtimeMs - 1000 && (await hashFile(path, st.size)).sha256 !== name.slice(0, 64)) {
            await rm(path, { force: true });
            continue;
          }
          cache.entries.set(name, { size: st.size, lastUsed: uses.get(name) ?? st.mtimeMs });
          cache.total += st.size;
        }
      }
      if (landing) await rm(cache.landingMarker, { force: true });
    } catch (err) {
      cache.release();
      throw err;
    }
    return cache;
  }

  /** Bytes of objects held. */
  get bytes(): number {
    return this.total;
  }

  /** The size limit in bytes (Infinity: none). */
  get limitBytes(): number {
    return this.o.limitBytes ?? Infinity;
  }

  /** Names of the objects held (sha256, '.x' for executable copies). */
  names(): string[] {
    return [...this.entries.keys()];
  }

  /** The entry of a cached object, if held. */
  entry(name: string): CacheEntry | undefined {
    return this.entries.get(name);
  }

  /** Where object `name` lives. */
  pathOf(name: string): string {
    return join(this.objectsDir, name.slice(0, 2), name);
  }

  /** Marks objects as used now (for LRU order and snapshots of what was used since a time). */
  touch(names: Iterable<string>): void {
    const now = this.clock.now();
    for (const n of names) {
      const e = this.entries.get(n);
      if (!e) continue;
      e.lastUsed = now;
      this.journal.record(n, now);
    }
  }

  /** Removes the named objects that no replica links (one link left); returns how many and their bytes. */
  async evict(names: Iterable<string>): Promise<{ objects: number; bytes: number }> {
    let objects = 0;
    let bytes = 0;
    for (const n of new Set(names)) {
      const size = await this.evictUnlinked(n);
      if (size === undefined) continue;
      objects++;
      bytes += size;
    }
    return { objects, bytes };
  }

  /** Removes what partial downloads, copies and imports of the named objects left (a failed pull's resume data). */
  async dropPartials(names: Iterable<string>): Promise<void> {
    for (const n of new Set(names)) {
      if (this.inflight.has(n)) continue;
      const sha256 = n.replace(/\.x$/, '');
      for (const part of [sha256, `${n}.copy`, `${n}.import`]) await rm(join(this.partialDir, part), { force: true });
    }
  }

  // Removes one object unless a replica still links it (more than one link); returns its size when removed.
  private async evictUnlinked(name: string): Promise<number | undefined> {
    const e = this.entries.get(name);
    if (!e) return undefined;
    const path = this.pathOf(name);
    const st = await stat(path).catch(() => undefined);
    if (st && st.nlink > 1) return undefined;
    if (!this.entries.has(name)) return undefined;
    await rm(path, { force: true });
    this.entries.delete(name);
    this.total -= e.size;
    return e.size;
  }

  /**
   * Makes object `name` present, fetching it from the store if needed; returns whether it
   * fetched. `pinned` names may not be evicted to make room (the rest of the same pull).
   */
  async fetch(client: StoreClient, sha256: string, size: number, executable: boolean, pinned: ReadonlySet<string>, label: string): Promise<boolean> {
    const name = cacheName(sha256, executable);
    if (this.entries.has(name)) {
      this.touch([name]);
      return false;
    }
    let running = this.inflight.get(name);
    if (!running) {
      running = this.fetchNew(client, sha256, size, executable, pinned, label).finally(() => this.inflight.delete(name));
      this.inflight.set(name, running);
    }
    return running;
  }

  /** Where an object lands in place, relative to objectsDir ('FAN/NAME'): the path a cache snapshot sends it under. */
  static landingPath(name: string): string {
    return `${name.slice(0, 2)}/${name}`;
  }

  /**
   * Reserves room for `bytes` of objects about to land in place (a cache multicast), evicting
   * as a fetch does (never `pinned`); returns the function that gives the reservation back.
   * Marks the cache as landing until endLanding(): a crash in between is checked at open.
   */
  async beginLanding(bytes: number, pinned: ReadonlySet<string>): Promise<() => void> {
    const unreserve = await this.makeRoom(`of ${bytes} bytes (a cache snapshot)`, bytes, pinned);
    try {
      const fd = openSync(this.landingMarker, 'w');
      if (this.o.fsync !== false) fsyncSync(fd);
      closeSync(fd);
    } catch (err) {
      unreserve();
      throw err;
    }
    return unreserve;
  }

  /**
   * Takes objects a verified transfer landed in place (at pathOf(name), read-only, each hashed
   * against its name on landing): each must be a regular file of its size; the rest are not
   * taken. Then syncs the file system once (one syncfs, not an fsync per object) and clears
   * the landing mark. Returns the objects taken.
   */
  async endLanding(objects: Iterable<{ name: string; size: number }>): Promise<{ name: string; size: number }[]> {
    const taken: { name: string; size: number }[] = [];
    const now = this.clock.now();
    for (const { name, size } of objects) {
      if (!NAME.test(name) || this.entries.has(name)) continue;
      const st = lstatSync(this.pathOf(name), { throwIfNoEntry: false });
      if (!st?.isFile() || st.size !== size) continue;
      this.entries.set(name, { size, lastUsed: now });
      this.journal.record(name, now);
      this.total += size;
      taken.push({ name, size });
    }
    if (this.o.fsync !== false) await syncFileSystem(this.objectsDir);
    await rm(this.landingMarker, { force: true });
    return taken;
  }

  /** Saves a verified manifest's signed text (site/version.json). */
  async saveManifest(manifest: SiteManifest, signedText: string): Promise<void> {
    const dir = join(this.manifestsDir, manifest.site);
    await mkdir(dir, { recursive: true });
    const tmp = join(dir, `${manifest.version}.json.tmp`);
    await writeFile(tmp, signedText);
    await rename(tmp, join(dir, `${manifest.version}.json`));
  }

  /** Reads a manifest the cache holds, verified again against the pool key. */
  async manifest(site: string, version: number): Promise<SiteManifest> {
    let text: string;
    try {
      text = await readFile(join(this.manifestsDir, site, `${version}.json`), 'utf8');
    } catch {
      throw new SiteNotFoundError(`the cache holds no manifest of ${site}@${version}; pull it first`);
    }
    if (text.length > MAX_MANIFEST_CHARS) throw new SiteNotFoundError(`the cached manifest of ${site}@${version} is too large`);
    return verifySiteManifest(this.o.verifier, JSON.parse(text), { site, version }).manifest;
  }

  /** The versions of site whose manifests the cache holds, ascending. */
  async manifestVersions(site: string): Promise<number[]> {
    const names = await readdir(join(this.manifestsDir, site)).catch(() => [] as string[]);
    return names.map((n) => /^([0-9]+)\.json$/.exec(n)).filter((m) => m !== null).map((m) => Number(m[1])).sort((a, b) => a - b);
  }

  /** Writes the journal of uses (also done by close). */
  async flush(): Promise<void> {
    await this.journal.flush(this.entries);
  }

  /** Flushes the journal and releases the lock. */
  async close(): Promise<void> {
    if (!this.release) return;
    await this.flush();
    this.release();
    this.release = undefined;
  }

  private async fetchNew(client: StoreClient, sha256: string, size: number, executable: boolean, pinned: ReadonlySet<string>, label: string): Promise<boolean> {
    const unreserve = await this.makeRoom(cacheName(sha256, executable), size, pinned);
    try {
      return await this.download(client, sha256, size, executable, label);
    } finally {
      unreserve();
    }
  }

  private async download(client: StoreClient, sha256: string, size: number, executable: boolean, label: string): Promise<boolean> {
    const name = cacheName(sha256, executable);
    const other = cacheName(sha256, !executable);
    // The same bytes with the other mode are here already: a local copy, not a download.
    if (this.entries.has(other)) {
      const part = join(this.partialDir, `${name}.copy`);
      try {
        await copyFile(this.pathOf(other), part);
        await this.commit(part, name, size, executable);
      } catch (err) {
        await rm(part, { force: true });
        throw diskFull(err, sha256, label);
      }
      return false;
    }
    const part = join(this.partialDir, sha256);
    const { received, sha256: got } = await client.download(objectKey(sha256), part, size).catch((err: Error) => {
      // The same error, naming the object and the tree path it is for.
      const what = `object ${sha256} ('${label}'): ${err.message}`;
      if (err instanceof CacheFullError) throw new CacheFullError(what);
      if (err instanceof SiteNotFoundError) throw new SiteNotFoundError(what);
      if (err instanceof StoreFetchError) throw new StoreFetchError(what);
      throw err;
    });
    this.bytesReceived += received;
    if (got !== sha256) {
      await rm(part, { force: true });
      throw new ObjectHashError(`object ${sha256} ('${label}') from ${client.urlOf(objectKey(sha256))} hashes to ${got}; refused`);
    }
    try {
      await this.commit(part, name, size, executable);
    } catch (err) {
      throw diskFull(err, sha256, label);
    }
    return true;
  }

  /** Makes a verified file at `part` visible as object `name`: fsync, read-only mode, rename. */
  private async commit(part: string, name: string, size: number, executable: boolean): Promise<void> {
    if (this.o.fsync !== false) {
      const fh = await open(part, 'r');
      try {
        await fh.datasync();
      } finally {
        await fh.close();
      }
    }
    await chmod(part, executable ? 0o555 : 0o444);
    const fan = name.slice(0, 2);
    if (!this.fans.has(fan)) {
      await mkdir(join(this.objectsDir, fan), { recursive: true });
      this.fans.add(fan);
    }
    await rename(part, this.pathOf(name));
    const now = this.clock.now();
    this.entries.set(name, { size, lastUsed: now });
    this.journal.record(name, now);
    this.total += size;
  }

  /**
   * Evicts least recently used objects that no replica links to (and not pinned) until `size`
   * more bytes fit, and reserves them; returns the function that gives the reservation back.
   */
  private async makeRoom(name: string, size: number, pinned: ReadonlySet<string>): Promise<() => void> {
    const limit = this.limitBytes;
    const fits = (): boolean => this.total + this.reserved + size <= limit;
    if (!fits()) {
      const candidates = [...this.entries].filter(([n]) => !pinned.has(n)).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
      for (const [n] of candidates) {
        if (fits()) break;
        await this.evictUnlinked(n);
      }
      if (!fits()) {
        throw new CacheFullError(`the cache limit of ${limit} bytes cannot take object ${name.slice(0, 64)} (${size} bytes): ${this.total + this.reserved} bytes are held by replicas in use or by this pull`);
      }
    }
    this.reserved += size;
    let held = true;
    return () => {
      if (held) this.reserved -= size;
      held = false;
    };
  }
}

// One syncfs(2) of the file system holding dir (coreutils `sync -f`): Node has no binding for it.
async function syncFileSystem(dir: string): Promise<void> {
  await execFileAsync('sync', ['-f', dir]);
}

function diskFull(err: unknown, sha256: string, label: string): Error {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOSPC' || e.code === 'EDQUOT') return new CacheFullError(`no space left on the cache's disk (${e.code}) for object ${sha256} ('${label}')`);
  return e;
}
