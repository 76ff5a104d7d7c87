import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  PART_SUFFIX
} from "./chunk-4UNPKTYS.js";
import {
  configErrorOf
} from "./chunk-IWLBJ6JX.js";
import {
  CacheFullError,
  ObjectHashError,
  SiteManifestError,
  SiteNotFoundError,
  StoreConflictError,
  StoreFetchError,
  UnsafePathError
} from "./chunk-KSE75MTL.js";
import {
  parseMapping
} from "./chunk-EXKF7SXK.js";
import {
  external_exports
} from "./chunk-36O33FJM.js";
import {
  MappingError
} from "./chunk-S3SJLHWA.js";
import {
  signDocument,
  verifyDocument
} from "./chunk-VMRBDOJN.js";
import {
  systemClock
} from "./chunk-A4HYEA5Q.js";

// packages/agent/dist/src/site/site-definition.js
var RELATIVE = /^(?!\/)(?!.*(^|\/)\.{1,2}(\/|$))(?!.*\/\/)[^\0]+$/;
var relative = external_exports.string().regex(RELATIVE, "must be a relative path without '.', '..' or empty parts");
var definitionSchema = external_exports.strictObject({
  mapping: external_exports.unknown().optional(),
  adapters: external_exports.array(external_exports.strictObject({
    name: external_exports.string().regex(/^[a-z][a-z0-9-]{0,31}$/, 'lowercase letters, digits and "-"'),
    type: external_exports.string().min(1, "a built-in name, a path or a package"),
    /** A file of the site's tree that defines the adapter (downloadable code, docs/deployment.md). */
    module: relative.optional(),
    options: external_exports.record(external_exports.string(), external_exports.unknown()).default({})
  })).default([]),
  hot: external_exports.array(external_exports.union([external_exports.literal(""), relative])).default([])
});
var EMPTY_DEFINITION = { mapping: [], adapters: [], hot: [] };
function parseSiteDefinition(raw, source = "site definition") {
  const r = definitionSchema.safeParse(raw ?? {});
  if (!r.success)
    throw new SiteManifestError(configErrorOf(r.error, source).message);
  const names = r.data.adapters.map((a) => a.name);
  const dup = names.find((n, i) => names.indexOf(n) !== i);
  if (dup)
    throw new SiteManifestError(`${source}: adapters: the name '${dup}' is used twice`);
  return { ...r.data, mapping: parseSiteMapping(r.data.mapping, `${source}: mapping`) };
}
function parseSiteMapping(raw, source) {
  if (raw === void 0 || Array.isArray(raw) && raw.length === 0)
    return [];
  let entries;
  try {
    entries = parseMapping(raw, source);
  } catch (err) {
    if (err instanceof MappingError)
      throw new SiteManifestError(err.message);
    throw err;
  }
  entries.forEach((e, i) => {
    if (e.shared !== "" && !RELATIVE.test(e.shared))
      throw new SiteManifestError(`${source}: entry ${i + 1}: 'shared' ${JSON.stringify(e.shared)} must be a path of the replica, relative, without '.', '..' or empty parts`);
    if (e.script !== void 0 && !RELATIVE.test(e.script))
      throw new SiteManifestError(`${source}: entry ${i + 1}: 'script' ${JSON.stringify(e.script)} must be a path of the tree, relative, without '.', '..' or empty parts`);
  });
  return entries;
}

