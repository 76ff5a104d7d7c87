import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  LifecycleFile
} from "./chunk-CV5GMX46.js";
import {
  AdapterSupervisor,
  ConfigError,
  ProcessGroupFile,
  StateDirWriteError,
  UnknownAdapterError,
  loadAdapterFactory
} from "./chunk-KSE75MTL.js";
import {
  formatParam
} from "./chunk-36O33FJM.js";
import {
  AuthGuard,
  RpcServer
} from "./chunk-VCFP5DZ7.js";
import {
  LIFECYCLE_ENTRY,
  NAME_ENTRY,
  PoolMember,
  ROLE_ENTRY,
  normalizeMdns
} from "./chunk-W74NIISL.js";
import {
  CredentialVerifier,
  currentLimits,
  requireRole
} from "./chunk-AGYS2BOI.js";
import {
  loadProto,
  require_src,
  toServiceError
} from "./chunk-IKSWEGPT.js";
import {
  parseHostPort
} from "./chunk-MT4BYXDY.js";
import {
  systemClock
} from "./chunk-A4HYEA5Q.js";
import {
  ConfigurationError,
  InvalidArgumentError
} from "./chunk-2F4QKM7O.js";
import {
  __toESM
} from "./chunk-5RG6R7ES.js";

// packages/agent/dist/src/daemon/agent.js
import { EventEmitter as EventEmitter3 } from "node:events";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join as join2 } from "node:path";

// packages/agent/dist/src/control/agent-service.js
var grpc = __toESM(require_src(), 1);

// packages/agent/dist/src/control/status-mapping.js
function formatSpec(name, spec) {
  return { name, type: spec.type, description: spec.description, allowed: [...spec.allowed ?? []], defaultValue: formatParam(spec.default) };
}
function metricsToWire(m) {
  return {
    atMs: m.at,
    intervalMs: m.intervalMs,
    cpuUtilization: m.cpuUtilization,
    cpuCount: m.cpuCount,
    interfaces: m.interfaces.map((i) => ({ name: i.name, rxBitsPerSec: i.rxBitsPerSec, txBitsPerSec: i.txBitsPerSec, rxBytes: i.rxBytes, txBytes: i.txBytes })),
    rxBitsPerSec: m.rxBitsPerSec,
    txBitsPerSec: m.txBitsPerSec,
    disks: m.disks.map((d) => ({ path: d.path, totalBytes: d.totalBytes, usedBytes: d.usedBytes, freeBytes: d.freeBytes })),
    loadAverage: [...m.loadAverage],
    memory: { ...m.memory }
  };
}

// packages/agent/dist/src/control/decision-change.js
var CPU_STEP = 0.05;
var RATE_STEP = 0.05;
var DEFAULT_RATE_SCALE_BPS = 1e8;
var MAX_EARLY_METRICS = 32;
var EARLY_METRIC = /^[a-z][a-z0-9-]{0,31}\.[A-Za-z0-9_:./-]{1,96}$/;
function checkEarlyMetrics(names) {
  if (names.length > MAX_EARLY_METRICS)
    throw new InvalidArgumentError(`early_metrics: ${names.length} names, at most ${MAX_EARLY_METRICS}`);
  for (const n of names)
    if (!EARLY_METRIC.test(n))
      throw new InvalidArgumentError(`early_metrics: '${n.slice(0, 64)}' is not ADAPTER.METRIC (e.g. stream.listeners)`);
  return [...names];
}
var moved = (a, b, step) => Math.abs(a - b) >= step;
function decisionChange(sent, next, earlyMetrics = []) {
  const byName = (s) => new Map((s.adapters ?? []).map((a) => [a.name ?? "", a]));
  const before = byName(sent);
  const after = (sent.adapters ?? []).length === (next.adapters ?? []).length ? byName(next) : void 0;
  if (!after || [...before.keys()].some((n) => !after.has(n)))
    return "adapters";
  for (const [name, a] of after) {
    const b = before.get(name);
    if (!b || b.state !== a.state)
      return `adapter ${name} state`;
    if (JSON.stringify(b.params ?? {}) !== JSON.stringify(a.params ?? {}))
      return `adapter ${name} params`;
  }
  const lc = (s) => `${s.lifecycle?.state ?? ""} ${s.lifecycle?.site ?? ""} ${s.lifecycle?.version ?? ""}`;
  if (lc(sent) !== lc(next))
    return "lifecycle";
  const problems = (s) => (s.problems ?? []).map((p) => p.code).sort().join(",");
  if (problems(sent) !== problems(next))
    return "problems";
  if (moved(Number(sent.cpuUtilization ?? 0), Number(next.cpuUtilization ?? 0), CPU_STEP))
    return "cpu";
  const mbps = Number(next.capacity?.networkMbps ?? 0);
  const rateStep = RATE_STEP * (mbps > 0 ? mbps * 1e6 : DEFAULT_RATE_SCALE_BPS);
  if (moved(Number(sent.rxBitsPerSec ?? 0), Number(next.rxBitsPerSec ?? 0), rateStep))
    return "rx";
  if (moved(Number(sent.txBitsPerSec ?? 0), Number(next.txBitsPerSec ?? 0), rateStep))
    return "tx";
  for (const m of earlyMetrics) {
    const dot = m.indexOf(".");
    const value = (a2) => Number(a2.get(m.slice(0, dot))?.metrics?.[m.slice(dot + 1)] ?? 0);
    const a = value(before);
    const b = value(after);
    if (moved(a, b, Math.max(1, 0.05 * Math.max(Math.abs(a), Math.abs(b)))))
      return m;
  }
  return void 0;
}

