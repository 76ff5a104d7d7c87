import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  LifecycleFile,
  checkTransition
} from "./chunk-CV5GMX46.js";
import {
  NodeCache,
  StoreClient,
  cacheName,
  checkSiteName,
  isExecutable
} from "./chunk-R4APUNPC.js";
import {
  receiveOverUdp,
  sendOverUdp
} from "./chunk-4UNPKTYS.js";
import {
  CacheFullError,
  CacheSourceError,
  ObjectHashError,
  SiteManifestError,
  src_exports
} from "./chunk-KSE75MTL.js";
import {
  cleanState,
  journalState,
  mapEntries
} from "./chunk-EXKF7SXK.js";
import {
  isAdapterFactory
} from "./chunk-36O33FJM.js";
import {
  parseHostPort
} from "./chunk-MT4BYXDY.js";

// packages/agent/dist/src/deploy/deployer.js
import { EventEmitter as EventEmitter2 } from "node:events";
import { mkdirSync, rmSync as rmSync2 } from "node:fs";
import { randomUUID } from "node:crypto";
import { join as join3 } from "node:path";

// packages/agent/dist/src/deploy/cache-multicast.js
async function sendSnapshot(snapshot, scope, o) {
  const entries = /* @__PURE__ */ new Map();
  for (const f of snapshot.files) {
    const name = cacheName(f.sha256, isExecutable(f.mode));
    entries.set(name, { path: NodeCache.landingPath(name), size: f.size, mode: isExecutable(f.mode) ? 365 : 292, sha256: f.sha256, source: f.cachePath });
  }
  const files = [...entries.values()];
  const send = await sendOverUdp({
    source: { entries: files },
    credential: o.credential,
    clock: o.clock,
    group: scope.group,
    port: scope.port,
    interface: scope.interface,
    rateBps: scope.rateBitsPerSec,
    receivers: o.receivers,
    deadlineMs: o.deadlineMs
  });
  return { sessionId: send.sender.session.toString(16), files: files.length, bytes: files.reduce((n, f) => n + f.size, 0), done: send.done, stop: send.stop };
}
async function receiveSnapshot(session, scope, o) {
  const cache = o.cache;
  const site = /* @__PURE__ */ new Map();
  for (const e of o.manifest.entries) {
    if (e.type === "file")
      site.set(cacheName(e.sha256, isExecutable(e.mode)), { sha256: e.sha256, size: e.size, mode: isExecutable(e.mode) ? 365 : 292 });
  }
  let missingBytes = 0;
  for (const [name, w] of site)
    if (!cache.entry(name))
      missingBytes += w.size;
  let unreserve;
  try {
    unreserve = await cache.beginLanding(missingBytes, new Set(site.keys()));
  } catch (err) {
    if (!(err instanceof CacheFullError))
      throw err;
    return { objects: 0, bytes: 0, refused: err.message };
  }
  let refused;
  let landing = [];
  try {
    const accept = (m) => {
      if (m.signer.name !== session.sourceNode)
        throw new CacheSourceError(`the snapshot is signed by '${m.signer.name}', not by the cache source '${session.sourceNode}'`);
      const skip = [];
      m.manifest.files.forEach((f, i) => {
        const name = f.path.slice(f.path.indexOf("/") + 1);
        const w = site.get(name);
        if (!w || cache.entry(name))
          return void skip.push(i);
        if (f.path !== NodeCache.landingPath(name) || f.sha256 !== w.sha256 || f.size !== w.size || f.mode !== w.mode) {
          throw new ObjectHashError(`the snapshot's entry '${f.path}' (sha256 ${f.sha256}, ${f.size} bytes, mode ${f.mode.toString(8)}) is not the object ${name} of the site's manifest`);
        }
        landing.push({ name, size: f.size });
      });
      return skip;
    };
    let r;
    try {
      r = await receiveOverUdp({
        credential: o.credential,
        target: cache.objectsDir,
        name: o.node,
        clock: o.clock,
        group: scope.group,
        port: scope.port,
        interface: scope.interface,
        session: BigInt(`0x${session.sessionId}`),
        idleTimeoutMs: Math.min(o.timeoutMs, 1e4),
        lingerMs: 200,
        accept
      });
    } catch (err) {
      return { objects: 0, bytes: 0, refused: `could not join the session's group ${scope.group}:${scope.port} on ${scope.interface}: ${err.message}` };
    }
    r.receiver.on("refused", (err) => {
      refused = err instanceof CacheSourceError ? err.message : `the snapshot's manifest was refused: ${err.message}`;
      landing = [];
      void r.stop();
    });
    r.receiver.on("file", (path) => o.onObject?.(site.get(path.slice(path.indexOf("/") + 1))?.size ?? 0));
    const deadline = o.clock.setTimer(() => void r.stop(), o.timeoutMs);
    const result = await r.done.finally(() => deadline.cancel());
    const lacking = new Set(result.lacking);
    const taken = await cache.endLanding(landing.filter((l) => !lacking.has(NodeCache.landingPath(l.name))));
    if (!refused && !result.complete)
      refused = `the session ended incomplete (${result.reason}, ${result.lacking.length} files lacking)`;
    return { objects: taken.length, bytes: taken.reduce((n, t) => n + t.size, 0), ...refused ? { refused } : {} };
  } finally {
    unreserve();
  }
}