// packages/agent/dist/src/site/tree-path.js
import { posix } from "node:path";
var MAX_PATH = 4096;
var MAX_NAME = 255;
function checkTreePath(path, what = "path") {
  if (typeof path !== "string" || path === "")
    throw new UnsafePathError(`${what} is empty or not a string`);
  const shown = JSON.stringify(path.slice(0, 200));
  if (path.length > MAX_PATH)
    throw new UnsafePathError(`${what} ${shown}... is over ${MAX_PATH} characters`);
  if (path.includes("\0"))
    throw new UnsafePathError(`${what} ${shown} holds a NUL character`);
  if (path.startsWith("/"))
    throw new UnsafePathError(`${what} ${shown} is absolute`);
  for (const part of path.split("/")) {
    if (part === "..")
      throw new UnsafePathError(`${what} ${shown} has '..'`);
    if (part === "" || part === ".")
      throw new UnsafePathError(`${what} ${shown} has an empty or '.' part`);
    if (part.length > MAX_NAME)
      throw new UnsafePathError(`${what} ${shown} has a name over ${MAX_NAME} characters`);
  }
  return path;
}
function checkLinkTarget(linkPath, target) {
  if (typeof target !== "string" || target === "")
    throw new UnsafePathError(`symlink '${linkPath}' has an empty target`);
  if (target.includes("\0") || target.length > MAX_PATH)
    throw new UnsafePathError(`symlink '${linkPath}' has a malformed target`);
  if (target.startsWith("/"))
    throw new UnsafePathError(`symlink '${linkPath}' points to the absolute path ${JSON.stringify(target)}, outside the replica`);
  const resolved = posix.normalize(posix.join(posix.dirname(linkPath), target));
  if (resolved === ".." || resolved.startsWith("../"))
    throw new UnsafePathError(`symlink '${linkPath}' -> ${JSON.stringify(target)} escapes the replica`);
  return target;
}
function parentOf(path) {
  const i = path.lastIndexOf("/");
  return i < 0 ? "" : path.slice(0, i);
}

// packages/agent/dist/src/site/site-manifest.js
var SITE_MANIFEST_KIND = "site-manifest";
var PUBLISHER_ROLE = "controller";
var SITE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;
var SHA256 = /^[0-9a-f]{64}$/;
var MAX_MANIFEST_CHARS = 64 * 1024 * 1024;
var SYMLINK_HOPS = 40;
function checkSiteName(site) {
  if (!SITE_NAME.test(site))
    throw new SiteManifestError(`site name '${site}' must be 1-63 lowercase letters, digits and '-', starting with a letter or digit`);
  return site;
}
function checkVersion(version, site = "site") {
  if (!Number.isSafeInteger(version) || version < 1)
    throw new SiteManifestError(`${site}: version '${version}' must be a positive integer`);
  return version;
}
function parseSiteRef(ref) {
  const at = ref.indexOf("@");
  const site = checkSiteName(at < 0 ? ref : ref.slice(0, at));
  if (at < 0)
    return { site };
  const text = ref.slice(at + 1);
  if (!/^[0-9]+$/.test(text))
    throw new SiteManifestError(`version '${text}' of '${ref}' must be a positive integer`);
  return { site, version: checkVersion(Number(text), site) };
}
function signSiteManifest(credential, manifest, now = Date.now()) {
  return signDocument(credential, SITE_MANIFEST_KIND, manifest, now);
}
function verifySiteManifest(verifier, value, expect) {
  const doc = verifyDocument(verifier, value, { kind: SITE_MANIFEST_KIND, roles: [PUBLISHER_ROLE], maxChars: MAX_MANIFEST_CHARS });
  const manifest = checkManifestBody(doc.body);
  if (manifest.site !== expect.site)
    throw new SiteManifestError(`manifest is for site '${manifest.site}', expected '${expect.site}'`);
  if (expect.version !== void 0 && manifest.version !== expect.version) {
    throw new SiteManifestError(`manifest of '${manifest.site}' is version ${manifest.version}, expected ${expect.version}`);
  }
  return { manifest, signer: doc.signer.name, signedAt: doc.signedAt };
}
function readManifestBody(value) {
  if (typeof value !== "object" || value === null || typeof value.body !== "string")
    throw new SiteManifestError("not a signed site manifest");
  let body;
  try {
    body = JSON.parse(value.body);
  } catch {
    throw new SiteManifestError("site manifest body is not valid JSON");
  }
  return checkManifestBody(body);
}
function fail(message) {
  throw new SiteManifestError(`site manifest: ${message}`);
}
function isRecord(v) {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}
function mode(v, path) {
  if (!Number.isInteger(v) || v < 0 || v > 4095)
    fail(`entry '${path}': mode must be an integer from 0 to 0o7777`);
  return v;
}
function checkManifestBody(body) {
  if (!isRecord(body))
    fail("body is not an object");
  if (body.format !== "lama-site-manifest" || body.v !== 1)
    fail("not a LAMA site manifest (fields 'format' and 'v')");
  if (typeof body.site !== "string" || !SITE_NAME.test(body.site))
    fail("field 'site' is not a site name");
  if (typeof body.version !== "number")
    fail("field 'version' is not a number");
  checkVersion(body.version, body.site);
  const definition = parseSiteDefinition(body.definition, `site manifest of '${body.site}': definition`);
  if (!Array.isArray(body.entries))
    fail("field 'entries' is not a list");
  const entries = [];
  const kinds = /* @__PURE__ */ new Map();
  let files = 0;
  let bytes = 0;
  for (const raw of body.entries) {
    if (!isRecord(raw))
      fail("an entry is not an object");
    const path = checkTreePath(raw.path, "entry path");
    if (kinds.has(path))
      fail(`entry '${path}' appears twice`);
    const parent = parentOf(path);
    if (parent !== "" && kinds.get(parent)?.type !== "dir")
      fail(`entry '${path}' comes before its directory '${parent}', or its parent is not a directory`);
    let entry;
    if (raw.type === "dir") {
      entry = { path, type: "dir", mode: mode(raw.mode, path) };
    } else if (raw.type === "file") {
      if (!Number.isSafeInteger(raw.size) || raw.size < 0)
        fail(`entry '${path}': size must be a non-negative integer`);
      if (typeof raw.sha256 !== "string" || !SHA256.test(raw.sha256))
        fail(`entry '${path}': sha256 must be 64 lowercase hex digits`);
      entry = { path, type: "file", mode: mode(raw.mode, path), size: raw.size, sha256: raw.sha256 };
      files++;
      bytes += entry.size;
    } else if (raw.type === "symlink") {
      entry = { path, type: "symlink", target: checkLinkTarget(path, raw.target) };
    } else {
      fail(`entry '${path}': type must be 'dir', 'file' or 'symlink'`);
    }
    kinds.set(path, entry);
    entries.push(entry);
  }
  for (const e of entries)
    if (e.type === "symlink")
      checkResolvesInside(e.path, kinds);
  if (body.files !== files || body.bytes !== bytes)
    fail(`totals say ${String(body.files)} files and ${String(body.bytes)} bytes, the entries ${files} and ${bytes}`);
  return { format: "lama-site-manifest", v: 1, site: body.site, version: body.version, definition, entries, files, bytes };
}
function checkResolvesInside(start, kinds) {
  let hops = 0;
  const walk = (parts, rest) => {
    while (rest.length) {
      const part = rest.shift();
      if (part === "." || part === "")
        continue;
      if (part === "..") {
        if (parts.length === 0)
          throw new UnsafePathError(`symlink '${start}' resolves to a place outside the replica`);
        parts.pop();
        continue;
      }
      const here = [...parts, part].join("/");
      const entry = kinds.get(here);
      if (entry?.type === "symlink") {
        if (++hops > SYMLINK_HOPS)
          throw new UnsafePathError(`symlink '${start}' resolves through more than ${SYMLINK_HOPS} links`);
        rest.unshift(...entry.target.split("/"));
        continue;
      }
      parts.push(part);
    }
  };
  const link = kinds.get(start);
  walk(parentOf(start) === "" ? [] : parentOf(start).split("/"), link.target.split("/"));
}