// packages/agent/dist/src/control/status-stream.js
var DEFAULT_WATCH_MIN_INTERVAL_MS = 250;
var StatusStream = class {
  o;
  sent;
  sentAt = Number.NEGATIVE_INFINITY;
  periodic;
  check;
  reading = false;
  // Asked for while a read was under way: a periodic send, or a check of a change the read may have missed.
  forceAfterRead = false;
  checkAfterRead = false;
  blocked = false;
  closed = false;
  constructor(o) {
    this.o = o;
  }
  /** Sends the first status. */
  start() {
    this.emit(true);
  }
  /** Something a decision may use changed: check now, or as soon as minIntervalMs since the last send allows. */
  changed() {
    if (this.closed || this.blocked || this.check)
      return;
    if (this.reading) {
      this.checkAfterRead = true;
      return;
    }
    const wait = this.sentAt + this.o.minIntervalMs - this.o.clock.now();
    if (wait <= 0)
      return this.emit(false);
    this.check = this.o.clock.setTimer(() => {
      this.check = void 0;
      this.emit(false);
    }, wait);
  }
  /** The reader caught up: the next status follows one interval later (or a change, sooner). */
  drained() {
    if (this.closed || !this.blocked)
      return;
    this.blocked = false;
    this.schedulePeriodic();
  }
  /** Stops every timer; nothing is sent after. */
  close() {
    this.closed = true;
    this.periodic?.cancel();
    this.check?.cancel();
  }
  emit(force) {
    if (this.closed || this.blocked)
      return;
    if (this.reading) {
      this.forceAfterRead ||= force;
      return;
    }
    this.reading = true;
    this.o.read().then((status2) => {
      this.reading = false;
      if (this.closed)
        return;
      const send = force || this.forceAfterRead || !this.sent || this.o.changed(this.sent, status2);
      const recheck = this.checkAfterRead;
      this.forceAfterRead = this.checkAfterRead = false;
      if (send)
        this.send(status2);
      if (recheck)
        this.changed();
    }, (err) => {
      this.reading = false;
      if (this.closed)
        return;
      this.close();
      this.o.fail(err);
    });
  }
  send(status2) {
    this.sent = status2;
    this.sentAt = this.o.clock.now();
    this.check?.cancel();
    this.check = void 0;
    this.periodic?.cancel();
    this.periodic = void 0;
    if (this.o.write(status2))
      this.schedulePeriodic();
    else
      this.blocked = true;
  }
  schedulePeriodic() {
    this.periodic?.cancel();
    this.periodic = this.o.clock.setTimer(() => {
      this.periodic = void 0;
      this.emit(true);
    }, this.o.intervalMs);
  }
};