// packages/agent/dist/src/deploy/site-mapping.js
import { lstatSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
var madeFile = (place) => join(place.dir, "unmapped.json");
var journalDir = (place) => join(place.dir, "mapper");
function localPath(place, local) {
  return join(place.root, local);
}
function mapSite(entries, replica, place, who, clock, log, processGroups) {
  const onNode = entries.map((e) => ({ ...e, local: localPath(place, e.local), ...e.script ? { script: join(replica.path, e.script) } : {} }));
  return mapEntries(onNode, {
    stateDir: journalDir(place),
    site: who.site,
    node: who.node,
    source: `${replica.site}@${replica.version}`,
    clock,
    log,
    otherJournal: "rollback",
    processGroups,
    roots: { allowedRoots: place.allowedRoots, sharedRoots: [place.replicasDir], sharedRoot: replica.path }
  });
}
function unmapSite(place) {
  const made = (journalState(journalDir(place))?.made ?? []).map((m) => ({ path: m.path, certain: m.certain }));
  if (made.length) {
    writeFileSync(`${madeFile(place)}.tmp`, JSON.stringify(made));
    renameSync(`${madeFile(place)}.tmp`, madeFile(place));
  }
  return { clean: cleanState(journalDir(place)), made: made.length };
}
function removeInstanceData(place) {
  let made = [];
  try {
    made = JSON.parse(readFileSync(madeFile(place), "utf8"));
  } catch {
  }
  let removed = 0;
  const kept = [];
  for (const m of [...made].reverse()) {
    if (!lstatSync(m.path, { throwIfNoEntry: false }))
      continue;
    if (!m.certain) {
      kept.push(m.path);
      continue;
    }
    rmSync(m.path, { recursive: true, force: true });
    removed++;
  }
  rmSync(madeFile(place), { force: true });
  return { removed, kept };
}

// packages/agent/dist/src/deploy/site-services.js
var VARIABLE = /\$\{(node|address|site|version|replica|root)\}/g;
function substitute(value, vars) {
  if (typeof value === "string")
    return value.replace(VARIABLE, (_m, name) => String(vars[name]));
  if (Array.isArray(value))
    return value.map((v) => substitute(v, vars));
  if (typeof value === "object" && value !== null)
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)]));
  return value;
}
function siteAdapterOptions(a, vars) {
  return substitute(a.options, vars);
}