// packages/agent/dist/src/site/store-layout.js
import { join } from "node:path";
function objectKey(sha256) {
  return `data/${sha256.slice(0, 2)}/${sha256}`;
}
function manifestKey(site, version) {
  return `sites/${site}/${version}.json`;
}
var INDEX_KEY = "index.json";
function storeLayout(root) {
  return { root, data: join(root, "data"), sites: join(root, "sites"), tmp: join(root, "tmp"), index: join(root, INDEX_KEY), lock: join(root, ".lock") };
}

// packages/agent/dist/src/site/node-cache.js
import { chmod, copyFile, mkdir, open, readdir, readFile as readFile3, rename as rename2, rm, stat, writeFile as writeFile2 } from "node:fs/promises";
import { execFile } from "node:child_process";
import { closeSync as closeSync2, fsyncSync, lstatSync, openSync as openSync2 } from "node:fs";
import { join as join2 } from "node:path";
import { promisify } from "node:util";

// packages/agent/dist/src/site/cache-journal.js
import { appendFile, readFile, rename, writeFile } from "node:fs/promises";
var CacheJournal = class {
  path;
  pending = [];
  lines = 0;
  constructor(path) {
    this.path = path;
  }
  /** Reads every name's last use. */
  async load() {
    const out = /* @__PURE__ */ new Map();
    const text = await readFile(this.path, "utf8").catch(() => "");
    for (const line of text.split("\n")) {
      const [name, ms] = line.split(" ");
      if (name && ms && Number.isFinite(Number(ms)))
        out.set(name, Number(ms));
      if (line)
        this.lines++;
    }
    return out;
  }
  /** Records a use (written at the next flush). */
  record(name, ms) {
    this.pending.push(`${name} ${ms}
`);
  }
  /**
   * Appends the recorded uses; compacts when the file holds over 4 lines per live entry. Best
   * effort: a failure (a full disk) drops these uses and never fails the caller's operation.
   */
  async flush(live) {
    try {
      if (this.pending.length) {
        const text = this.pending.join("");
        this.lines += this.pending.length;
        this.pending = [];
        await appendFile(this.path, text);
      }
      if (this.lines > 4 * live.size + 1e3) {
        const tmp = `${this.path}.tmp`;
        await writeFile(tmp, [...live].map(([n, e]) => `${n} ${e.lastUsed}
`).join(""));
        await rename(tmp, this.path);
        this.lines = live.size;
      }
    } catch {
    }
  }
};