// packages/agent/dist/src/control/agent-service.js
function adapterToWire(v) {
  return {
    name: v.name,
    state: v.state,
    roles: v.roles,
    metrics: v.metrics,
    params: v.params,
    message: v.message,
    restarts: v.restarts,
    stateSinceMs: v.stateSince,
    paramSpecs: v.paramSpecs.map(({ name, spec }) => formatSpec(name, spec))
  };
}
var READ = ["controller", "monitor"];
var WRITE = ["controller"];
var AGENT_ROLES = { Status: READ, WatchStatus: READ, Start: WRITE, Stop: WRITE, Set: WRITE };
function counted(stats, verb, handler) {
  return (call, callback) => handler(call, (err, value) => {
    stats.count(verb, err ? grpc.status[err.code ?? grpc.status.UNKNOWN] : "OK");
    callback(err, value);
  });
}
function agentHandlers(target, verifier, stats, onRejected) {
  const guard = new AuthGuard(AGENT_ROLES, verifier, { serverName: target.node, onRejected });
  const minIntervalMs = currentLimits().minWatchIntervalMs;
  return {
    Status: counted(stats, "Status", guard.unary("Status", () => target.status())),
    WatchStatus: guard.stream("WatchStatus", (_p, call) => {
      const requested = call.request.intervalMs || target.intervalMs;
      if (requested < minIntervalMs)
        throw new InvalidArgumentError(`interval_ms ${requested} is below the minimum ${minIntervalMs}`);
      const soonest = call.request.minIntervalMs || DEFAULT_WATCH_MIN_INTERVAL_MS;
      if (soonest < minIntervalMs)
        throw new InvalidArgumentError(`min_interval_ms ${soonest} is below the minimum ${minIntervalMs}`);
      const early = checkEarlyMetrics(call.request.earlyMetrics ?? []);
      const gap = Math.min(soonest, requested);
      const stream = new StatusStream({
        clock: target.clock,
        intervalMs: requested,
        minIntervalMs: gap,
        // Watchers share one status computed at most once per half of the shorter interval; any change invalidates it.
        read: () => target.status(gap / 2),
        changed: (sent, next) => decisionChange(sent, next, early) !== void 0,
        write: (s) => call.write(s),
        fail: (err) => call.emit("error", toServiceError(err))
      });
      stats.watchers++;
      const unsubscribe = target.onStatusChange(() => stream.changed());
      let closed = false;
      const close = () => {
        if (closed)
          return;
        closed = true;
        stats.watchers--;
        unsubscribe();
        stream.close();
      };
      call.on("drain", () => stream.drained());
      call.on("cancelled", close);
      call.on("close", close);
      call.on("error", close);
      stream.start();
    }),
    Start: counted(stats, "Start", guard.unary("Start", async (_p, r) => adapterToWire(await target.startAdapter(r.adapter)))),
    Stop: counted(stats, "Stop", guard.unary("Stop", async (_p, r) => adapterToWire(await target.stopAdapter(r.adapter)))),
    Set: counted(stats, "Set", guard.unary("Set", async (_p, r) => adapterToWire(await target.setAdapter(r.adapter, r.params ?? {}))))
  };
}

// packages/agent/dist/src/control/control-stats.js
var ControlStats = class {
  calls = /* @__PURE__ */ new Map();
  watchers = 0;
  /** Counts one finished call. */
  count(verb, code) {
    const key = `${verb} ${code}`;
    const c = this.calls.get(key);
    if (c)
      c.count++;
    else
      this.calls.set(key, { verb, code, count: 1 });
  }
  /** Every verb and code seen, with its count. */
  entries() {
    return [...this.calls.values()].map((c) => ({ ...c }));
  }
};