// packages/agent/dist/src/deploy/site-module.js
import { join as join2 } from "node:path";
import { pathToFileURL } from "node:url";
async function loadSiteAdapter(manifest, replica, path, type) {
  const where = `${manifest.site}@${manifest.version}`;
  const entry = manifest.entries.find((e) => e.path === path);
  if (entry?.type !== "file")
    throw new SiteManifestError(`adapter module '${path}' of ${where} is not a file of the site's tree`);
  const url = pathToFileURL(join2(replica.tree, path)).href;
  let mod;
  try {
    mod = await import(url);
  } catch (err) {
    throw new SiteManifestError(`adapter module '${path}' of ${where} does not load: ${err.message.split("\n")[0]}`);
  }
  const made = typeof mod.default === "function" ? mod.default(src_exports) : mod.default;
  if (!isAdapterFactory(made))
    throw new SiteManifestError(`adapter module '${path}' of ${where} exports no adapter (export default defineAdapter({...}), or a function of @lama/adapters returning one)`);
  if (made.type !== type)
    throw new SiteManifestError(`adapter module '${path}' of ${where} defines type '${made.type}', the site definition says '${type}'`);
  return made;
}

// packages/agent/dist/src/deploy/step-tracker.js
import { EventEmitter } from "node:events";
var processCpu = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
};
var COUNT_REPORT_MS = 250;
var StepTracker = class extends EventEmitter {
  clock;
  cpu;
  began = 0;
  current = "";
  done = [];
  counts = { files: 0, bytes: 0, filesFromCacheSource: 0, filesFromStore: 0 };
  pending;
  constructor(clock, cpu = processCpu) {
    super();
    this.clock = clock;
    this.cpu = cpu;
  }
  /** Starts a new procedure: no steps, no counts. */
  begin() {
    this.began = this.clock.now();
    this.current = "";
    this.done = [];
    this.counts = { files: 0, bytes: 0, filesFromCacheSource: 0, filesFromStore: 0 };
    this.changed();
  }
  /** Runs one step, timing it; a step that throws is not listed as completed. */
  async step(name, fn) {
    this.current = name;
    this.changed();
    const at = this.clock.now();
    const cpuAt = this.cpu();
    const out = await fn();
    this.done.push({ step: name, seconds: (this.clock.now() - at) / 1e3, cpuSeconds: Math.round((this.cpu() - cpuAt) * 1e3) / 1e3 });
    this.current = "";
    this.changed();
    return out;
  }
  /** Counts objects that arrived (from the store or the cache source's multicast). */
  count(files, bytes, from) {
    this.counts.files += files;
    this.counts.bytes += bytes;
    if (from === "store")
      this.counts.filesFromStore += files;
    else
      this.counts.filesFromCacheSource += files;
    this.pending ??= this.clock.setTimer(() => {
      this.pending = void 0;
      this.emit("change");
    }, COUNT_REPORT_MS);
  }
  /** Ends the procedure: the step in progress (a failure's) is cleared. */
  end() {
    this.current = "";
    this.changed();
  }
  view() {
    return { step: this.current, ...this.counts, seconds: this.began ? (this.clock.now() - this.began) / 1e3 : 0, steps: [...this.done] };
  }
  changed() {
    this.pending?.cancel();
    this.pending = void 0;
    this.emit("change");
  }
};