// packages/agent/dist/src/site/dir-lock.js
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { dirname } from "node:path";
function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === "EPERM";
  }
}
function takeLock(path, what) {
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx", 420);
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let held = true;
      return () => {
        if (held)
          rmSync(path, { force: true });
        held = false;
      };
    } catch (err) {
      if (err.code !== "EEXIST")
        throw err;
      const pid = Number(readFileSync(path, "utf8").trim());
      if (Number.isSafeInteger(pid) && pid > 0 && pid !== process.pid && alive(pid)) {
        throw new StoreConflictError(`${what} is in use by process ${pid} (lock ${path})`);
      }
      if (pid === process.pid)
        throw new StoreConflictError(`${what} is already open in this process (lock ${path})`);
      rmSync(path, { force: true });
    }
  }
  throw new StoreConflictError(`cannot take the lock ${path} of ${what}`);
}

// packages/agent/dist/src/site/file-hash.js
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile as readFile2 } from "node:fs/promises";
var WHOLE_READ_BYTES = 1024 * 1024;
async function hashFile(path, knownSize) {
  if (knownSize !== void 0 && knownSize <= WHOLE_READ_BYTES) {
    const bytes = await readFile2(path);
    return { sha256: createHash("sha256").update(bytes).digest("hex"), size: bytes.length, bytes };
  }
  const hash = createHash("sha256");
  let size = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
    hash.update(chunk);
    size += chunk.length;
  }
  return { sha256: hash.digest("hex"), size };
}