// packages/agent/dist/src/daemon/state-dir-probe.js
import { EventEmitter } from "node:events";
import { closeSync, fsyncSync, openSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
var PROBE = Buffer.alloc(4096, 46);
var PROBE_FILE = ".lama-write-probe";
var StateDirProbe = class extends EventEmitter {
  dir;
  intervalMs;
  clock;
  timer;
  current;
  running = false;
  constructor(dir, intervalMs, clock = systemClock) {
    super();
    this.dir = dir;
    this.intervalMs = intervalMs;
    this.clock = clock;
  }
  /** The problem found by the latest check, if any. */
  get problem() {
    return this.current;
  }
  /** Checks once now, then every interval. */
  async start() {
    if (this.running)
      return;
    this.running = true;
    this.tick();
  }
  async stop() {
    this.running = false;
    this.timer?.cancel();
    this.timer = void 0;
  }
  /** Checks the directory now; returns the problem found, if any. */
  check() {
    const file = join(this.dir, PROBE_FILE);
    let failure;
    try {
      const fd = openSync(file, "w");
      try {
        writeSync(fd, PROBE);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
    } catch (err) {
      failure = err;
    }
    try {
      unlinkSync(file);
    } catch {
    }
    if (!failure) {
      if (this.current) {
        this.current = void 0;
        this.emit("change", void 0);
      }
      return void 0;
    }
    const e = new StateDirWriteError(`state directory ${this.dir} cannot be written: ${failure.message}`);
    if (!this.current || this.current.message !== e.message) {
      this.current = { code: e.code, message: e.message, sinceMs: this.current?.sinceMs ?? this.clock.now() };
      this.emit("change", this.current);
    }
    return this.current;
  }
  tick() {
    if (!this.running)
      return;
    this.check();
    this.timer = this.clock.setTimer(() => this.tick(), this.intervalMs);
  }
};

// packages/agent/dist/src/deploy/deployer-service.js
var DEPLOYER_SERVICE = "lama.deploy.v1.Deployer";
var READ2 = ["controller", "monitor"];
var WRITE2 = ["controller"];
var DEPLOYER_ROLES = { StartDeployment: WRITE2, PrepareCacheSnapshot: WRITE2, StartCleaning: WRITE2, WatchDeployment: READ2 };
function lifecycleToWire(r) {
  return { state: r.state, site: r.site, version: r.version, reason: r.reason, deploymentId: r.deploymentId, sinceMs: r.sinceMs };
}
function progressToWire(p) {
  return {
    lifecycle: lifecycleToWire(p.lifecycle),
    step: p.step,
    files: p.files,
    bytes: p.bytes,
    seconds: p.seconds,
    steps: p.steps,
    filesFromCacheSource: p.filesFromCacheSource,
    filesFromStore: p.filesFromStore
  };
}
function deployerHandlers(node, slot, verifier, onRejected) {
  const guard = new AuthGuard(DEPLOYER_ROLES, verifier, { serverName: node, onRejected });
  return {
    StartDeployment: guard.unary("StartDeployment", async (_p, r) => lifecycleToWire((await slot.deployer()).startDeployment({
      deploymentId: r.deploymentId,
      site: r.site,
      version: r.version,
      storeUrl: r.storeUrl,
      cache: r.cache ? { sessionId: r.cache.sessionId, sourceNode: r.cache.sourceNode, group: r.cache.group, interface: r.cache.interface } : null
    }))),
    PrepareCacheSnapshot: guard.unary("PrepareCacheSnapshot", async (_p, r) => {
      const s = await (await slot.deployer()).prepareCacheSnapshot({
        site: r.site,
        version: r.version,
        usedSinceMs: r.usedSinceMs,
        group: r.group,
        interface: r.interface,
        receivers: r.receivers,
        rateBitsPerSec: r.rateBitsPerSec,
        deadlineMs: r.deadlineMs
      });
      return { session: { sessionId: s.sessionId, group: s.group, interface: s.interface, sourceNode: node, manifestDigest: "", senderEndpoint: "" }, files: s.files, bytes: s.bytes };
    }),
    StartCleaning: guard.unary("StartCleaning", async (_p, r) => lifecycleToWire((await slot.deployer()).startCleaning({ deploymentId: r.deploymentId, keepCache: r.keepCache }))),
    WatchDeployment: guard.stream("WatchDeployment", (_p, call) => {
      let closed = false;
      let queued = false;
      const send = () => {
        if (closed)
          return;
        if (queued)
          return;
        if (!call.write(progressToWire(slot.progress()))) {
          queued = true;
          call.once("drain", () => {
            queued = false;
            send();
          });
        }
      };
      const close = () => {
        if (closed)
          return;
        closed = true;
        slot.off("change", send);
      };
      slot.on("change", send);
      call.on("cancelled", close);
      call.on("close", close);
      call.on("error", close);
      send();
    })
  };
}

// packages/agent/dist/src/deploy/deployer-slot.js
import { EventEmitter as EventEmitter2 } from "node:events";
var DeployerSlot = class extends EventEmitter2 {
  create;
  loaded;
  loading;
  record;
  /** `dir` is the Deployer's place.dir (its lifecycle.json); `create` builds the Deployer (dynamic imports inside). */
  constructor(dir, now, create) {
    super();
    this.create = create;
    this.record = new LifecycleFile(dir).load(now);
  }
  /** True once the Deployer is loaded. */
  get isLoaded() {
    return this.loaded !== void 0;
  }
  /** The life cycle now. */
  lifecycle() {
    return this.loaded?.lifecycle() ?? { ...this.record, services: [...this.record.services] };
  }
  /** The progress now: a node whose Deployer never loaded has run no procedure. */
  progress() {
    return this.loaded?.progress() ?? { lifecycle: this.lifecycle(), step: "", files: 0, bytes: 0, seconds: 0, steps: [], filesFromCacheSource: 0, filesFromStore: 0 };
  }
  /** The Deployer, loaded once. */
  deployer() {
    this.loading ??= this.create().then((d) => {
      this.loaded = d;
      d.on("change", () => this.emit("change"));
      return d;
    });
    return this.loading;
  }
  /** A node restarted while not FREE finishes or rolls back what it was doing (the Deployer's recover); a FREE one loads nothing. */
  async recover() {
    if (this.record.state === "FREE")
      return;
    await (await this.deployer()).recover();
  }
  /** Stops the procedure under way, if the Deployer was ever loaded. */
  async close() {
    if (this.loading)
      await (await this.loading).close();
  }
};

// packages/agent/dist/src/daemon/agent.js
var AGENT_SERVICE_TYPE = "lama.agent.v1.Agent";
var AGENT_VERSION = "0.1.0";
var Agent = class extends EventEmitter3 {
  o;
  /** Control calls served (per verb and status) and status streams open, for Prometheus. */
  control = new ControlStats();
  adapters = /* @__PURE__ */ new Map();
  // Checks every control call; its revocation set follows the lookup services.
  verifier;
  server;
  member;
  boundEndpoint = "";
  startedAt = Date.now();
  cached;
  // WatchStatus streams (a set, not EventEmitter listeners: any number of watchers is normal).
  statusListeners = /* @__PURE__ */ new Set();
  attributeTimer;
  ownStateDir;
  processGroups;
  sites;
  deployer;
  lastLifecycle = "";
  probe;
  // An agent runs once: start() and stop() are idempotent, and a stopped agent stays stopped.
  phase = "new";
  constructor(o) {
    super();
    this.o = o;
    this.verifier = new CredentialVerifier(o.credential.poolPublicKey, o.clock);
    requireRole(new CredentialVerifier(o.credential.poolPublicKey).verifyToken(o.credential.token), "agent");
  }
  get node() {
    return this.o.config.name;
  }
  /** The node's own host: its advertiseHost, else the host of its listen address (known before it binds). */
  get address() {
    const c = this.o.config;
    return c.advertiseHost ?? parseHostPort(c.listen)?.host ?? "";
  }
  get intervalMs() {
    return this.o.config.metrics.intervalMs;
  }
  /** The agent's clock (WatchStatus streams time their sends on it). */
  get clock() {
    return this.o.clock ?? systemClock;
  }
  /** Calls listener whenever the status may have changed (adapter, life cycle, problems, a metrics sample, Set); returns the unsubscribe. */
  onStatusChange(listener) {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }
  statusChanged() {
    this.cached = void 0;
    for (const l of [...this.statusListeners])
      l();
  }
  /** HOST:PORT the control API answers on (after start). */
  get endpoint() {
    return this.boundEndpoint;
  }
  /** Where adapters keep runtime files (after start): the configured stateDir, or a temporary one removed at stop. */
  get stateDir() {
    return this.o.config.stateDir ?? this.ownStateDir;
  }
  /** The service ID of the agent's item (after start). */
  get serviceId() {
    return this.member?.serviceId;
  }
  /**
   * Kills what an earlier run of this agent left running, loads adapters, brings the life
   * cycle back to a whole state, starts metrics, serves the control API, then joins the pool.
   */
  async start() {
    if (this.phase !== "new")
      return;
    this.phase = "started";
    const c = this.o.config;
    const stateRoot = c.stateDir ?? mkdtempSync(join2(tmpdir(), `lama-agent-${c.name}-`));
    if (!c.stateDir)
      this.ownStateDir = stateRoot;
    mkdirSync(stateRoot, { recursive: true });
    this.probe = new StateDirProbe(stateRoot, c.metrics.intervalMs, this.o.clock);
    this.probe.on("change", (p) => {
      this.statusChanged();
      if (p)
        this.o.log.error({ code: p.code, stateDir: stateRoot }, p.message);
      else
        this.o.log.info({ stateDir: stateRoot }, "state directory writable again");
    });
    this.processGroups = new ProcessGroupFile(join2(stateRoot, "_process-groups.json"));
    const swept = this.processGroups.sweep();
    if (swept.pids.length)
      this.o.log.warn({ groups: swept.groups, pids: swept.pids }, "killed processes an earlier run of this agent left behind");
    for (const a of c.adapters)
      await this.addAdapter(a.name, a.module, a.options, join2(stateRoot, a.name), this.o.configDir);
    const clock = this.o.clock ?? systemClock;
    const deployDir = join2(stateRoot, "_deploy");
    this.deployer = new DeployerSlot(deployDir, clock.now(), async () => {
      const [{ SiteNode }, { Deployer }] = await Promise.all([import("./site-node-HB2RZZ5Q.js"), import("./deployer-KZICST47.js")]);
      this.sites = await SiteNode.open({ dir: join2(stateRoot, "_sites"), verifier: this.verifier, cacheLimitBytes: c.deploy.cacheLimitBytes, clock: this.o.clock });
      return new Deployer({
        host: this,
        site: this.sites,
        clock,
        log: this.o.log,
        processGroups: this.processGroups,
        credential: this.o.credential,
        multicast: { ...c.deploy.multicast, interface: c.deploy.multicast.interface ?? c.multicast.interface },
        place: { dir: deployDir, root: c.deploy.root, allowedRoots: c.deploy.allowedRoots ?? [c.deploy.root], replicasDir: this.sites.replicas.dir }
      });
    });
    this.deployer.on("change", () => this.lifecycleChanged());
    await this.deployer.recover();
    this.lastLifecycle = this.lifecycleKey();
    this.o.metrics.on?.("sample", () => this.statusChanged());
    await this.o.metrics.start();
    await this.probe.start();
    await this.serve();
    await this.joinPool();
    for (const a of c.adapters) {
      if (!a.autostart)
        continue;
      this.adapters.get(a.name)?.start().catch((err) => this.o.log.error({ adapter: a.name, err: err.message }, "autostart failed"));
    }
  }
  /** Adds an adapter under a supervisor (the config's at start, a site's at run time); its runtime files go under stateDir. */
  async addAdapter(name, module, options, stateDir, from = this.o.configDir) {
    if (this.adapters.has(name))
      throw new ConfigError(`node '${this.node}' has an adapter '${name}' already`);
    const factory = typeof module === "string" ? await loadAdapterFactory(module, from) : module;
    mkdirSync(stateDir, { recursive: true });
    const sup = await AdapterSupervisor.create(name, factory, options, { log: this.adapterLog(name), stateDir }, { clock: this.o.clock, ...this.o.supervisor, processGroups: this.processGroups });
    sup.on("state", (n, state, previous, message) => {
      this.statusChanged();
      this.emit("adapterState", n, state, previous, message);
      this.scheduleAttributes();
    });
    this.adapters.set(name, sup);
    this.scheduleAttributes();
  }
  /** Stops and removes an adapter added at run time (a site's). */
  async removeAdapter(name) {
    const sup = this.adapters.get(name);
    if (!sup)
      return;
    await sup.close();
    this.adapters.delete(name);
    this.statusChanged();
    this.scheduleAttributes();
  }
  /** Stops every adapter of the node's own config that is not stopped (deployment step 1); returns their names. */
  async stopNodeServices() {
    const own = new Set(this.o.config.adapters.map((a) => a.name));
    const running = [...this.adapters.values()].filter((a) => own.has(a.name) && !["STOPPED", "EXITED", "FATAL"].includes(a.state));
    await Promise.all(running.map((a) => a.stop()));
    return running.map((a) => a.name);
  }
  /** The node's server life cycle (after start). */
  lifecycle() {
    return this.deployer?.lifecycle();
  }
  lifecycleKey() {
    const r = this.deployer?.lifecycle();
    return r ? `${r.state} ${r.site} ${r.version}` : "";
  }
  // Progress changes often (files, steps); the item and Status change with the life cycle only.
  lifecycleChanged() {
    const key = this.lifecycleKey();
    if (key === this.lastLifecycle)
      return;
    this.lastLifecycle = key;
    this.statusChanged();
    const r = this.deployer?.lifecycle();
    if (r) {
      this.o.log.info({ state: r.state, site: r.site, version: r.version, reason: r.reason || void 0, deploymentId: r.deploymentId || void 0 }, "lifecycle");
      this.emit("lifecycle", r);
    }
    this.scheduleAttributes();
  }
  /** Cancels the lease (a clean departure), stops serving, stops every adapter. */
  async stop() {
    if (this.phase === "stopped")
      return;
    this.phase = "stopped";
    if (this.attributeTimer)
      clearTimeout(this.attributeTimer);
    await this.member?.stop();
    await this.server?.stop();
    await this.deployer?.close();
    await this.probe?.stop();
    await Promise.all([...this.adapters.values()].map((s) => s.close()));
    await this.sites?.close();
    await this.o.metrics.stop();
    if (this.ownStateDir)
      rmSync(this.ownStateDir, { recursive: true, force: true });
  }
  adapterLog(name) {
    const log = this.o.log;
    return {
      debug: (m, d) => log.debug({ adapter: name, ...d }, m),
      info: (m, d) => log.info({ adapter: name, ...d }, m),
      warn: (m, d) => log.warn({ adapter: name, ...d }, m),
      error: (m, d) => log.error({ adapter: name, ...d }, m)
    };
  }
  async serve() {
    const { definition, grpcObject } = loadProto("agent");
    const deploy = loadProto("deploy");
    const verifier = this.verifier;
    const c = this.o.config;
    const rejected = (m, e) => this.emit("rejected", m, e);
    this.server = new RpcServer({
      credential: this.o.credential,
      listen: c.listen,
      advertiseHost: c.advertiseHost,
      mdnsInterface: c.multicast.interface,
      reflection: [definition, deploy.definition],
      services: [
        { name: AGENT_SERVICE_TYPE, definition: grpcObject.lama.agent.v1.Agent.service, handlers: agentHandlers(this, verifier, this.control, rejected) },
        { name: DEPLOYER_SERVICE, definition: deploy.grpcObject.lama.deploy.v1.Deployer.service, handlers: deployerHandlers(this.node, this.deployer, verifier, rejected) }
      ]
    });
    this.boundEndpoint = await this.server.start();
  }
  async joinPool() {
    const c = this.o.config;
    const mdns = c.multicast.enabled ? normalizeMdns({ interface: c.multicast.interface, port: c.multicast.port, group: c.multicast.group, ttl: c.multicast.ttl }) : false;
    if (!mdns && c.lookups.length === 0)
      throw new ConfigurationError("multicast is disabled and no lookups (unicast locators) are configured: the agent could never join");
    const member = new PoolMember({
      credential: this.o.credential,
      groups: c.groups,
      mdns,
      locators: c.lookups,
      clock: this.o.clock,
      leaseMs: c.leaseMs,
      revocations: this.verifier.revocations,
      item: { serviceTypes: [AGENT_SERVICE_TYPE], endpoint: this.boundEndpoint, attributes: this.attributes() }
    });
    this.member = member;
    member.on("lookup", (e) => this.o.log.info({ lookup: e.lookup.name, endpoint: e.lookup.endpoint, source: e.lookup.source }, `lookup service ${e.type}`));
    member.on("registered", (l, leaseId) => this.o.log.info({ lookup: l.name, endpoint: l.endpoint, serviceId: member.serviceId, leaseId }, "registered"));
    member.on("lost", (l, reason) => this.o.log.warn({ lookup: l.name, reason }, "registration lost"));
    member.on("failed", (l, err) => this.o.log.debug({ lookup: l.name, err: err.message }, "registration attempt failed"));
    await member.start();
  }
  /** The item's attributes: name, address, roles of every adapter, capacity, groups, version, and each adapter's state. */
  attributes() {
    const c = this.o.config;
    const roles = [...new Set([...this.adapters.values()].flatMap((a) => a.roles))];
    const host = this.boundEndpoint.slice(0, this.boundEndpoint.lastIndexOf(":"));
    return [
      { type: NAME_ENTRY, fields: { name: c.name } },
      { type: "lama.Address", fields: { host } },
      ...roles.map((role) => ({ type: ROLE_ENTRY, fields: { role } })),
      { type: "lama.Capacity", fields: Object.fromEntries(Object.entries(c.capacity).map(([k, v]) => [k, String(v)])) },
      { type: "lama.Groups", fields: { groups: c.groups.join(",") } },
      { type: "lama.Version", fields: { version: AGENT_VERSION } },
      ...this.deployer ? [lifecycleEntry(this.deployer.lifecycle())] : [],
      ...[...this.adapters.values()].map((a) => ({ type: "lama.Adapter", fields: { name: a.name, type: a.factory.type, state: a.state, roles: a.roles.join(",") } })),
      ...c.attributes
    ];
  }
  scheduleAttributes() {
    if (this.attributeTimer || !this.member)
      return;
    this.attributeTimer = setTimeout(() => {
      this.attributeTimer = void 0;
      this.member?.setAttributes(this.attributes()).catch((err) => this.o.log.warn({ err: err.message }, "attribute update failed"));
    }, 100);
    this.attributeTimer.unref();
  }
  adapterNames() {
    return [...this.adapters.keys()];
  }
  /** The node's latest metrics sample, if one was taken. */
  latestMetrics() {
    return this.o.metrics.latest();
  }
  /** Each adapter's state now, by name (read without asking the adapters anything). */
  adapterStates() {
    return [...this.adapters.values()].map((a) => ({ name: a.name, type: a.factory.type, state: a.state }));
  }
  adapter(name) {
    const a = this.adapters.get(name);
    if (!a)
      throw new UnknownAdapterError(this.node, name, this.adapterNames());
    return a;
  }
  /** Start verb: starts one adapter, resolves with its view once RUNNING. */
  async startAdapter(name) {
    const a = this.adapter(name);
    await a.start();
    return a.view();
  }
  /** Stop verb. */
  async stopAdapter(name) {
    const a = this.adapter(name);
    await a.stop();
    return a.view();
  }
  /** Set verb: all or nothing. */
  async setAdapter(name, params) {
    const a = this.adapter(name);
    await a.set(params);
    this.statusChanged();
    return a.view();
  }
  /** The node's status; reuses one computed within maxAgeMs (many watchers, one computation). */
  status(maxAgeMs = 0) {
    const now = Date.now();
    if (this.cached && now - this.cached.at <= maxAgeMs)
      return this.cached.status;
    const status2 = this.computeStatus();
    this.cached = { at: now, status: status2 };
    status2.catch(() => {
      this.cached = void 0;
    });
    return status2;
  }
  async computeStatus() {
    const metrics = this.o.metrics.latest() ?? await this.o.metrics.sampleNow();
    const views = await Promise.all([...this.adapters.values()].map((a) => a.view()));
    return {
      node: this.node,
      ...metricsToWire(metrics),
      adapters: views.map(adapterToWire),
      capacity: { ...this.o.config.capacity },
      version: AGENT_VERSION,
      uptimeMs: Date.now() - this.startedAt,
      lifecycle: this.deployer ? lifecycleToWire(this.deployer.lifecycle()) : null,
      problems: this.problems()
    };
  }
  /** What keeps the node from working normally now (empty when healthy). */
  problems() {
    const p = this.probe?.problem;
    return p ? [{ ...p }] : [];
  }
};
function lifecycleEntry(r) {
  return { type: LIFECYCLE_ENTRY, fields: { state: r.state, site: r.site, version: String(r.version) } };
}

export {
  AGENT_SERVICE_TYPE,
  AGENT_VERSION,
  Agent
};
