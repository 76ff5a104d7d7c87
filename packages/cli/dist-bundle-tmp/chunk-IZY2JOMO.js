import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  EMPTY_DEFINITION,
  INDEX_KEY,
  MAX_MANIFEST_CHARS,
  NodeCache,
  PUBLISHER_ROLE,
  StoreClient,
  cacheName,
  checkManifestBody,
  checkSiteName,
  checkVersion,
  hashFile,
  isExecutable,
  manifestKey,
  objectKey,
  readManifestBody,
  signSiteManifest,
  storeLayout,
  takeLock,
  verifySiteManifest
} from "./chunk-R4APUNPC.js";
import {
  ObjectHashError,
  SiteManifestError,
  SiteNotFoundError,
  StoreConflictError,
  StoreFetchError
} from "./chunk-KSE75MTL.js";
import {
  PermissionError
} from "./chunk-2F4QKM7O.js";

// packages/agent/dist/src/site/site-node.js
import { join as join4 } from "node:path";

// packages/agent/dist/src/site/bounded.js
async function forEachBounded(items, limit, fn) {
  let next = 0;
  let failure;
  const worker = async () => {
    while (!failure && next < items.length) {
      const i = next++;
      try {
        await fn(items[i], i);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  if (failure)
    throw failure.error;
}

// packages/agent/dist/src/site/cache-snapshot.js
import { stat } from "node:fs/promises";
function underHot(path, hot) {
  return hot.some((h) => h === "" || path === h || path.startsWith(`${h}/`));
}
async function takeSnapshot(cache, manifest, o = {}, now = Date.now()) {
  const files = [];
  let bytes = 0;
  for (const e of manifest.entries) {
    if (e.type !== "file")
      continue;
    if (o.hotOnly && !underHot(e.path, manifest.definition.hot))
      continue;
    const name = cacheName(e.sha256, isExecutable(e.mode));
    const held = cache.entry(name);
    if (!held)
      continue;
    const cachePath = cache.pathOf(name);
    if (o.since !== void 0 && held.lastUsed < o.since) {
      const st = await stat(cachePath).catch(() => void 0);
      if (!st || st.atimeMs < o.since)
        continue;
    }
    files.push({ path: e.path, size: e.size, mode: e.mode, sha256: e.sha256, cachePath });
    bytes += e.size;
  }
  return {
    format: "lama-cache-snapshot",
    v: 1,
    site: manifest.site,
    version: manifest.version,
    createdAt: new Date(now).toISOString(),
    ...o.since !== void 0 ? { since: new Date(o.since).toISOString() } : {},
    files,
    bytes
  };
}

// packages/agent/dist/src/site/replica-set.js
import { randomBytes } from "node:crypto";
import { chmodSync, linkSync, mkdirSync, symlinkSync } from "node:fs";
import { chmod, mkdir, readdir, readlink, rename, rm, symlink } from "node:fs/promises";
import { join } from "node:path";
var CURRENT = "current";
var BATCH = 512;
var TREE = /^([0-9]+)\.[0-9a-f]{8}$/;
var ReplicaSet = class {
  dir;
  cache;
  holds = /* @__PURE__ */ new Map();
  constructor(dir, cache) {
    this.dir = dir;
    this.cache = cache;
  }
  /** Builds site@version from the cache (every object must be there) and makes it current; returns it. */
  async materialize(manifest) {
    const { site, version } = manifest;
    const siteDir = join(this.dir, site);
    await mkdir(siteDir, { recursive: true });
    const now = await this.current(site);
    const used = manifest.entries.flatMap((e) => e.type === "file" ? [cacheName(e.sha256, isExecutable(e.mode))] : []);
    if (now?.version === version) {
      this.cache.touch(used);
      return now;
    }
    const missing = manifest.entries.find((e) => e.type === "file" && !this.cache.entry(cacheName(e.sha256, isExecutable(e.mode))));
    if (missing)
      throw new SiteNotFoundError(`cannot materialize ${site}@${version}: the cache lacks the object of '${missing.path}'; pull it first`);
    const name = `${version}.${randomBytes(4).toString("hex")}`;
    const build = join(siteDir, `.build-${name}`);
    try {
      await mkdir(build, { mode: 448 });
      const entries = manifest.entries;
      for (let i = 0; i < entries.length; i += BATCH) {
        for (const e of entries.slice(i, i + BATCH)) {
          const to = join(build, e.path);
          if (e.type === "dir") {
            mkdirSync(to);
            chmodSync(to, e.mode | 448);
          } else if (e.type === "file") {
            linkSync(this.cache.pathOf(cacheName(e.sha256, isExecutable(e.mode))), to);
          } else {
            symlinkSync(e.target, to);
          }
        }
        await new Promise((r) => setImmediate(r));
      }
      await chmod(build, 493);
      await rename(build, join(siteDir, name));
    } catch (err) {
      await rm(build, { recursive: true, force: true });
      throw err;
    }
    const next = join(siteDir, `.${CURRENT}-${name}`);
    await symlink(name, next);
    await rename(next, join(siteDir, CURRENT));
    this.cache.touch(used);
    await this.prune(site);
    return { site, version, path: join(siteDir, CURRENT), tree: join(siteDir, name) };
  }
  /** The current replica of site, if any. */
  async current(site) {
    const siteDir = join(this.dir, site);
    const target = await readlink(join(siteDir, CURRENT)).catch(() => void 0);
    const m = target ? TREE.exec(target) : null;
    if (!target || !m)
      return void 0;
    return { site, version: Number(m[1]), path: join(siteDir, CURRENT), tree: join(siteDir, target) };
  }
  /** Keeps the current tree of site from being removed until the returned function is called (a reader still using it). */
  async hold(site) {
    const r = await this.current(site);
    if (!r)
      throw new SiteNotFoundError(`no replica of '${site}' to hold`);
    this.holds.set(r.tree, (this.holds.get(r.tree) ?? 0) + 1);
    let held = true;
    return () => {
      if (!held)
        return;
      held = false;
      const n = (this.holds.get(r.tree) ?? 1) - 1;
      if (n > 0)
        this.holds.set(r.tree, n);
      else
        this.holds.delete(r.tree);
    };
  }
  /** Removes every tree of site, `current` first (a site being cleaned: nothing may hold it). */
  async remove(site) {
    const siteDir = join(this.dir, site);
    await rm(join(siteDir, CURRENT), { force: true });
    await rm(siteDir, { recursive: true, force: true });
  }
  /** Removes site's trees that are neither current nor held, and builds a crash left behind. */
  async prune(site) {
    const siteDir = join(this.dir, site);
    const now = await this.current(site);
    const removed = [];
    for (const n of await readdir(siteDir).catch(() => [])) {
      const path = join(siteDir, n);
      if (n === CURRENT || path === now?.tree || this.holds.has(path))
        continue;
      if (!TREE.test(n) && !n.startsWith(".build-") && !n.startsWith(`.${CURRENT}-`))
        continue;
      await rm(path, { recursive: true, force: true });
      removed.push(n);
    }
    return removed;
  }
};

// packages/agent/dist/src/site/site-store.js
import { createHash, randomBytes as randomBytes2 } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { link, mkdir as mkdir2, readdir as readdir3, readFile, rename as rename2, rm as rm2, stat as stat2, unlink, writeFile } from "node:fs/promises";
import { join as join3 } from "node:path";
import { pipeline } from "node:stream/promises";

// packages/agent/dist/src/site/tree-scan.js
import { lstat, readdir as readdir2, readlink as readlink2 } from "node:fs/promises";
import { join as join2 } from "node:path";
async function scanTree(root) {
  const top = await lstat(root).catch((err) => {
    throw new SiteManifestError(`cannot read the tree ${root}: ${err.code ?? err.message}`);
  });
  if (!top.isDirectory())
    throw new SiteManifestError(`${root} is not a directory`);
  const out = [];
  const walk = async (dir, prefix) => {
    const names = (await readdir2(dir)).sort();
    for (const name of names) {
      const source = join2(dir, name);
      const path = prefix ? `${prefix}/${name}` : name;
      const st = await lstat(source);
      if (st.isDirectory()) {
        out.push({ path, type: "dir", mode: st.mode & 4095 });
        await walk(source, path);
      } else if (st.isFile()) {
        out.push({ path, type: "file", mode: st.mode & 4095, size: st.size, source });
      } else if (st.isSymbolicLink()) {
        out.push({ path, type: "symlink", target: await readlink2(source) });
      } else {
        throw new SiteManifestError(`'${path}' in ${root} is neither a directory, a file nor a symlink; a site tree holds only those`);
      }
    }
  };
  await walk(root, "");
  return out;
}

// packages/agent/dist/src/site/site-store.js
var tmpName = () => `${Date.now()}-${process.pid}-${randomBytes2(6).toString("hex")}`;
var SiteStore = class {
  layout;
  // Fan-out directories known to exist (one mkdir each, not one per object).
  fans = /* @__PURE__ */ new Set();
  constructor(root) {
    this.layout = storeLayout(root);
  }
  /** Publishes the tree at dir as a version of site, signed with a controller's credential. */
  async publish(dir, site, credential, o = {}) {
    const started = process.hrtime.bigint();
    checkSiteName(site);
    if (!credential.certificate.roles.includes(PUBLISHER_ROLE)) {
      throw new PermissionError(`credential '${credential.certificate.name}' may not publish sites: it needs role '${PUBLISHER_ROLE}' (has ${credential.certificate.roles.join(", ")})`);
    }
    if (o.version !== void 0)
      checkVersion(o.version, site);
    await this.prepare();
    const release = takeLock(this.layout.lock, `the site store ${this.layout.root}`);
    try {
      const scanned = await scanTree(dir);
      const entries = [];
      let objectsWritten = 0;
      let bytesWritten = 0;
      const files = scanned.filter((e) => e.type === "file");
      const hashes = new Array(files.length);
      const writing = /* @__PURE__ */ new Map();
      await forEachBounded(files, o.concurrency ?? 8, async (f, i) => {
        if (f.type !== "file")
          return;
        const { sha256, size, bytes: bytes2 } = await hashFile(f.source, f.size);
        if (size !== f.size)
          throw new SiteManifestError(`'${f.path}' changed while it was published (size ${f.size}, then ${size})`);
        hashes[i] = sha256;
        const pending = writing.get(sha256);
        if (pending)
          return void await pending;
        const write = this.hasObject(sha256).then((has) => has ? false : this.writeObject(f.source, sha256, f.path, bytes2).then(() => true));
        writing.set(sha256, write);
        if (!await write)
          return;
        objectsWritten++;
        bytesWritten += size;
      });
      let fi = 0;
      for (const e of scanned) {
        if (e.type === "file")
          entries.push({ path: e.path, type: "file", mode: e.mode, size: e.size, sha256: hashes[fi++] });
        else
          entries.push(e);
      }
      const version = o.version ?? (await this.versions(site)).reduce((m, v) => Math.max(m, v), 0) + 1;
      const fileCount = files.length;
      const bytes = files.reduce((n, f) => n + (f.type === "file" ? f.size : 0), 0);
      const manifest = checkManifestBody({ format: "lama-site-manifest", v: 1, site, version, definition: o.definition ?? EMPTY_DEFINITION, entries, files: fileCount, bytes });
      const signed = signSiteManifest(credential, manifest, o.now);
      const manifestPath = join3(this.layout.root, manifestKey(site, version));
      await mkdir2(join3(this.layout.sites, site), { recursive: true });
      const tmp = join3(this.layout.tmp, `${tmpName()}.json`);
      await writeFile(tmp, JSON.stringify(signed), { mode: 420 });
      try {
        await link(tmp, manifestPath);
      } catch (err) {
        if (err.code === "EEXIST")
          throw new StoreConflictError(`${site}@${version} is published already (${manifestPath}); versions never change`);
        throw err;
      } finally {
        await unlink(tmp).catch(() => void 0);
      }
      await this.writeIndex();
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      return { site, version, files: fileCount, bytes, objectsWritten, bytesWritten, manifestPath, seconds };
    } finally {
      release();
    }
  }
  /** The store's index (rebuilt from the manifests when it is missing). */
  async index() {
    try {
      return JSON.parse(await readFile(this.layout.index, "utf8"));
    } catch (err) {
      if (err.code !== "ENOENT")
        throw err;
      return this.buildIndex();
    }
  }
  /** The published versions of site, ascending. */
  async versions(site) {
    const names = await readdir3(join3(this.layout.sites, site)).catch(() => []);
    return names.map((n) => /^([0-9]+)\.json$/.exec(n)).filter((m) => m !== null).map((m) => Number(m[1])).sort((a, b) => a - b);
  }
  /**
   * Removes manifests beyond the newest `keep` versions of each site (all kept when absent),
   * then every object no remaining manifest references, and temp files left by crashed publishes.
   */
  async gc(o = {}) {
    if (o.keep !== void 0 && (!Number.isSafeInteger(o.keep) || o.keep < 1))
      throw new SiteManifestError(`--keep must be a positive integer, not ${o.keep}`);
    await this.prepare();
    const release = takeLock(this.layout.lock, `the site store ${this.layout.root}`);
    try {
      const manifestsRemoved = [];
      const live = /* @__PURE__ */ new Set();
      for (const site of await readdir3(this.layout.sites)) {
        const versions = await this.versions(site);
        const dropped = o.keep === void 0 ? [] : versions.slice(0, Math.max(0, versions.length - o.keep));
        for (const v of dropped) {
          await rm2(join3(this.layout.root, manifestKey(site, v)));
          manifestsRemoved.push(`${site}@${v}`);
        }
        for (const v of versions.filter((x) => !dropped.includes(x))) {
          const manifest = readManifestBody(JSON.parse(await readFile(join3(this.layout.root, manifestKey(site, v)), "utf8")));
          for (const e of manifest.entries)
            if (e.type === "file")
              live.add(e.sha256);
        }
      }
      let objectsRemoved = 0;
      let bytesRemoved = 0;
      for (const fan of await readdir3(this.layout.data)) {
        for (const name of await readdir3(join3(this.layout.data, fan))) {
          if (live.has(name))
            continue;
          const path = join3(this.layout.data, fan, name);
          bytesRemoved += (await stat2(path)).size;
          await rm2(path);
          objectsRemoved++;
        }
      }
      await rm2(this.layout.tmp, { recursive: true, force: true });
      await mkdir2(this.layout.tmp, { recursive: true });
      await this.writeIndex();
      return { manifestsRemoved, objectsRemoved, bytesRemoved, objectsKept: live.size };
    } finally {
      release();
    }
  }
  async prepare() {
    for (const d of [this.layout.data, this.layout.sites, this.layout.tmp])
      await mkdir2(d, { recursive: true });
  }
  async hasObject(sha256) {
    return stat2(join3(this.layout.root, objectKey(sha256))).then(() => true, () => false);
  }
  /**
   * Copies source into the store as object sha256 (temp file, then rename), hashing again on the
   * way: a file changed since it was hashed is refused. A small file's bytes, already read, are written as they are.
   */
  async writeObject(source, sha256, path, bytes) {
    const final = join3(this.layout.root, objectKey(sha256));
    const tmp = join3(this.layout.tmp, tmpName());
    try {
      if (bytes) {
        await writeFile(tmp, bytes, { mode: 420 });
      } else {
        const hash = createHash("sha256");
        await pipeline(createReadStream(source, { highWaterMark: 256 * 1024 }), async function* (chunks) {
          for await (const c of chunks) {
            hash.update(c);
            yield c;
          }
        }, createWriteStream(tmp, { mode: 420 }));
        if (hash.digest("hex") !== sha256)
          throw new ObjectHashError(`'${path}' changed while it was published; publish again`);
      }
      const fan = sha256.slice(0, 2);
      if (!this.fans.has(fan)) {
        await mkdir2(join3(this.layout.data, fan), { recursive: true });
        this.fans.add(fan);
      }
      await rename2(tmp, final);
    } finally {
      await rm2(tmp, { force: true });
    }
  }
  async buildIndex() {
    const sites = {};
    const names = await readdir3(this.layout.sites).catch(() => []);
    for (const site of names.sort()) {
      sites[site] = [];
      for (const version of await this.versions(site)) {
        const doc = JSON.parse(await readFile(join3(this.layout.root, manifestKey(site, version)), "utf8"));
        const m = readManifestBody(doc);
        sites[site].push({ version, signedAt: doc.signedAt, signer: signerName(doc.signer), files: m.files, bytes: m.bytes });
      }
    }
    return { format: "lama-site-index", v: 1, sites };
  }
  async writeIndex() {
    const tmp = join3(this.layout.tmp, `${tmpName()}.index`);
    await writeFile(tmp, JSON.stringify(await this.buildIndex(), null, 1), { mode: 420 });
    await rename2(tmp, this.layout.index);
  }
};
function signerName(token) {
  try {
    return JSON.parse(Buffer.from(token.split(".")[0] ?? "", "base64url").toString("utf8")).name ?? "?";
  } catch {
    return "?";
  }
}
function latestVersion(index, site) {
  const versions = index.sites?.[site];
  if (!Array.isArray(versions) || versions.length === 0)
    throw new SiteNotFoundError(`the store has no site '${site}' (sites: ${Object.keys(index.sites ?? {}).join(", ") || "none"})`);
  return versions.reduce((m, v) => Math.max(m, v.version), 0);
}

// packages/agent/dist/src/site/site-node.js
var MAX_INDEX_CHARS = 16 * 1024 * 1024;
var SiteNode = class _SiteNode {
  cache;
  verifier;
  replicas;
  queues = /* @__PURE__ */ new Map();
  constructor(cache, replicasDir, verifier) {
    this.cache = cache;
    this.verifier = verifier;
    this.replicas = new ReplicaSet(replicasDir, cache);
  }
  /** Opens (creating) the node's site state under o.dir. */
  static async open(o) {
    const cache = await NodeCache.open({ dir: join4(o.dir, "cache"), verifier: o.verifier, limitBytes: o.cacheLimitBytes, clock: o.clock, fsync: o.fsync });
    return new _SiteNode(cache, join4(o.dir, "replicas"), o.verifier);
  }
  /** Fetches site@version (absent: the store's latest) into the cache and materializes it. */
  async pull(source, site, version) {
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
        ...replica,
        files: manifest.files,
        bytes: manifest.bytes,
        objectsFetched: fetched.objects,
        bytesFetched: fetched.bytes,
        bytesReceived: this.cache.bytesReceived - receivedBefore,
        objectsCached: fetched.wanted - fetched.objects,
        seconds: Number(process.hrtime.bigint() - started) / 1e9
      };
    } finally {
      if (!(source instanceof StoreClient))
        client.close();
    }
  }
  /** Fetches and verifies site@version's signed manifest (absent version: the store's latest) and keeps it in the cache. */
  async fetchManifest(client, site, version) {
    checkSiteName(site);
    const v = version ?? await this.latest(client, site);
    const text = await client.text(manifestKey(site, v), MAX_MANIFEST_CHARS);
    let value;
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
  async fetchObjects(client, manifest, onObject) {
    const files = manifest.entries.flatMap((e) => e.type === "file" ? [e] : []);
    const wanted = /* @__PURE__ */ new Map();
    for (const f of files)
      wanted.set(cacheName(f.sha256, isExecutable(f.mode)), f);
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
  materializeManifest(manifest) {
    const before = this.queues.get(manifest.site) ?? Promise.resolve();
    const run = before.catch(() => void 0).then(() => this.replicas.materialize(manifest));
    this.queues.set(manifest.site, run);
    return run;
  }
  /** Builds site@version from the cache alone and makes it current. */
  async materialize(site, version) {
    return this.materializeManifest(await this.cache.manifest(site, version));
  }
  /** The current replica of site, if any. */
  current(site) {
    return this.replicas.current(site);
  }
  /** A snapshot of what the cache holds for site's current version (unsigned; sign with signCacheSnapshot). */
  async snapshot(site, o = {}) {
    const r = await this.replicas.current(site);
    if (!r)
      throw new SiteManifestError(`no replica of '${site}' on this node: nothing to snapshot`);
    return takeSnapshot(this.cache, await this.cache.manifest(site, r.version), o);
  }
  /**
   * Removes every replica of site (none may be held) and evicts the objects of its current
   * version and of `version` (a deployment that failed before materializing) that no other
   * replica links, and their partial downloads; returns what was evicted (cleaning without keep_cache).
   */
  async drop(site, version) {
    checkSiteName(site);
    const r = await this.replicas.current(site);
    const names = [];
    for (const v of /* @__PURE__ */ new Set([r?.version, version])) {
      if (!v)
        continue;
      const m = await this.cache.manifest(site, v).catch(() => void 0);
      for (const e of m?.entries ?? [])
        if (e.type === "file")
          names.push(cacheName(e.sha256, isExecutable(e.mode)));
    }
    await this.replicas.remove(site);
    const evicted = await this.cache.evict(names);
    await this.cache.dropPartials(names);
    await this.cache.flush();
    return evicted;
  }
  /** Flushes the cache's journal and releases its lock. */
  async close() {
    await Promise.allSettled([...this.queues.values()]);
    await this.cache.close();
  }
  async latest(client, site) {
    const text = await client.text(INDEX_KEY, MAX_INDEX_CHARS);
    let index;
    try {
      index = JSON.parse(text);
    } catch {
      throw new StoreFetchError(`${client.urlOf(INDEX_KEY)} is not valid JSON`);
    }
    const latest = latestVersion(index, site);
    const known = await this.cache.manifestVersions(site);
    const newest = known[known.length - 1];
    if (newest !== void 0 && latest < newest) {
      throw new SiteManifestError(`the store's latest '${site}' is version ${latest}, older than version ${newest} this node has verified; ask for a version to roll back`);
    }
    return latest;
  }
};

export {
  SiteStore,
  SiteNode
};