// packages/agent/dist/src/site/node-cache.js
function cacheName(sha256, executable) {
  return executable ? `${sha256}.x` : sha256;
}
function isExecutable(mode2) {
  return (mode2 & 73) !== 0;
}
var NAME = /^([0-9a-f]{64})(\.x)?$/;
var execFileAsync = promisify(execFile);
var NodeCache = class _NodeCache {
  o;
  objectsDir;
  partialDir;
  manifestsDir;
  entries = /* @__PURE__ */ new Map();
  inflight = /* @__PURE__ */ new Map();
  journal;
  clock;
  total = 0;
  /** Bytes received from stores since the cache was opened (less than fetched when downloads resumed). */
  bytesReceived = 0;
  /** Bytes promised to objects being fetched or imported, so that parallel fetches respect the limit together. */
  reserved = 0;
  release;
  // Fan-out directories known to exist (one mkdir each, not one per object).
  fans = /* @__PURE__ */ new Set();
  // Present while objects land in place by multicast, until the file system has synced them.
  get landingMarker() {
    return join2(this.o.dir, "landing");
  }
  constructor(o) {
    this.o = o;
    this.objectsDir = join2(o.dir, "objects");
    this.partialDir = join2(o.dir, "partial");
    this.manifestsDir = join2(o.dir, "manifests");
    this.journal = new CacheJournal(join2(o.dir, "journal"));
    this.clock = o.clock ?? systemClock;
  }
  /**
   * Opens (creating) the cache at o.dir: takes its lock, lists its objects, reads the journal.
   * After a crash during a landing (the marker is there), objects written since the marker are
   * hashed again and dropped unless whole: they were visible before the file system synced them.
   */
  static async open(o) {
    const cache = new _NodeCache(o);
    for (const d of [cache.objectsDir, cache.partialDir, cache.manifestsDir])
      await mkdir(d, { recursive: true });
    cache.release = takeLock(join2(o.dir, "lock"), `the node cache ${o.dir}`);
    try {
      const uses = await cache.journal.load();
      const landing = await stat(cache.landingMarker).catch(() => void 0);
      for (const fan of await readdir(cache.objectsDir)) {
        for (const name of await readdir(join2(cache.objectsDir, fan))) {
          const path = join2(cache.objectsDir, fan, name);
          if (name.endsWith(PART_SUFFIX))
            await rm(path, { force: true });
          if (!NAME.test(name) || !name.startsWith(fan))
            continue;
          const st = await stat(path);
          if (landing && st.mtimeMs >= landing.mtimeMs - 1e3 && (await hashFile(path, st.size)).sha256 !== name.slice(0, 64)) {
            await rm(path, { force: true });
            continue;
          }
          cache.entries.set(name, { size: st.size, lastUsed: uses.get(name) ?? st.mtimeMs });
          cache.total += st.size;
        }
      }
      if (landing)
        await rm(cache.landingMarker, { force: true });
    } catch (err) {
      cache.release();
      throw err;
    }
    return cache;
  }
  /** Bytes of objects held. */
  get bytes() {
    return this.total;
  }
  /** The size limit in bytes (Infinity: none). */
  get limitBytes() {
    return this.o.limitBytes ?? Infinity;
  }
  /** Names of the objects held (sha256, '.x' for executable copies). */
  names() {
    return [...this.entries.keys()];
  }
  /** The entry of a cached object, if held. */
  entry(name) {
    return this.entries.get(name);
  }
  /** Where object `name` lives. */
  pathOf(name) {
    return join2(this.objectsDir, name.slice(0, 2), name);
  }
  /** Marks objects as used now (for LRU order and snapshots of what was used since a time). */
  touch(names) {
    const now = this.clock.now();
    for (const n of names) {
      const e = this.entries.get(n);
      if (!e)
        continue;
      e.lastUsed = now;
      this.journal.record(n, now);
    }
  }
  /** Removes the named objects that no replica links (one link left); returns how many and their bytes. */
  async evict(names) {
    let objects = 0;
    let bytes = 0;
    for (const n of new Set(names)) {
      const size = await this.evictUnlinked(n);
      if (size === void 0)
        continue;
      objects++;
      bytes += size;
    }
    return { objects, bytes };
  }
  /** Removes what partial downloads, copies and imports of the named objects left (a failed pull's resume data). */
  async dropPartials(names) {
    for (const n of new Set(names)) {
      if (this.inflight.has(n))
        continue;
      const sha256 = n.replace(/\.x$/, "");
      for (const part of [sha256, `${n}.copy`, `${n}.import`])
        await rm(join2(this.partialDir, part), { force: true });
    }
  }
  // Removes one object unless a replica still links it (more than one link); returns its size when removed.
  async evictUnlinked(name) {
    const e = this.entries.get(name);
    if (!e)
      return void 0;
    const path = this.pathOf(name);
    const st = await stat(path).catch(() => void 0);
    if (st && st.nlink > 1)
      return void 0;
    if (!this.entries.has(name))
      return void 0;
    await rm(path, { force: true });
    this.entries.delete(name);
    this.total -= e.size;
    return e.size;
  }
  /**
   * Makes object `name` present, fetching it from the store if needed; returns whether it
   * fetched. `pinned` names may not be evicted to make room (the rest of the same pull).
   */
  async fetch(client, sha256, size, executable, pinned, label) {
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
  static landingPath(name) {
    return `${name.slice(0, 2)}/${name}`;
  }
  /**
   * Reserves room for `bytes` of objects about to land in place (a cache multicast), evicting
   * as a fetch does (never `pinned`); returns the function that gives the reservation back.
   * Marks the cache as landing until endLanding(): a crash in between is checked at open.
   */
  async beginLanding(bytes, pinned) {
    const unreserve = await this.makeRoom(`of ${bytes} bytes (a cache snapshot)`, bytes, pinned);
    try {
      const fd = openSync2(this.landingMarker, "w");
      if (this.o.fsync !== false)
        fsyncSync(fd);
      closeSync2(fd);
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
  async endLanding(objects) {
    const taken = [];
    const now = this.clock.now();
    for (const { name, size } of objects) {
      if (!NAME.test(name) || this.entries.has(name))
        continue;
      const st = lstatSync(this.pathOf(name), { throwIfNoEntry: false });
      if (!st?.isFile() || st.size !== size)
        continue;
      this.entries.set(name, { size, lastUsed: now });
      this.journal.record(name, now);
      this.total += size;
      taken.push({ name, size });
    }
    if (this.o.fsync !== false)
      await syncFileSystem(this.objectsDir);
    await rm(this.landingMarker, { force: true });
    return taken;
  }
  /** Saves a verified manifest's signed text (site/version.json). */
  async saveManifest(manifest, signedText) {
    const dir = join2(this.manifestsDir, manifest.site);
    await mkdir(dir, { recursive: true });
    const tmp = join2(dir, `${manifest.version}.json.tmp`);
    await writeFile2(tmp, signedText);
    await rename2(tmp, join2(dir, `${manifest.version}.json`));
  }
  /** Reads a manifest the cache holds, verified again against the pool key. */
  async manifest(site, version) {
    let text;
    try {
      text = await readFile3(join2(this.manifestsDir, site, `${version}.json`), "utf8");
    } catch {
      throw new SiteNotFoundError(`the cache holds no manifest of ${site}@${version}; pull it first`);
    }
    if (text.length > MAX_MANIFEST_CHARS)
      throw new SiteNotFoundError(`the cached manifest of ${site}@${version} is too large`);
    return verifySiteManifest(this.o.verifier, JSON.parse(text), { site, version }).manifest;
  }
  /** The versions of site whose manifests the cache holds, ascending. */
  async manifestVersions(site) {
    const names = await readdir(join2(this.manifestsDir, site)).catch(() => []);
    return names.map((n) => /^([0-9]+)\.json$/.exec(n)).filter((m) => m !== null).map((m) => Number(m[1])).sort((a, b) => a - b);
  }
  /** Writes the journal of uses (also done by close). */
  async flush() {
    await this.journal.flush(this.entries);
  }
  /** Flushes the journal and releases the lock. */
  async close() {
    if (!this.release)
      return;
    await this.flush();
    this.release();
    this.release = void 0;
  }
  async fetchNew(client, sha256, size, executable, pinned, label) {
    const unreserve = await this.makeRoom(cacheName(sha256, executable), size, pinned);
    try {
      return await this.download(client, sha256, size, executable, label);
    } finally {
      unreserve();
    }
  }
  async download(client, sha256, size, executable, label) {
    const name = cacheName(sha256, executable);
    const other = cacheName(sha256, !executable);
    if (this.entries.has(other)) {
      const part2 = join2(this.partialDir, `${name}.copy`);
      try {
        await copyFile(this.pathOf(other), part2);
        await this.commit(part2, name, size, executable);
      } catch (err) {
        await rm(part2, { force: true });
        throw diskFull(err, sha256, label);
      }
      return false;
    }
    const part = join2(this.partialDir, sha256);
    const { received, sha256: got } = await client.download(objectKey(sha256), part, size).catch((err) => {
      const what = `object ${sha256} ('${label}'): ${err.message}`;
      if (err instanceof CacheFullError)
        throw new CacheFullError(what);
      if (err instanceof SiteNotFoundError)
        throw new SiteNotFoundError(what);
      if (err instanceof StoreFetchError)
        throw new StoreFetchError(what);
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
  async commit(part, name, size, executable) {
    if (this.o.fsync !== false) {
      const fh = await open(part, "r");
      try {
        await fh.datasync();
      } finally {
        await fh.close();
      }
    }
    await chmod(part, executable ? 365 : 292);
    const fan = name.slice(0, 2);
    if (!this.fans.has(fan)) {
      await mkdir(join2(this.objectsDir, fan), { recursive: true });
      this.fans.add(fan);
    }
    await rename2(part, this.pathOf(name));
    const now = this.clock.now();
    this.entries.set(name, { size, lastUsed: now });
    this.journal.record(name, now);
    this.total += size;
  }
  /**
   * Evicts least recently used objects that no replica links to (and not pinned) until `size`
   * more bytes fit, and reserves them; returns the function that gives the reservation back.
   */
  async makeRoom(name, size, pinned) {
    const limit = this.limitBytes;
    const fits = () => this.total + this.reserved + size <= limit;
    if (!fits()) {
      const candidates = [...this.entries].filter(([n]) => !pinned.has(n)).sort((a, b) => a[1].lastUsed - b[1].lastUsed);
      for (const [n] of candidates) {
        if (fits())
          break;
        await this.evictUnlinked(n);
      }
      if (!fits()) {
        throw new CacheFullError(`the cache limit of ${limit} bytes cannot take object ${name.slice(0, 64)} (${size} bytes): ${this.total + this.reserved} bytes are held by replicas in use or by this pull`);
      }
    }
    this.reserved += size;
    let held = true;
    return () => {
      if (held)
        this.reserved -= size;
      held = false;
    };
  }
};
async function syncFileSystem(dir) {
  await execFileAsync("sync", ["-f", dir]);
}
function diskFull(err, sha256, label) {
  const e = err;
  if (e.code === "ENOSPC" || e.code === "EDQUOT")
    return new CacheFullError(`no space left on the cache's disk (${e.code}) for object ${sha256} ('${label}')`);
  return e;
}

// packages/agent/dist/src/site/store-client.js
import { createHash as createHash2 } from "node:crypto";
import { createReadStream as createReadStream2 } from "node:fs";
import { open as open2, stat as stat2, truncate } from "node:fs/promises";
import { Agent, request } from "node:http";
var HttpStatusError = class extends Error {
  status;
  constructor(status, url) {
    super(`HTTP ${status} from ${url}`);
    this.status = status;
  }
};
var FinalError = class extends Error {
  reason;
  constructor(reason) {
    super(reason.message);
    this.reason = reason;
  }
};
var StoreClient = class {
  base;
  agent;
  /** Requests at once. */
  concurrency;
  timeoutMs;
  attempts;
  backoffMs;
  maxBackoffMs;
  clock;
  active = 0;
  waiting = [];
  /** Requests sent, including retries (for tests and benchmarks). */
  requests = 0;
  constructor(o) {
    let base;
    try {
      base = new URL(o.url.endsWith("/") ? o.url : `${o.url}/`);
    } catch {
      throw new StoreFetchError(`store URL '${o.url}' is not a URL`);
    }
    if (base.protocol !== "http:")
      throw new StoreFetchError(`store URL '${o.url}' must be http://HOST:PORT/...`);
    this.base = base;
    this.concurrency = o.concurrency ?? 8;
    this.agent = new Agent({ keepAlive: true, maxSockets: this.concurrency });
    this.timeoutMs = o.timeoutMs ?? 3e4;
    this.attempts = o.attempts ?? 5;
    this.backoffMs = o.backoffMs ?? 200;
    this.maxBackoffMs = o.maxBackoffMs ?? 5e3;
    this.clock = o.clock ?? systemClock;
  }
  /** The URL of a store key. */
  urlOf(key) {
    return new URL(key, this.base).toString();
  }
  /** Fetches a small document (index, manifest) as text; refuses more than maxBytes. */
  async text(key, maxBytes) {
    return this.withRetries(key, async () => {
      const res = await this.get(key, {});
      if (res.statusCode !== 200) {
        res.resume();
        throw new HttpStatusError(res.statusCode ?? 0, this.urlOf(key));
      }
      const chunks = [];
      let n = 0;
      for await (const c of res) {
        n += c.length;
        if (n > maxBytes) {
          res.destroy();
          throw new FinalError(new StoreFetchError(`${this.urlOf(key)} is over ${maxBytes} bytes`));
        }
        chunks.push(c);
      }
      return Buffer.concat(chunks).toString("utf8");
    });
  }
  /**
   * Downloads key into file, appending to what the file holds already (a Range request) until
   * it holds `size` bytes; never writes past `size`. Returns the file's sha256 (hashed as the
   * bytes arrive, after the part kept from before); the caller compares it with the name.
   */
  async download(key, file, size) {
    let received = 0;
    let resumed = false;
    let sha256 = "";
    await this.withRetries(key, async () => {
      const have = await stat2(file).then((s) => s.size, () => 0);
      if (have > size)
        await truncate(file, 0);
      const from = have > size ? 0 : have;
      if (from === size && size > 0) {
        sha256 = (await hashFile(file)).sha256;
        return;
      }
      const hash = createHash2("sha256");
      const res = await this.get(key, from > 0 ? { range: `bytes=${from}-` } : {});
      let offset = 0;
      if (res.statusCode === 206 && from > 0) {
        const m = /^bytes (\d+)-/.exec(String(res.headers["content-range"] ?? ""));
        if (!m || Number(m[1]) !== from) {
          res.resume();
          throw new StoreFetchError(`${this.urlOf(key)} answered a Range request with the wrong range`);
        }
        offset = from;
        resumed = true;
        for await (const c of createReadStream2(file, { start: 0, end: from - 1 }))
          hash.update(c);
      } else if (res.statusCode === 200) {
        if (from > 0)
          await truncate(file, 0);
      } else {
        res.resume();
        throw new HttpStatusError(res.statusCode ?? 0, this.urlOf(key));
      }
      const declared = res.headers["content-length"] === void 0 ? void 0 : Number(res.headers["content-length"]);
      if (declared !== void 0 && offset + declared > size) {
        res.destroy();
        throw new FinalError(new StoreFetchError(`${this.urlOf(key)} is ${offset + declared} bytes, the manifest says ${size}`));
      }
      let written = offset;
      const fh = await open2(file, "a");
      try {
        for await (const c of res) {
          if (written + c.length > size) {
            res.destroy();
            throw new FinalError(new StoreFetchError(`${key}: the store sent more than the ${size} bytes the manifest says`));
          }
          for (let done = 0; done < c.length; )
            done += (await fh.write(c, done, c.length - done)).bytesWritten;
          hash.update(c);
          written += c.length;
          received += c.length;
        }
      } catch (err) {
        const code = err.code;
        if (code === "ENOSPC" || code === "EDQUOT") {
          res.destroy();
          throw new FinalError(new CacheFullError(`no space left on the cache's disk (${code}) for ${key} (${written} of ${size} bytes kept; the next pull resumes)`));
        }
        throw err;
      } finally {
        await fh.close();
      }
      if (written < size)
        throw new StoreFetchError(`${this.urlOf(key)} ended after ${written} of ${size} bytes`);
      sha256 = hash.digest("hex");
    });
    return { received, resumed, sha256 };
  }
  /** Closes the kept-alive connections. */
  close() {
    this.agent.destroy();
  }
  async withRetries(key, attempt) {
    let wait = this.backoffMs;
    let last = new Error("no attempt");
    for (let i = 1; i <= this.attempts; i++) {
      await this.acquire();
      try {
        return await attempt();
      } catch (err) {
        if (err instanceof FinalError)
          throw err.reason;
        last = err;
      } finally {
        this.release();
      }
      if (i < this.attempts) {
        await new Promise((r) => this.clock.setTimer(r, wait / 2 + Math.random() * wait / 2));
        wait = Math.min(wait * 2, this.maxBackoffMs);
      }
    }
    if (last instanceof HttpStatusError && last.status === 404) {
      throw new SiteNotFoundError(`the store at ${this.base} has no ${key} (HTTP 404 on each of ${this.attempts} tries)`);
    }
    throw new StoreFetchError(`cannot fetch ${key} from ${this.base} after ${this.attempts} tries: ${last.message}`);
  }
  get(key, headers) {
    this.requests++;
    return new Promise((resolve, reject) => {
      const req = request(this.urlOf(key), { agent: this.agent, headers, timeout: this.timeoutMs }, resolve);
      req.on("timeout", () => req.destroy(new Error(`no data from ${this.urlOf(key)} for ${this.timeoutMs} ms`)));
      req.on("error", reject);
      req.end();
    });
  }
  acquire() {
    if (this.active < this.concurrency) {
      this.active++;
      return Promise.resolve();
    }
    return new Promise((r) => this.waiting.push(() => {
      this.active++;
      r();
    }));
  }
  release() {
    this.active--;
    this.waiting.shift()?.();
  }
};

export {
  takeLock,
  hashFile,
  EMPTY_DEFINITION,
  parseSiteDefinition,
  PUBLISHER_ROLE,
  MAX_MANIFEST_CHARS,
  checkSiteName,
  checkVersion,
  parseSiteRef,
  signSiteManifest,
  verifySiteManifest,
  readManifestBody,
  checkManifestBody,
  objectKey,
  manifestKey,
  INDEX_KEY,
  storeLayout,
  cacheName,
  isExecutable,
  NodeCache,
  StoreClient
};
