import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  NO_LEDGER,
  killGroup,
  spawnService
} from "./chunk-JXIYF6K4.js";
import {
  checkSpecs,
  defineAdapter,
  external_exports,
  formatParam,
  integerOption,
  isAdapterFactory,
  listOption,
  objectOptions,
  parseOptions,
  parseParams,
  textOption
} from "./chunk-36O33FJM.js";
import {
  ADAPTER_ERRORS,
  AdapterError,
  AdapterFailedError,
  AdapterLoadError,
  AdapterTimeoutError,
  InvalidOptionsError,
  InvalidParamError,
  MAX_ADAPTER_MESSAGE,
  MappingConflictError,
  MappingError,
  MappingJournalError,
  MappingOutsideRootsError,
  MappingScriptError,
  ParamNotAllowedError,
  ParamNotSettableError,
  SetWhileRunningError,
  UnknownParamError,
  boundedMessage
} from "./chunk-S3SJLHWA.js";
import {
  systemClock
} from "./chunk-A4HYEA5Q.js";
import {
  LamaError,
  registerErrors
} from "./chunk-2F4QKM7O.js";
import {
  __export
} from "./chunk-5RG6R7ES.js";

// packages/adapters/dist/src/index.js
var src_exports = {};
__export(src_exports, {
  ADAPTER_ERRORS: () => ADAPTER_ERRORS,
  ADAPTER_STATES: () => ADAPTER_STATES,
  AdapterError: () => AdapterError,
  AdapterFailedError: () => AdapterFailedError,
  AdapterLoadError: () => AdapterLoadError,
  AdapterSupervisor: () => AdapterSupervisor,
  AdapterTimeoutError: () => AdapterTimeoutError,
  InvalidOptionsError: () => InvalidOptionsError,
  InvalidParamError: () => InvalidParamError,
  MAX_ADAPTER_MESSAGE: () => MAX_ADAPTER_MESSAGE,
  MappingConflictError: () => MappingConflictError,
  MappingError: () => MappingError,
  MappingJournalError: () => MappingJournalError,
  MappingOutsideRootsError: () => MappingOutsideRootsError,
  MappingScriptError: () => MappingScriptError,
  NO_LEDGER: () => NO_LEDGER,
  ParamNotAllowedError: () => ParamNotAllowedError,
  ParamNotSettableError: () => ParamNotSettableError,
  ProcessGroupFile: () => ProcessGroupFile,
  SetWhileRunningError: () => SetWhileRunningError,
  UnknownParamError: () => UnknownParamError,
  boundedMessage: () => boundedMessage,
  checkSpecs: () => checkSpecs,
  defineAdapter: () => defineAdapter,
  formatParam: () => formatParam,
  guarded: () => guarded,
  integerOption: () => integerOption,
  isAdapterFactory: () => isAdapterFactory,
  killGroup: () => killGroup,
  listOption: () => listOption,
  loadAdapterFactory: () => loadAdapterFactory,
  objectOptions: () => objectOptions,
  parseOptions: () => parseOptions,
  parseParams: () => parseParams,
  spawnService: () => spawnService,
  textOption: () => textOption,
  z: () => external_exports
});

