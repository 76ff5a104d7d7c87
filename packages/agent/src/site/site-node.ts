import { join } from 'node:path';
import { type Clock, type CredentialVerifier } from '@lama/lookup';
import { SiteManifestError, StoreFetchError } from '../errors.js';
import { forEachBounded } from './bounded.js';
import { takeSnapshot, type CacheSnapshot, type SnapshotOptions } from './cache-snapshot.js';
import { NodeCache, cacheName, isExecutable } from './node-cache.js';
import { ReplicaSet, type Replica } from './replica-set.js';
import { MAX_MANIFEST_CHARS, checkSiteName, verifySiteManifest, type SiteManifest } from './site-manifest.js';
import { StoreClient, type StoreClientOptions } from './store-client.js';
import { latestVersion, type StoreIndex } from './site-store.js';
import { INDEX_KEY, manifestKey } from './store-layout.js';

/** How a node's site state is opened. */
export interface SiteNodeOptions {
  /** The node's state directory for sites: cache/ and replicas/ go under it (one file system, for hard links). */
  dir: string;
  verifier: CredentialVerifier;
  /** Bytes the cache may hold (default: no limit). */
  cacheLimitBytes?: number;
  clock?: Clock;
  fsync?: boolean;
}

/** What a pull did. */
export interface PullResult extends Replica {
  files: number;
  bytes: number;
  objectsFetched: number;
  bytesFetched: number;
  /** Bytes that came over the wire for them (less when partial downloads were resumed). */
  bytesReceived: number;
  /** Objects the cache held already. */
  objectsCached: number;
  seconds: number;
}

/** Where to pull from: a StoreClient, or the options to make one (closed after the pull). */
export type StoreSource = StoreClient | StoreClientOptions;

const MAX_INDEX_CHARS = 16 * 1024 * 1024;

/**
 * A node's site state: the verified object cache and the replicas built from it. `pull`
 * verifies a version's manifest against the pool key before it fetches any object, fetches
 * what the cache lacks, then materializes; any failure leaves the current replica as it was.
 */
export class SiteNode {
  readonly replicas: ReplicaSet;
  private readonly queues = new Map<string, Promise<unknown>>();

  private constructor(readonly cache: NodeCache, replicasDir: string, private readonly verifier: CredentialVerifier) {
    this.replicas = new ReplicaSet(replicasDir, cache);
  }

  /** Opens (creating) the node's site state under o.dir. */
  static async open(o: SiteNodeOptions): Promise<SiteNode> {
    const cache = await NodeCache.open({ dir: join(o.dir, 'cache'), verifier: o.verifier, limitBytes: o.cacheLimitBytes, clock: o.clock, fsync: o.fsync });
    return new SiteNode(cache, join(o.dir, 'replicas'), o.verifier);
  }

  /** Fetches site@version (absent: the store's latest) into the cache and materializes it. */
  async pull(source: StoreSource, site: string, version?: number): Promise<PullResult> {
    checkSiteName(site);
    const started = process.hrtime.bigint();
    const client = source instanceof StoreClient ? source : new StoreClient(source);
    try {
      const manifest = await this.fetchManifest(client, site, version);
      const receivedBefore = this.cache.bytesReceived;
      const fetched = await this.fetchObjects(client, manifest);
      const replica = await this.materializeManifest(manifest);
      await this.cache.flush();
      return {
        ...replica, files: manifest.files, bytes: manifest.bytes, objectsFetched: fetched.objects, bytesFetched: fetched.bytes, bytesReceived: this.cache.bytesReceived - receivedBefore,
        objectsCached: fetched.wanted - fetched.objects, seconds: Number(process.hrtime.bigint() - started) / 1e9,
      };
    } finally {
      if (!(source instanceof StoreClient)) client.close();
    }
  }

