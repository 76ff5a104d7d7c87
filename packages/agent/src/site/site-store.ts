import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { link, mkdir, readdir, readFile, rename, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { PermissionError, type Credential } from '@lama/lookup';
import { ObjectHashError, SiteManifestError, SiteNotFoundError, StoreConflictError } from '../errors.js';
import { forEachBounded } from './bounded.js';
import { takeLock } from './dir-lock.js';
import { hashFile } from './file-hash.js';
import { EMPTY_DEFINITION, type SiteDefinition } from './site-definition.js';
import { PUBLISHER_ROLE, checkManifestBody, checkSiteName, checkVersion, readManifestBody, signSiteManifest, type SiteManifest, type TreeEntry } from './site-manifest.js';
import { manifestKey, objectKey, storeLayout, type StoreLayout } from './store-layout.js';
import { scanTree } from './tree-scan.js';

/** One published version as the store's index lists it. */
export interface StoreVersion {
  version: number;
  signedAt: string;
  signer: string;
  files: number;
  bytes: number;
}

/** The store's index.json: every site and its versions, oldest first. */
export interface StoreIndex {
  format: 'lama-site-index';
  v: 1;
  sites: Record<string, StoreVersion[]>;
}

/** What a publish did. */
export interface PublishResult {
  site: string;
  version: number;
  files: number;
  bytes: number;
  /** Objects this publish wrote (the store lacked them) and their bytes. */
  objectsWritten: number;
  bytesWritten: number;
  manifestPath: string;
  seconds: number;
}

/** What a gc did. */
export interface GcResult {
  manifestsRemoved: string[];
  objectsRemoved: number;
  bytesRemoved: number;
  objectsKept: number;
}

/** Options of a publish. */
export interface PublishOptions {
  /** The version to write (absent: one more than the highest published). */
  version?: number;
  definition?: SiteDefinition;
  /** Files hashed and copied at once. */
  concurrency?: number;
  now?: number;
}

const tmpName = (): string => `${Date.now()}-${process.pid}-${randomBytes(6).toString('hex')}`;

/**
 * A site store on a local directory: publish, list, gc. Objects are written once under their
 * sha256 (temp file, then rename) and never changed; a manifest is written once per version.
 */
export class SiteStore {
  readonly layout: StoreLayout;
  // Fan-out directories known to exist (one mkdir each, not one per object).
  private readonly fans = new Set<string>();

  constructor(root: string) {
    this.layout = storeLayout(root);
  }

  /** Publishes the tree at dir as a version of site, signed with a controller's credential. */
  async publish(dir: string, site: string, credential: Credential, o: PublishOptions = {}): Promise<PublishResult> {
    const started = process.hrtime.bigint();
    checkSiteName(site);
    if (!credential.certificate.roles.includes(PUBLISHER_ROLE)) {
      throw new PermissionError(`credential '${credential.certificate.name}' may not publish sites: it needs role '${PUBLISHER_ROLE}' (has ${credential.certificate.roles.join(', ')})`);
    }
    if (o.version !== undefined) checkVersion(o.version, site);
    await this.prepare();
    const release = takeLock(this.layout.lock, `the site store ${this.layout.root}`);
    try {
      const scanned = await scanTree(dir);
      const entries: TreeEntry[] = [];
      let objectsWritten = 0;
      let bytesWritten = 0;
      const files = scanned.filter((e) => e.type === 'file');
      const hashes = new Array<string>(files.length);
      const writing = new Map<string, Promise<boolean>>();
      await forEachBounded(files, o.concurrency ?? 8, async (f, i) => {
        if (f.type !== 'file') return;
        const { sha256, size, bytes } = await hashFile(f.source, f.size);
        if (size !== f.size) throw new SiteManifestError(`'${f.path}' changed while it was published (size ${f.size}, then ${size})`);
        hashes[i] = sha256;
        // Files with the same bytes are one object, written once.
        const pending = writing.get(sha256);
        if (pending) return void await pending;
        const write = this.hasObject(sha256).then((has) => (has ? false : this.writeObject(f.source, sha256, f.path, bytes).then(() => true)));
        writing.set(sha256, write);
        if (!await write) return;
        objectsWritten++;
        bytesWritten += size;
      });
      let fi = 0;
      for (const e of scanned) {
        if (e.type === 'file') entries.push({ path: e.path, type: 'file', mode: e.mode, size: e.size, sha256: hashes[fi++] as string });
        else entries.push(e);
      }
      const version = o.version ?? (await this.versions(site)).reduce((m, v) => Math.max(m, v), 0) + 1;
      const fileCount = files.length;
      const bytes = files.reduce((n, f) => n + (f.type === 'file' ? f.size : 0), 0);
      // The same checks every node makes: a tree the nodes would refuse is refused here, before anything is signed.
      const manifest: SiteManifest = checkManifestBody({ format: 'lama-site-manifest', v: 1, site, version, definition: o.definition ?? EMPTY_DEFINITION, entries, files: fileCount, bytes });
      const signed = signSiteManifest(credential, manifest, o.now);
      const manifestPath = join(this.layout.root, manifestKey(site, version));
      await mkdir(join(this.layout.sites, site), { recursive: true });
      const tmp = join(this.layout.tmp, `${tmpName()}.json`);
      await writeFile(tmp, JSON.stringify(signed), { mode: 0o644 });
      try {
        // link() fails when the name exists: a version is written once, never replaced.
        await link(tmp, manifestPath);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw new StoreConflictError(`${site}@${version} is published already (${manifestPath}); versions never change`);
        throw err;
      } finally {
        await unlink(tmp).catch(() => undefined);
      }
      await this.writeIndex();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      return { site, version, files: fileCount, bytes, objectsWritten, bytesWritten, manifestPath, seconds };
    } finally {
      release();
    }
  }

  /** The store's index (rebuilt from the manifests when it is missing). */
  async index(): Promise<StoreIndex> {
    try {
      return JSON.parse(await readFile(this.layout.index, 'utf8')) as StoreIndex;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      return this.buildIndex();
    }
  }

  /** The published versions of site, ascending. */
  async versions(site: string): Promise<number[]> {
    const names = await readdir(join(this.layout.sites, site)).catch(() => [] as string[]);
    return names.map((n) => /^([0-9]+)\.json$/.exec(n)).filter((m) => m !== null).map((m) => Number(m[1])).sort((a, b) => a - b);
  }

  /**
   * Removes manifests beyond the newest `keep` versions of each site (all kept when absent),
   * then every object no remaining manifest references, and temp files left by crashed publishes.
   */
  async gc(o: { keep?: number } = {}): Promise<GcResult> {
    if (o.keep !== undefined && (!Number.isSafeInteger(o.keep) || o.keep < 1)) throw new SiteManifestError(`--keep must be a positive integer, not ${o.keep}`);
    await this.prepare();
    const release = takeLock(this.layout.lock, `the site store ${this.layout.root}`);
    try {
      const manifestsRemoved: string[] = [];
      const live = new Set<string>();
      for (const site of await readdir(this.layout.sites)) {
        const versions = await this.versions(site);
        const dropped = o.keep === undefined ? [] : versions.slice(0, Math.max(0, versions.length - o.keep));
        for (const v of dropped) {
          await rm(join(this.layout.root, manifestKey(site, v)));
          manifestsRemoved.push(`${site}@${v}`);
        }
        for (const v of versions.filter((x) => !dropped.includes(x))) {
          // A manifest that cannot be read keeps everything: gc never guesses what is unreferenced.
          const manifest = readManifestBody(JSON.parse(await readFile(join(this.layout.root, manifestKey(site, v)), 'utf8')));
          for (const e of manifest.entries) if (e.type === 'file') live.add(e.sha256);
        }
      }
      let objectsRemoved = 0;
      let bytesRemoved = 0;
      for (const fan of await readdir(this.layout.data)) {
        for (const name of await readdir(join(this.layout.data, fan))) {
          if (live.has(name)) continue;
          const path = join(this.layout.data, fan, name);
          bytesRemoved += (await stat(path)).size;
          await rm(path);
          objectsRemoved++;
        }
      }
      await rm(this.layout.tmp, { recursive: true, force: true });
      await mkdir(this.layout.tmp, { recursive: true });
      await this.writeIndex();
      return { manifestsRemoved, objectsRemoved, bytesRemoved, objectsKept: live.size };
    } finally {
      release();
    }
  }

  private async prepare(): Promise<void> {
    for (const d of [this.layout.data, this.layout.sites, this.layout.tmp]) await mkdir(d, { recursive: true });
  }

  private async hasObject(sha256: string): Promise<boolean> {
    return stat(join(this.layout.root, objectKey(sha256))).then(() => true, () => false);
  }

  /**
   * Copies source into the store as object sha256 (temp file, then rename), hashing again on the
   * way: a file changed since it was hashed is refused. A small file's bytes, already read, are written as they are.
   */
  private async writeObject(source: string, sha256: string, path: string, bytes?: Buffer): Promise<void> {
    const final = join(this.layout.root, objectKey(sha256));
    const tmp = join(this.layout.tmp, tmpName());
    try {
      if (bytes) {
        await writeFile(tmp, bytes, { mode: 0o644 });
      } else {
        const hash = createHash('sha256');
        await pipeline(createReadStream(source, { highWaterMark: 256 * 1024 }), async function* (chunks: AsyncIterable<Buffer>) {
          for await (const c of chunks) {
            hash.update(c);
            yield c;
          }
        }, createWriteStream(tmp, { mode: 0o644 }));
        if (hash.digest('hex') !== sha256) throw new ObjectHashError(`'${path}' changed while it was published; publish again`);
      }
      const fan = sha256.slice(0, 2);
      if (!this.fans.has(fan)) {
        await mkdir(join(this.layout.data, fan), { recursive: true });
        this.fans.add(fan);
      }
      await rename(tmp, final);
    } finally {
      await rm(tmp, { force: true });
    }
  }

  private async buildIndex(): Promise<StoreIndex> {
    const sites: Record<string, StoreVersion[]> = {};
    const names = await readdir(this.layout.sites).catch(() => [] as string[]);
    for (const site of names.sort()) {
      sites[site] = [];
      for (const version of await this.versions(site)) {
        const doc = JSON.parse(await readFile(join(this.layout.root, manifestKey(site, version)), 'utf8')) as { signedAt: string; signer: string; body: string };
        const m = readManifestBody(doc);
        sites[site].push({ version, signedAt: doc.signedAt, signer: signerName(doc.signer), files: m.files, bytes: m.bytes });
      }
    }
    return { format: 'lama-site-index', v: 1, sites };
  }

  private async writeIndex(): Promise<void> {
    const tmp = join(this.layout.tmp, `${tmpName()}.index`);
    await writeFile(tmp, JSON.stringify(await this.buildIndex(), null, 1), { mode: 0o644 });
    await rename(tmp, this.layout.index);
  }
}

// The index shows who signed; the name is read from the token without verifying (ls is informative, pulls verify).
function signerName(token: string): string {
  try {
    return (JSON.parse(Buffer.from(token.split('.')[0] ?? '', 'base64url').toString('utf8')) as { name?: string }).name ?? '?';
  } catch {
    return '?';
  }
}

/** The highest version of site an index lists; throws SiteNotFoundError when it lists none. */
export function latestVersion(index: StoreIndex, site: string): number {
  const versions = index.sites?.[site];
  if (!Array.isArray(versions) || versions.length === 0) throw new SiteNotFoundError(`the store has no site '${site}' (sites: ${Object.keys(index.sites ?? {}).join(', ') || 'none'})`);
  return versions.reduce((m, v) => Math.max(m, v.version), 0);
}