// packages/agent/dist/src/deploy/deployer.js
var CLOSE_WAIT_MS = 5e3;
var Deployer = class extends EventEmitter2 {
  o;
  tracker;
  record;
  file;
  running;
  sessions = /* @__PURE__ */ new Set();
  closed = false;
  /** The record changed but could not be written (a full disk). */
  unsaved = false;
  constructor(o) {
    super();
    this.o = o;
    mkdirSync(o.place.dir, { recursive: true });
    this.file = new LifecycleFile(o.place.dir);
    this.record = this.file.load(o.clock.now());
    this.tracker = new StepTracker(o.clock);
    this.tracker.on("change", () => this.emit("change"));
  }
  /** The life cycle now. */
  lifecycle() {
    return { ...this.record, services: [...this.record.services] };
  }
  progress() {
    return { lifecycle: this.lifecycle(), ...this.tracker.view() };
  }
  /**
   * Brings a restarted agent back to a whole state: a deployment it was in is rolled back
   * (FAILED, then cleaned to FREE), a cleaning is finished, an OPERATIONAL site gets its
   * services back. Runs before the agent serves anything.
   */
  async recover() {
    const r = this.record;
    if (r.state === "DEPLOYING") {
      this.o.log.warn({ site: r.site, deploymentId: r.deploymentId }, "the agent restarted during a deployment: rolling it back to FREE");
      this.transition("FAILED", { reason: "the agent restarted during the deployment", keepCache: true });
      this.transition("CLEANING", {});
      await this.clean();
    } else if (r.state === "CLEANING") {
      this.o.log.warn({ site: r.site }, "the agent restarted during a cleaning: finishing it");
      await this.clean();
    } else if (r.state === "OPERATIONAL") {
      try {
        const manifest = await this.o.site.cache.manifest(r.site, r.version);
        const replica = await this.o.site.current(r.site);
        if (!replica)
          throw new SiteManifestError(`no replica of ${r.site}@${r.version} on this node`);
        this.record.services = [];
        await this.addServices(manifest, replica);
      } catch (err) {
        this.o.log.error({ site: r.site, version: r.version, err: err.message }, "the site's services could not be restored; clean the node");
        return;
      }
      for (const name of this.record.services) {
        this.o.host.startAdapter(name).catch((err) => this.o.log.error({ adapter: name, err: err.message }, "a site service did not start again"));
      }
    }
  }
  /** FREE -> DEPLOYING, then the procedure in the background; refused (nothing changed) when not FREE or the request is bad. */
  startDeployment(req) {
    checkSiteName(req.site);
    if (!Number.isSafeInteger(req.version) || req.version < 0)
      throw new SiteManifestError(`version ${req.version} must be 0 (the newest) or a positive integer`);
    const client = new StoreClient({ ...this.o.store, url: req.storeUrl, clock: this.o.clock });
    try {
      this.transition("DEPLOYING", { site: req.site, version: req.version, deploymentId: req.deploymentId || randomUUID(), reason: "", services: [], keepCache: false });
    } catch (err) {
      client.close();
      throw err;
    }
    this.run(() => this.deploy(req, client).finally(() => client.close()));
    return this.lifecycle();
  }
  /** OPERATIONAL or FAILED -> CLEANING, then the procedure in the background. */
  startCleaning(req) {
    this.transition("CLEANING", { keepCache: req.keepCache, ...req.deploymentId ? { deploymentId: req.deploymentId } : {} });
    this.run(() => this.clean());
    return this.lifecycle();
  }
  /**
   * On a node OPERATIONAL for the site: snapshots its cache (objects used since usedSinceMs, or
   * all) and starts multicasting it; resolves once the session announces itself.
   */
  async prepareCacheSnapshot(req) {
    const r = this.record;
    if (r.state !== "OPERATIONAL" || r.site !== req.site || req.version && r.version !== req.version) {
      throw new CacheSourceError(`node '${this.o.host.node}' is ${r.state}${r.site ? ` for ${r.site}@${r.version}` : ""}: only a node OPERATIONAL for ${req.site}${req.version ? `@${req.version}` : ""} can be its cache source`);
    }
    const m = this.o.multicast;
    const scope = multicastScope(req.group, req.interface || m.interface, this.o.host.node);
    const snapshot = await this.o.site.snapshot(req.site, req.usedSinceMs ? { since: req.usedSinceMs } : {});
    const session = await sendSnapshot(snapshot, { ...scope, rateBitsPerSec: req.rateBitsPerSec || m.rateBitsPerSec }, {
      credential: this.o.credential,
      receivers: req.receivers.length,
      deadlineMs: req.deadlineMs || m.deadlineMs,
      clock: this.o.clock
    });
    this.sessions.add(session);
    this.o.log.info({ session: session.sessionId, group: req.group, files: session.files, bytes: session.bytes, receivers: req.receivers }, "cache snapshot session started");
    session.done.then((res) => this.o.log.info({ session: session.sessionId, complete: res.complete, reason: res.reason, elapsedMs: res.elapsedMs, missingReceivers: res.missingReceivers }, "cache snapshot session ended"), (err) => this.o.log.warn({ session: session.sessionId, err: err.message }, "cache snapshot session failed")).finally(() => this.sessions.delete(session));
    return { sessionId: session.sessionId, group: req.group, interface: scope.interface, files: session.files, bytes: session.bytes };
  }
  /**
   * Stops the procedure under way at its next step boundary (the file keeps where it was; the
   * next start recovers), waiting for that at most CLOSE_WAIT_MS: a long download does not
   * hold up a SIGTERM.
   */
  async close() {
    this.closed = true;
    await Promise.all([...this.sessions].map((s) => s.stop()));
    if (!this.running)
      return;
    let timer;
    await Promise.race([this.running.catch(() => void 0), new Promise((r) => {
      timer = this.o.clock.setTimer(r, CLOSE_WAIT_MS);
    })]);
    timer?.cancel();
  }
  run(procedure) {
    const p = procedure().catch((err) => this.o.log.error({ err: err.message }, "deployer procedure failed unexpectedly"));
    this.running = p.finally(() => {
      if (this.running === p)
        this.running = void 0;
    });
  }
  // Each step checks that the agent is not stopping: a stopped agent leaves the file as it was, and the next start recovers.
  step(name, fn) {
    if (this.closed)
      return Promise.reject(new AgentStopping());
    return this.tracker.step(name, fn);
  }
  async deploy(req, client) {
    const log = this.o.log;
    this.tracker.begin();
    try {
      const stopped = await this.step("stop-services", () => this.o.host.stopNodeServices());
      if (stopped.length)
        log.info({ adapters: stopped }, "deployment: stopped the node's services");
      const manifest = await this.step("fetch-manifest", () => this.o.site.fetchManifest(client, req.site, req.version || void 0));
      this.update({ version: manifest.version });
      const cache = req.cache;
      if (cache) {
        await this.step("receive-cache", async () => {
          const got = await this.receiveCache(cache, manifest);
          if (got.refused)
            log.warn({ session: cache.sessionId, source: cache.sourceNode, objects: got.objects }, `cache snapshot: ${got.refused}; the rest comes from the store`);
        });
      }
      await this.step("fetch-missing", () => this.o.site.fetchObjects(client, manifest, (size) => this.tracker.count(1, size, "store")));
      const replica = await this.step("materialize", () => this.o.site.materializeManifest(manifest));
      await this.step("map", () => mapSite(manifest.definition.mapping, replica, this.o.place, { site: manifest.site, node: this.o.host.node }, this.o.clock, this.mapperLog(), this.o.processGroups));
      await this.step("start-services", async () => {
        await this.addServices(manifest, replica);
        for (const name of this.record.services)
          await this.o.host.startAdapter(name);
      });
      await this.o.site.cache.flush();
      this.tracker.end();
      this.transition("OPERATIONAL", {});
      log.info({ site: manifest.site, version: manifest.version, steps: this.tracker.view().steps }, "DEPLOYMENT-COMPLETE");
    } catch (err) {
      const step = this.tracker.view().step;
      this.tracker.end();
      if (err instanceof AgentStopping)
        return;
      log.warn({ site: req.site, step, err: err.message }, "deployment failed");
      this.transition("FAILED", { reason: `${step || "deployment"}: ${err.message}` });
    }
  }
  // The cache source's session; one this node cannot take part in (no interface, a group it cannot join) is refused, never a failure.
  async receiveCache(cache, manifest) {
    let scope;
    try {
      scope = multicastScope(cache.group, cache.interface || this.o.multicast.interface, this.o.host.node);
    } catch (err) {
      if (err instanceof CacheSourceError)
        return { objects: 0, bytes: 0, refused: err.message };
      throw err;
    }
    return receiveSnapshot(cache, scope, {
      credential: this.o.credential,
      node: this.o.host.node,
      manifest,
      cache: this.o.site.cache,
      timeoutMs: this.o.multicast.receiveTimeoutMs,
      clock: this.o.clock,
      onObject: (size) => this.tracker.count(1, size, "cache-source")
    });
  }
  async clean() {
    const log = this.o.log;
    const site = this.record.site;
    this.tracker.begin();
    try {
      await this.step("stop-services", async () => {
        for (const name of [...this.record.services].reverse())
          await this.o.host.removeAdapter(name);
        this.update({ services: [] });
        rmSync2(join3(this.o.place.dir, "services"), { recursive: true, force: true });
      });
      const unmapped = await this.step("unmap", async () => unmapSite(this.o.place));
      for (const k of unmapped.clean.kept)
        log.info({ path: k.path, reason: k.reason }, "unmap kept a path");
      const instance = await this.step("remove-instance-data", async () => removeInstanceData(this.o.place));
      for (const path of instance.kept)
        log.warn({ path }, "cleaning left a path of an unconfirmed mapping batch (maybe not the mapper's)");
      await this.step("drop-cache", async () => this.record.keepCache || !site ? void 0 : this.o.site.drop(site, this.record.version));
      this.tracker.end();
      this.transition("FREE", { site: "", version: 0, reason: "", services: [], keepCache: false });
      log.info({ site, steps: this.tracker.view().steps }, "CLEANING-COMPLETE");
    } catch (err) {
      const step = this.tracker.view().step;
      this.tracker.end();
      if (err instanceof AgentStopping)
        return;
      log.warn({ site, step, err: err.message }, "cleaning failed");
      this.transition("FAILED", { reason: `cleaning, ${step}: ${err.message}` });
    }
  }
  // The site's adapters, added (not started); a module the site brings is loaded from its verified replica.
  async addServices(manifest, replica) {
    for (const a of manifest.definition.adapters) {
      const module = a.module ? await loadSiteAdapter(manifest, replica, a.module, a.type) : a.type;
      const dir = join3(this.o.place.dir, "services", a.name);
      mkdirSync(dir, { recursive: true });
      this.record.services.push(a.name);
      this.save();
      await this.o.host.addAdapter(a.name, module, siteAdapterOptions(a, this.vars(manifest.site, manifest.version, replica.path)), dir);
    }
  }
  vars(site, version, replica) {
    return { node: this.o.host.node, address: this.o.host.address, site, version, replica, root: this.o.place.root };
  }
  mapperLog() {
    return { info: (m, d) => this.o.log.info({ mapper: true, ...d }, m), warn: (m, d) => this.o.log.warn({ mapper: true, ...d }, m) };
  }
  transition(to, change) {
    checkTransition(this.o.host.node, this.record.state, to);
    this.record = { ...this.record, ...change, state: to, sinceMs: this.o.clock.now() };
    this.save();
  }
  update(change) {
    this.record = { ...this.record, ...change };
    this.save();
  }
  // A full disk must not stop the life cycle: the state is published and kept in memory, and the
  // file keeps the last state written (a restart recovers from it: DEPLOYING rolls back) until a
  // later save finds space again, e.g. once cleaning has dropped what filled the disk.
  save() {
    try {
      this.file.save(this.record);
      if (this.unsaved)
        this.o.log.info({ state: this.record.state }, "life cycle written again");
      this.unsaved = false;
    } catch (err) {
      const code = err.code;
      if (code !== "ENOSPC" && code !== "EDQUOT")
        throw err;
      if (!this.unsaved)
        this.o.log.error({ state: this.record.state, path: this.file.path, err: err.message }, "the life cycle cannot be written (the disk is full): kept in memory until it can");
      this.unsaved = true;
    }
    this.emit("change");
  }
};
function multicastScope(group, iface, node) {
  const g = parseHostPort(group);
  if (!g)
    throw new CacheSourceError(`multicast group '${group}' is not HOST:PORT`);
  if (!iface)
    throw new CacheSourceError(`node '${node}' has no multicast interface for the cache session: give one in the request or deploy.multicast.interface`);
  return { group: g.host, port: g.port, interface: iface };
}
var AgentStopping = class extends Error {
  constructor() {
    super("the agent is stopping");
  }
};

export {
  Deployer
};
