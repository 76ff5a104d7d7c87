import { stat } from 'node:fs/promises';
import { signDocument, verifyDocument, type Credential, type CredentialVerifier, type SignedDocument } from '@lama/lookup';
import { SiteManifestError } from '../errors.js';
import { cacheName, isExecutable, type NodeCache } from './node-cache.js';
import { SITE_NAME, checkVersion, type SiteManifest } from './site-manifest.js';
import { checkTreePath } from './tree-path.js';

/** The signed-document kind of a cache snapshot. */
export const CACHE_SNAPSHOT_KIND = 'cache-snapshot';

/** One file of a snapshot: its tree path, size, mode, hash, and where its bytes lie in the sender's cache. */
export interface SnapshotFile {
  path: string;
  size: number;
  mode: number;
  sha256: string;
  cachePath: string;
}

/** What a node's cache holds of one site version (the input of the cache multicast, @lama/transfer). */
export interface CacheSnapshot {
  format: 'lama-cache-snapshot';
  v: 1;
  site: string;
  version: number;
  createdAt: string;
  /** Only files used at or after this time (ISO), when the snapshot was asked for that. */
  since?: string;
  files: SnapshotFile[];
  bytes: number;
}

/** What to put in a snapshot. */
export interface SnapshotOptions {
  /** Only objects used at or after this time (ms since the epoch). */
  since?: number;
  /** Only paths under the site definition's hot set. */
  hotOnly?: boolean;
}

function underHot(path: string, hot: readonly string[]): boolean {
  return hot.some((h) => h === '' || path === h || path.startsWith(`${h}/`));
}

/**
 * Lists what the cache holds for one manifest's tree. "Used" is the later of the cache's own
 * record (pulls, materializations) and the object's atime, which the kernel moves when a
 * service reads the file through the replica (with relatime: the first read, then daily).
 */
export async function takeSnapshot(cache: NodeCache, manifest: SiteManifest, o: SnapshotOptions = {}, now = Date.now()): Promise<CacheSnapshot> {
  const files: SnapshotFile[] = [];
  let bytes = 0;
  for (const e of manifest.entries) {
    if (e.type !== 'file') continue;
    if (o.hotOnly && !underHot(e.path, manifest.definition.hot)) continue;
    const name = cacheName(e.sha256, isExecutable(e.mode));
    const held = cache.entry(name);
    if (!held) continue;
    const cachePath = cache.pathOf(name);
    if (o.since !== undefined && held.lastUsed < o.since) {
      const st = await stat(cachePath).catch(() => undefined);
      if (!st || st.atimeMs < o.since) continue;
    }
    files.push({ path: e.path, size: e.size, mode: e.mode, sha256: e.sha256, cachePath });
    bytes += e.size;
  }
  return {
    format: 'lama-cache-snapshot', v: 1, site: manifest.site, version: manifest.version, createdAt: new Date(now).toISOString(),
    ...(o.since !== undefined ? { since: new Date(o.since).toISOString() } : {}), files, bytes,
  };
}

/** Signs a snapshot with the node's credential. */
export function signCacheSnapshot(credential: Credential, snapshot: CacheSnapshot, now = Date.now()): SignedDocument {
  return signDocument(credential, CACHE_SNAPSHOT_KIND, snapshot, now);
}

/** Verifies a signed snapshot from untrusted JSON (any pool member may sign one) and checks every file's fields. */
export function verifyCacheSnapshot(verifier: CredentialVerifier, value: unknown): CacheSnapshot {
  const { body } = verifyDocument(verifier, value, { kind: CACHE_SNAPSHOT_KIND });
  const s = body as CacheSnapshot;
  const bad = (what: string): never => { throw new SiteManifestError(`cache snapshot: ${what}`); };
  if (typeof s !== 'object' || s === null || s.format !== 'lama-cache-snapshot' || s.v !== 1) bad("not a LAMA cache snapshot (fields 'format' and 'v')");
  if (typeof s.site !== 'string' || !SITE_NAME.test(s.site)) bad("field 'site' is not a site name");
  checkVersion(s.version, s.site);
  if (!Array.isArray(s.files)) bad("field 'files' is not a list");
  let bytes = 0;
  for (const f of s.files) {
    checkTreePath(f?.path, 'snapshot path');
    if (!Number.isSafeInteger(f.size) || f.size < 0) bad(`'${f.path}': size must be a non-negative integer`);
    if (!Number.isInteger(f.mode) || f.mode < 0 || f.mode > 0o7777) bad(`'${f.path}': mode must be an integer from 0 to 0o7777`);
    if (typeof f.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(f.sha256)) bad(`'${f.path}': sha256 must be 64 lowercase hex digits`);
    if (typeof f.cachePath !== 'string') bad(`'${f.path}': cachePath is not a string`);
    bytes += f.size;
  }
  if (s.bytes !== bytes) bad(`'bytes' says ${String(s.bytes)}, the files ${bytes}`);
  return s;
}