// packages/adapters/dist/src/sdk/loader.js
import { createRequire } from "node:module";
import { isAbsolute, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
var BUILTIN_ADAPTERS = {
  process: async () => (await import("./process-adapter-KVOQTBSQ.js")).processAdapter,
  apache: async () => (await import("./apache-adapter-V2VLF72O.js")).apacheAdapter,
  icecast: async () => (await import("./icecast-X4BU3BL6.js")).icecastAdapter,
  "sim-stream": async () => (await import("./sim-stream-RBTEAEN7.js")).simStreamAdapter,
  redirector: async () => (await import("./redirector-Y7UG4MK2.js")).redirectorAdapter,
  "afs-mapper": async () => (await import("./afs-mapper-adapter-NROPILDG.js")).afsMapperAdapter
};
async function loadAdapterFactory(specifier, baseDir = process.cwd()) {
  const builtin = Object.hasOwn(BUILTIN_ADAPTERS, specifier) ? specifier : specifier.replace(/^@lama\/adapters\//, "");
  if (Object.hasOwn(BUILTIN_ADAPTERS, builtin))
    return BUILTIN_ADAPTERS[builtin]();
  let url;
  if (specifier.startsWith(".") || isAbsolute(specifier)) {
    url = pathToFileURL(resolve(baseDir, specifier)).href;
  } else {
    try {
      url = pathToFileURL(createRequire(join(baseDir, "noop.js")).resolve(specifier)).href;
    } catch {
      url = specifier;
    }
  }
  let mod;
  try {
    mod = await import(url);
  } catch (err) {
    throw new AdapterLoadError(`cannot load adapter module '${specifier}': ${err.message.split("\n")[0]}`);
  }
  const factory = [mod.default, mod.adapter].find(isAdapterFactory);
  if (!factory)
    throw new AdapterLoadError(`module '${specifier}' does not export an adapter (export default defineAdapter({...}) or export const adapter)`);
  return factory;
}

// packages/adapters/dist/src/supervisor/adapter-supervisor.js
import { EventEmitter } from "node:events";

// packages/adapters/dist/src/supervisor/timeout.js
function guarded(clock, adapter, call, ms, fn) {
  return new Promise((resolve2, reject) => {
    let done = false;
    const timer = clock.setTimer(() => {
      if (done)
        return;
      done = true;
      reject(new AdapterTimeoutError(adapter, call, ms));
    }, ms);
    Promise.resolve().then(fn).then(
      (v) => {
        if (!done) {
          done = true;
          timer.cancel();
          resolve2(v);
        }
      },
      // An adapter's own typed errors (InvalidParamError...) keep their type and gRPC status.
      (err) => {
        if (!done) {
          done = true;
          timer.cancel();
          reject(err instanceof AdapterError ? err : new AdapterFailedError(adapter, call, err));
        }
      }
    );
  });
}

// packages/adapters/dist/src/supervisor/adapter-supervisor.js
var Cancelled = class extends LamaError {
  constructor(message) {
    super("ERR_CANCELLED", message);
  }
};
var AdapterSupervisor = class _AdapterSupervisor extends EventEmitter {
  name;
  factory;
  options;
  instance;
  current = "STOPPED";
  since;
  message = "";
  restarts = 0;
  failures = 0;
  metrics = {};
  queue = Promise.resolve();
  backoff;
  stableTimer;
  clock;
  o;
  roles;
  /** What the operator's options let a controller Set. */
  settable;
  constructor(name, factory, options, opts) {
    super();
    this.name = name;
    this.factory = factory;
    this.options = options;
    this.clock = opts.clock ?? systemClock;
    this.since = this.clock.now();
    this.o = {
      startTimeoutMs: opts.startTimeoutMs ?? 15e3,
      stopTimeoutMs: opts.stopTimeoutMs ?? 1e4,
      callTimeoutMs: opts.callTimeoutMs ?? 5e3,
      autorestart: opts.autorestart ?? true,
      startRetries: opts.startRetries ?? 3,
      backoffMs: opts.backoffMs ?? 1e3,
      stableMs: opts.stableMs ?? 1e4
    };
    this.roles = factory.rolesFor(options);
    this.settable = factory.settableFor(options);
  }
  /** Validates the options and creates the instance (nothing is started). */
  static async create(name, factory, rawOptions, ctx, opts = {}) {
    const options = factory.options(rawOptions);
    const s = new _AdapterSupervisor(name, factory, options, opts);
    const context = { name, log: ctx.log, stateDir: ctx.stateDir, clock: s.clock, exited: (reason) => s.onExit(reason), processGroups: opts.processGroups };
    s.instance = await guarded(s.clock, name, "create", s.o.callTimeoutMs, () => factory.create(options, context));
    return s;
  }
  get state() {
    return this.current;
  }
  transition(state, message = "") {
    const previous = this.current;
    this.current = state;
    this.since = this.clock.now();
    this.message = boundedMessage(message);
    this.emit("state", this.name, state, previous, this.message);
  }
  run(op) {
    const next = this.queue.then(op, op);
    this.queue = next.catch(() => void 0);
    return next;
  }
  wait(ms) {
    return new Promise((resolve2, reject) => {
      const timer = this.clock.setTimer(() => {
        this.backoff = void 0;
        resolve2();
      }, ms);
      this.backoff = { timer, cancel: () => {
        timer.cancel();
        this.backoff = void 0;
        reject(new Cancelled("cancelled"));
      } };
    });
  }
  /** Starts the adapter; resolves when RUNNING, rejects when it ends FATAL (after retries with backoff). */
  start() {
    return this.run(async () => {
      if (this.current === "RUNNING")
        return;
      this.failures = 0;
      await this.startLoop();
    });
  }
  async startLoop() {
    for (; ; ) {
      this.transition("STARTING");
      try {
        await guarded(this.clock, this.name, "start", this.o.startTimeoutMs, () => this.instance.start());
        this.transition("RUNNING");
        this.stableTimer?.cancel();
        this.stableTimer = this.clock.setTimer(() => {
          this.failures = 0;
        }, this.o.stableMs);
        return;
      } catch (err) {
        const message = err.message;
        await guarded(this.clock, this.name, "stop", this.o.stopTimeoutMs, () => this.instance.stop()).catch(() => void 0);
        if (++this.failures > this.o.startRetries) {
          this.transition("FATAL", message);
          throw err instanceof AdapterError ? err : new AdapterFailedError(this.name, "start", err);
        }
        this.transition("BACKOFF", message);
        try {
          await this.wait(this.o.backoffMs * 2 ** (this.failures - 1));
        } catch {
          throw new AdapterFailedError(this.name, "start", "cancelled by stop");
        }
      }
    }
  }
  onExit(reason) {
    if (this.current !== "RUNNING")
      return;
    this.stableTimer?.cancel();
    this.restarts++;
    this.transition("EXITED", reason);
    if (!this.o.autorestart)
      return;
    this.failures++;
    void this.run(async () => {
      if (this.current !== "EXITED")
        return;
      if (this.failures > this.o.startRetries) {
        this.transition("FATAL", `exited ${this.failures} times in a row: ${reason}`);
        return;
      }
      this.transition("BACKOFF", reason);
      try {
        await this.wait(this.o.backoffMs * 2 ** (this.failures - 1));
      } catch {
        return;
      }
      await this.startLoop().catch(() => void 0);
    });
  }
  /** Stops the adapter (also interrupts a backoff wait); resolves when STOPPED. */
  stop() {
    this.backoff?.cancel();
    return this.run(async () => {
      this.backoff?.cancel();
      this.stableTimer?.cancel();
      if (this.current === "STOPPED")
        return;
      this.transition("STOPPING");
      try {
        await guarded(this.clock, this.name, "stop", this.o.stopTimeoutMs, () => this.instance.stop());
        const after = this.instance.stoppedStatus?.();
        this.metrics = after?.metrics ?? {};
        this.transition("STOPPED", after?.message);
      } catch (err) {
        this.transition("FATAL", err.message);
        throw err;
      }
    });
  }
  /** Parses and applies KEY=VALUE text, all or nothing; keys the options do not make settable are refused first. */
  async set(raw) {
    for (const key of Object.keys(raw)) {
      const declared = Object.prototype.hasOwnProperty.call(this.factory.params, key);
      if (declared && !this.settable.includes(key))
        throw new ParamNotSettableError(key, this.name, this.settable);
    }
    const values = parseParams(this.name, this.factory.params, raw);
    return this.run(() => guarded(this.clock, this.name, "set", this.o.startTimeoutMs, () => this.instance.set(values)));
  }
  /** State, metrics (fresh when RUNNING, within the call deadline) and parameters. */
  async view() {
    let message = this.message;
    if (this.current === "RUNNING") {
      try {
        this.metrics = await guarded(this.clock, this.name, "status", this.o.callTimeoutMs, () => this.instance.status());
      } catch (err) {
        message = boundedMessage(err.message);
      }
    }
    let params = {};
    try {
      params = Object.fromEntries(Object.entries(this.instance.params()).map(([k, v]) => [k, formatParam(v)]));
    } catch (err) {
      message ||= boundedMessage(`params failed: ${err.message}`);
    }
    return {
      name: this.name,
      type: this.factory.type,
      state: this.current,
      roles: this.roles,
      metrics: { ...this.metrics },
      params,
      message,
      restarts: this.restarts,
      stateSince: this.since,
      paramSpecs: Object.entries(this.factory.params).map(([name, spec]) => ({ name, spec }))
    };
  }
  /** Stops and releases the adapter (agent shutdown). */
  async close() {
    await this.stop().catch(() => void 0);
    await guarded(this.clock, this.name, "close", this.o.callTimeoutMs, () => this.instance.close?.()).catch(() => void 0);
  }
};

// packages/adapters/dist/src/supervisor/states.js
var ADAPTER_STATES = ["STOPPED", "STARTING", "RUNNING", "BACKOFF", "STOPPING", "EXITED", "FATAL"];

// packages/adapters/dist/src/supervisor/process-group-file.js
import { readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
function statOf(pid) {
  try {
    const s = readFileSync(`/proc/${pid}/stat`, "utf8");
    return s.slice(s.lastIndexOf(")") + 2).split(" ");
  } catch {
    return void 0;
  }
}
var PGRP = 2;
var START = 19;
var ProcessGroupFile = class {
  path;
  groups = /* @__PURE__ */ new Map();
  constructor(path) {
    this.path = path;
  }
  /** The groups the file lists (an unreadable or damaged file lists none). */
  recorded() {
    try {
      const v = JSON.parse(readFileSync(this.path, "utf8"));
      if (!Array.isArray(v.groups))
        return [];
      return v.groups.filter((g) => Number.isSafeInteger(g?.pgid) && g.pgid > 1 && Number.isSafeInteger(g?.start));
    } catch {
      return [];
    }
  }
  /**
   * SIGKILLs every live process of the recorded groups, then empties the file. A group whose
   * leader's pid now belongs to a process started at another time is someone else's and is
   * left alone, as is any process that started before the recorded leader.
   */
  sweep() {
    const groups = this.recorded();
    const pids = [];
    if (groups.length) {
      const byGroup = new Map(groups.filter((g) => {
        const leader = statOf(g.pgid);
        return !leader || Number(leader[START]) === g.start;
      }).map((g) => [g.pgid, g.start]));
      for (const entry of readdirSync("/proc")) {
        if (!/^\d+$/.test(entry) || Number(entry) === process.pid)
          continue;
        const f = statOf(Number(entry));
        if (!f || f[0] === "Z")
          continue;
        const start = byGroup.get(Number(f[PGRP]));
        if (start === void 0 || Number(f[START]) < start)
          continue;
        try {
          process.kill(Number(entry), "SIGKILL");
          pids.push(Number(entry));
        } catch {
        }
      }
    }
    this.groups.clear();
    this.write();
    return { groups: groups.length, pids };
  }
  add(pgid) {
    const f = statOf(pgid);
    this.groups.set(pgid, { pgid, start: f ? Number(f[START]) : 0 });
    this.write();
  }
  remove(pgid) {
    if (this.groups.delete(pgid))
      this.write();
  }
  // No fsync: the file only matters while the machine stays up (a reboot ends every group anyway).
  write() {
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ groups: [...this.groups.values()] })}
`);
    renameSync(tmp, this.path);
  }
};

// packages/agent/dist/src/errors.js
var UnknownAdapterError = class extends LamaError {
  constructor(node, adapter, known) {
    super("ERR_UNKNOWN_ADAPTER", `node '${node}' has no adapter '${adapter}' (adapters: ${known.join(", ") || "none"})`);
  }
};
var ConfigError = class extends LamaError {
  constructor(message) {
    super("ERR_CONFIG", message);
  }
};
var ProcFormatError = class extends LamaError {
  constructor(message) {
    super("ERR_PROC_FORMAT", message);
  }
};
var SiteManifestError = class extends LamaError {
  constructor(message) {
    super("ERR_SITE_MANIFEST", message);
  }
};
var UnsafePathError = class extends LamaError {
  constructor(message) {
    super("ERR_UNSAFE_PATH", message);
  }
};
var ObjectHashError = class extends LamaError {
  constructor(message) {
    super("ERR_OBJECT_HASH", message);
  }
};
var StoreFetchError = class extends LamaError {
  constructor(message) {
    super("ERR_STORE_FETCH", message);
  }
};
var SiteNotFoundError = class extends LamaError {
  constructor(message) {
    super("ERR_SITE_NOT_FOUND", message);
  }
};
var CacheFullError = class extends LamaError {
  constructor(message) {
    super("ERR_CACHE_FULL", message);
  }
};
var StoreConflictError = class extends LamaError {
  constructor(message) {
    super("ERR_STORE_CONFLICT", message);
  }
};
var LifecycleError = class extends LamaError {
  constructor(message) {
    super("ERR_LIFECYCLE", message);
  }
};
var CacheSourceError = class extends LamaError {
  constructor(message) {
    super("ERR_CACHE_SOURCE", message);
  }
};
var StateDirWriteError = class extends LamaError {
  constructor(message) {
    super("ERR_STATE_DIR_WRITE", message);
  }
};
var AGENT_ERRORS = {
  ERR_UNKNOWN_ADAPTER: { type: UnknownAdapterError, status: "NOT_FOUND" },
  ERR_CONFIG: { type: ConfigError, status: "FAILED_PRECONDITION" },
  ERR_PROC_FORMAT: { type: ProcFormatError, status: "INTERNAL" },
  ERR_SITE_MANIFEST: { type: SiteManifestError, status: "INVALID_ARGUMENT" },
  ERR_UNSAFE_PATH: { type: UnsafePathError, status: "INVALID_ARGUMENT" },
  ERR_OBJECT_HASH: { type: ObjectHashError, status: "FAILED_PRECONDITION" },
  ERR_STORE_FETCH: { type: StoreFetchError, status: "UNAVAILABLE" },
  ERR_SITE_NOT_FOUND: { type: SiteNotFoundError, status: "NOT_FOUND" },
  ERR_CACHE_FULL: { type: CacheFullError, status: "RESOURCE_EXHAUSTED" },
  ERR_STORE_CONFLICT: { type: StoreConflictError, status: "FAILED_PRECONDITION" },
  ERR_LIFECYCLE: { type: LifecycleError, status: "FAILED_PRECONDITION" },
  ERR_CACHE_SOURCE: { type: CacheSourceError, status: "FAILED_PRECONDITION" },
  ERR_STATE_DIR_WRITE: { type: StateDirWriteError, status: "RESOURCE_EXHAUSTED" }
};
registerErrors(AGENT_ERRORS);

export {
  loadAdapterFactory,
  AdapterSupervisor,
  ADAPTER_STATES,
  ProcessGroupFile,
  src_exports,
  UnknownAdapterError,
  ConfigError,
  ProcFormatError,
  SiteManifestError,
  UnsafePathError,
  ObjectHashError,
  StoreFetchError,
  SiteNotFoundError,
  CacheFullError,
  StoreConflictError,
  LifecycleError,
  CacheSourceError,
  StateDirWriteError
};