  /** Fetches and verifies site@version's signed manifest (absent version: the store's latest) and keeps it in the cache. */
  async fetchManifest(client: StoreClient, site: string, version?: number): Promise<SiteManifest> {
    checkSiteName(site);
    const v = version ?? (await this.latest(client, site));
    const text = await client.text(manifestKey(site, v), MAX_MANIFEST_CHARS);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      throw new SiteManifestError(`the manifest of ${site}@${v} at ${client.urlOf(manifestKey(site, v))} is not valid JSON`);
    }
    const { manifest } = verifySiteManifest(this.verifier, value, { site, version: v });
    await this.cache.saveManifest(manifest, text);
    return manifest;
  }

  /**
   * Fetches every object of manifest the cache lacks; onObject runs after each one fetched.
   * Returns the distinct objects wanted, and the objects and bytes fetched.
   */
  async fetchObjects(client: StoreClient, manifest: SiteManifest, onObject?: (size: number) => void): Promise<{ wanted: number; objects: number; bytes: number }> {
    const files = manifest.entries.flatMap((e) => (e.type === 'file' ? [e] : []));
    const wanted = new Map<string, (typeof files)[number]>();
    for (const f of files) wanted.set(cacheName(f.sha256, isExecutable(f.mode)), f);
    const pinned = new Set(wanted.keys());
    let objects = 0;
    let bytes = 0;
    await forEachBounded([...wanted.values()], client.concurrency, async (f) => {
      if (await this.cache.fetch(client, f.sha256, f.size, isExecutable(f.mode), pinned, f.path)) {
        objects++;
        bytes += f.size;
        onObject?.(f.size);
      }
    });
    return { wanted: wanted.size, objects, bytes };
  }

  /** Builds a verified manifest's tree from the cache (every object must be there) and makes it current. */
  materializeManifest(manifest: SiteManifest): Promise<Replica> {
    // One materialization per site at a time: two would race for `current`.
    const before = this.queues.get(manifest.site) ?? Promise.resolve();
    const run = before.catch(() => undefined).then(() => this.replicas.materialize(manifest));
    this.queues.set(manifest.site, run);
    return run;
  }

  /** Builds site@version from the cache alone and makes it current. */
  async materialize(site: string, version: number): Promise<Replica> {
    return this.materializeManifest(await this.cache.manifest(site, version));
  }

  /** The current replica of site, if any. */
  current(site: string): Promise<Replica | undefined> {
    return this.replicas.current(site);
  }

  /** A snapshot of what the cache holds for site's current version (unsigned; sign with signCacheSnapshot). */
  async snapshot(site: string, o: SnapshotOptions = {}): Promise<CacheSnapshot> {
    const r = await this.replicas.current(site);
    if (!r) throw new SiteManifestError(`no replica of '${site}' on this node: nothing to snapshot`);
    return takeSnapshot(this.cache, await this.cache.manifest(site, r.version), o);
  }

  /**
   * Removes every replica of site (none may be held) and evicts the objects of its current
   * version and of `version` (a deployment that failed before materializing) that no other
   * replica links, and their partial downloads; returns what was evicted (cleaning without keep_cache).
   */
  async drop(site: string, version?: number): Promise<{ objects: number; bytes: number }> {
    checkSiteName(site);
    const r = await this.replicas.current(site);
    const names: string[] = [];
    for (const v of new Set([r?.version, version])) {
      if (!v) continue;
      const m = await this.cache.manifest(site, v).catch(() => undefined);
      for (const e of m?.entries ?? []) if (e.type === 'file') names.push(cacheName(e.sha256, isExecutable(e.mode)));
    }
    await this.replicas.remove(site);
    const evicted = await this.cache.evict(names);
    // A pull that failed (a full disk) keeps its partial objects for a resume: dropping the site drops them too.
    await this.cache.dropPartials(names);
    await this.cache.flush();
    return evicted;
  }

  /** Flushes the cache's journal and releases its lock. */
  async close(): Promise<void> {
    await Promise.allSettled([...this.queues.values()]);
    await this.cache.close();
  }

  private async latest(client: StoreClient, site: string): Promise<number> {
    const text = await client.text(INDEX_KEY, MAX_INDEX_CHARS);
    let index: StoreIndex;
    try {
      index = JSON.parse(text) as StoreIndex;
    } catch {
      throw new StoreFetchError(`${client.urlOf(INDEX_KEY)} is not valid JSON`);
    }
    const latest = latestVersion(index, site);
    // The index is unsigned: a store that offers an older version than this node has verified is refused (no silent rollback).
    const known = await this.cache.manifestVersions(site);
    const newest = known[known.length - 1];
    if (newest !== undefined && latest < newest) {
      throw new SiteManifestError(`the store's latest '${site}' is version ${latest}, older than version ${newest} this node has verified; ask for a version to roll back`);
    }
    return latest;
  }
}
