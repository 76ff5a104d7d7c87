import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  formatPool
} from "./chunk-FRI7J5OI.js";
import "./chunk-25767RH4.js";
import {
  GrandClient
} from "./chunk-W4TKKIOO.js";
import {
  serveStore
} from "./chunk-QKHI2ZJ4.js";
import "./chunk-C6NIVJPH.js";
import "./chunk-7AIZH35D.js";
import {
  SiteStore
} from "./chunk-IZY2JOMO.js";
import "./chunk-2CLNWT2G.js";
import "./chunk-CV5GMX46.js";
import {
  parseSiteDefinition
} from "./chunk-R4APUNPC.js";
import "./chunk-4UNPKTYS.js";
import "./chunk-X66OQOLM.js";
import "./chunk-IWLBJ6JX.js";
import "./chunk-KSE75MTL.js";
import "./chunk-ZMUX57ID.js";
import "./chunk-EXKF7SXK.js";
import "./chunk-JXIYF6K4.js";
import "./chunk-36O33FJM.js";
import "./chunk-S3SJLHWA.js";
import "./chunk-VCFP5DZ7.js";
import "./chunk-VMRBDOJN.js";
import "./chunk-W74NIISL.js";
import {
  loadCredential,
  writeCredential,
  writePoolKey
} from "./chunk-AGYS2BOI.js";
import "./chunk-GREZTAM7.js";
import "./chunk-YUNTATBM.js";
import "./chunk-I7Y4U2ZV.js";
import "./chunk-IKSWEGPT.js";
import "./chunk-MT4BYXDY.js";
import "./chunk-ZWHKMG5D.js";
import {
  createPoolKey,
  issueCredential
} from "./chunk-FEDWZIOZ.js";
import {
  systemClock
} from "./chunk-A4HYEA5Q.js";
import "./chunk-COLKQ3MG.js";
import {
  LamaError
} from "./chunk-2F4QKM7O.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/cli/dist/src/demo/demo.js
import { existsSync, mkdirSync as mkdirSync2, mkdtempSync, rmSync, writeFileSync as writeFileSync2 } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join as join3 } from "node:path";

// packages/cli/dist/src/process/lama-process.js
import { spawn, spawnSync } from "node:child_process";
import { createWriteStream } from "node:fs";
import { dirname, join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
var LAMA_BIN = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..", "bin", "lama.js");
var STDERR_TAIL = 64 * 1024;
var exitHooks = /* @__PURE__ */ new Set();
process.once("exit", () => {
  for (const hook of exitHooks) {
    try {
      hook();
    } catch {
    }
  }
});
function atExit(fn) {
  exitHooks.add(fn);
  return () => exitHooks.delete(fn);
}
var LamaProcess = class _LamaProcess {
  name;
  child;
  options;
  /** Every log line so far (the last keepLines of them). */
  logs = [];
  /** performance.now() right before the spawn. */
  spawnedAt;
  /** How it ended, once it has. */
  ended;
  /** Resolves with the exit code. */
  exited;
  stderrTail = "";
  stopping = false;
  watchers = /* @__PURE__ */ new Set();
  out;
  /** Starts `node [nodeArgs] lama ARGS`. */
  static start(args, options = {}) {
    return _LamaProcess.spawn(process.execPath, [...options.nodeArgs ?? [], LAMA_BIN, ...args], { name: `lama ${args[0] ?? ""}`.trim(), ownGroup: true, ...options });
  }
  /** Starts any program the same way (etcd, a node script). */
  static spawn(command, args, options = {}) {
    const spawnedAt = performance.now();
    const env = { ...process.env, ...options.ownGroup ? { LAMA_EXIT_WITH_PARENT: "1" } : {}, ...options.env };
    const child = spawn(command, args, { cwd: options.cwd, env, detached: options.ownGroup ?? false, stdio: [options.stdin ? "pipe" : "ignore", "pipe", "pipe"] });
    return new _LamaProcess(options.name ?? `${command} ${args[0] ?? ""}`.trim(), child, options, spawnedAt);
  }
  constructor(name, child, options = {}, spawnedAt = performance.now()) {
    this.name = name;
    this.child = child;
    this.options = options;
    this.spawnedAt = spawnedAt;
    this.out = options.logFile ? createWriteStream(options.logFile, { flags: "a" }) : void 0;
    const forget = atExit(() => this.signal("SIGKILL", true));
    this.exited = new Promise((resolve) => {
      child.once("exit", (code, signal) => {
        forget();
        this.ended = { code, signal, unexpected: !this.stopping };
        resolve(code);
      });
      child.once("error", (err) => {
        if (child.pid !== void 0)
          return;
        forget();
        this.stderrTail += `spawn failed: ${err.message}`;
        this.ended = { code: null, signal: null, unexpected: true };
        resolve(null);
      });
    });
    if (child.stdout)
      createInterface({ input: child.stdout }).on("line", (text) => this.line(text));
    child.stderr?.setEncoding("utf8").on("data", (chunk) => {
      this.stderrTail = (this.stderrTail + chunk).slice(-STDERR_TAIL);
    });
    if (this.out && child.stderr)
      createInterface({ input: child.stderr }).on("line", (text) => this.out.write(`[stderr] ${text}
`));
  }
  get pid() {
    if (this.child.pid === void 0)
      throw new Error(`${this.name} has no pid`);
    return this.child.pid;
  }
  get alive() {
    return this.child.exitCode === null && this.child.signalCode === null;
  }
  /** The last 64 KB of its stderr. */
  get stderr() {
    return this.stderrTail;
  }
  /** Calls fn for every later log line until the returned function is called. */
  onLog(fn) {
    this.watchers.add(fn);
    return () => this.watchers.delete(fn);
  }
  /** Resolves with the first log line (past or future) for which test holds; rejects on exit or timeout. */
  waitForLog(test, timeoutMs = 15e3, what = "the log line") {
    const seen = this.logs.find(test);
    if (seen)
      return Promise.resolve(seen);
    const where = () => this.out ? ` (log: ${this.options.logFile})` : `; stderr: ${this.stderrTail.slice(-1e3)}`;
    return new Promise((resolve, reject) => {
      const stop = this.onLog((l) => {
        if (!test(l))
          return;
        done();
        resolve(l);
      });
      const timer = setTimeout(() => {
        done();
        reject(new Error(`${this.name}: no '${what}' within ${timeoutMs} ms${where()}`));
      }, timeoutMs);
      const onExit = (code) => {
        done();
        reject(new Error(`${this.name} exited (${code}) before '${what}'${where()}`));
      };
      const done = () => {
        stop();
        clearTimeout(timer);
        this.child.off("exit", onExit);
      };
      if (this.alive)
        this.child.once("exit", onExit);
      else
        setImmediate(() => onExit(this.child.exitCode));
    });
  }
  /** Resolves with the exit code. */
  exit() {
    return this.exited;
  }
  /** Sends signal to the process (only it: a daemon stops what it started itself), SIGKILL to its group after graceMs; resolves with the exit code. */
  async stop(signal = "SIGTERM", graceMs = 5e3) {
    if (this.alive) {
      this.stopping = true;
      this.signal(signal, false);
      const t = setTimeout(() => this.signal("SIGKILL", true), graceMs);
      await this.exited;
      clearTimeout(t);
    }
    if (this.out)
      await new Promise((r) => this.out.end(r));
    return this.child.exitCode;
  }
  /** Throws if the process died on its own, naming how. */
  assertAlive() {
    if (this.ended?.unexpected) {
      throw new Error(`${this.name} exited unexpectedly (code ${this.ended.code}, signal ${this.ended.signal}); stderr tail: ${this.stderrTail.slice(-1e3)}`);
    }
  }
  signal(signal, group) {
    if (group && this.options.ownGroup && this.child.pid !== void 0) {
      try {
        process.kill(-this.child.pid, signal);
        return;
      } catch {
      }
    }
    if (this.alive)
      this.child.kill(signal);
  }
  line(text) {
    this.out?.write(text + "\n");
    let line;
    try {
      line = JSON.parse(text);
    } catch {
      line = { msg: text };
    }
    this.logs.push(line);
    if (this.logs.length > (this.options.keepLines ?? Infinity))
      this.logs.shift();
    for (const w of this.watchers)
      w(line);
  }
};

// packages/cli/dist/src/demo/demo-site.js
import { createHash } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { join as join2 } from "node:path";
var DEMO_SITE = "radio";
var DEMO_SITE_VERSION = 1;
var MEDIA = ["jingle", "news", "weather", "traffic", "morning", "noon", "evening", "night"];
function bytesOf(name, size) {
  const out = Buffer.alloc(size);
  let block = createHash("sha256").update(name).digest();
  for (let at = 0; at < size; at += block.length) {
    block.copy(out, at);
    block = createHash("sha256").update(block).digest();
  }
  return out;
}
function writeStreamingSite(dir, o) {
  const media = join2(dir, "media");
  mkdirSync(media, { recursive: true });
  const names = [];
  MEDIA.forEach((kind, i) => {
    for (const part of [1, 2]) {
      const name = `${kind}-${part}.ogg`;
      writeFileSync(join2(media, name), bytesOf(name, 4096 * (1 + (i * 2 + part) % 7)));
      names.push(name);
    }
  });
  writeFileSync(join2(media, "playlist.m3u"), `#EXTM3U
${names.join("\n")}
`);
  mkdirSync(join2(dir, "conf"), { recursive: true });
  writeFileSync(join2(dir, "conf", "station.json"), `${JSON.stringify({ name: "LAMA demo radio", mount: o.mount, bitsPerSec: o.bitsPerSec, playlist: "media/playlist.m3u" }, null, 2)}
`);
  const listen = `\${address}:${o.port}`;
  const stream = o.mode === "icecast" ? { name: "stream", type: "icecast", options: { listen, mounts: [o.mount], relayRetrySeconds: 2, relaySources: [o.source] } } : { name: "stream", type: "sim-stream", options: { listen, mount: o.mount, bitsPerSec: o.bitsPerSec } };
  return {
    mapping: [
      { shared: "media", local: "/srv/radio/media", policy: "mkdir" },
      { shared: "conf", local: "/srv/radio/conf", policy: "mklink" }
    ],
    adapters: [stream],
    hot: ["media"]
  };
}
async function publishStreamingSite(treeDir, storeDir, publisher, o) {
  const definition = parseSiteDefinition(writeStreamingSite(treeDir, o), "the demo's streaming site");
  const r = await new SiteStore(storeDir).publish(treeDir, DEMO_SITE, publisher, { version: DEMO_SITE_VERSION, definition });
  const server = await serveStore(storeDir, { host: "127.0.0.1", port: 0 });
  return { url: server.url, files: r.files, bytes: r.bytes, close: () => server.close() };
}

// packages/cli/dist/src/demo/deployment-line.js
var SHORT = {
  "stop-services": "stop",
  "fetch-manifest": "manifest",
  "receive-cache": "cache",
  "fetch-missing": "fetch",
  materialize: "replica",
  map: "map",
  "start-services": "start",
  unmap: "unmap",
  "remove-instance-data": "instance",
  "drop-cache": "drop"
};
var s1 = (s) => `${(s ?? 0).toFixed(1)}s`;
function steps(d, n) {
  return n.steps.map((s) => {
    const base = `${SHORT[s.step] ?? s.step} ${s1(s.seconds)}`;
    if (s.step === "receive-cache")
      return `${base} (${n.filesFromCacheSource} files by multicast from ${d.cacheSource ?? "?"})`;
    if (s.step === "fetch-missing" && n.filesFromStore > 0)
      return `${base} (${n.filesFromStore} files from the store)`;
    return base;
  }).join(" ");
}
function deploymentLines(d) {
  return d.nodes.map((n) => {
    const head = d.kind === "deploy" ? `deploy ${d.site}@${d.version} -> ${n.node}` : `clean ${n.node} -> FREE`;
    const ok = n.state === "complete" || n.state === "clean";
    const tail = ok ? `= ${s1(n.seconds)}` : `${n.state.toUpperCase()} after ${s1(n.seconds)}${n.reason ? `: ${n.reason}` : ""}${n.cleanup ? `; cleanup ${n.cleanup}` : ""}`;
    return `${head}: ${[steps(d, n), tail].filter((x) => x !== "").join(" ")}`;
  });
}

// packages/cli/dist/src/demo/workload/workload-errors.js
var WorkloadOptionsError = class extends LamaError {
  key;
  constructor(key, message) {
    super("ERR_WORKLOAD_OPTIONS", `${key}: ${message}`);
    this.key = key;
  }
};
var NotLoopbackError = class extends LamaError {
  target;
  constructor(target, what) {
    super("ERR_NOT_LOOPBACK", `${what} '${target}' is not on 127.0.0.0/8 (an IPv4 loopback literal): the demo workload stays on this machine`);
    this.target = target;
  }
};

// packages/cli/dist/src/demo/workload/stream-profile.js
var PAPER_STREAM_WORKLOAD = Object.freeze({ rampPerMinute: 300, peak: 3e3, holdMs: 18e4 });
function check(key, v, min, max = Number.MAX_SAFE_INTEGER, integer = false) {
  if (typeof v !== "number" || !Number.isFinite(v) || v < min || v > max || integer && !Number.isInteger(v)) {
    throw new WorkloadOptionsError(key, `must be ${integer ? "an integer" : "a number"} from ${min}${max < Number.MAX_SAFE_INTEGER ? ` to ${max}` : ""} (got ${String(v)})`);
  }
  return v;
}
function mixSeed(seed, label) {
  let h = Math.imul(seed ^ 2654435769, 2246822507) ^ Math.imul(label + 1, 3266489909);
  h ^= h >>> 16;
  h = Math.imul(h, 2146121005);
  h ^= h >>> 15;
  return h >>> 0;
}
function hashNoise(seed, slot) {
  let h = Math.imul(mixSeed(seed, slot), 2221713035);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296 * 2 - 1;
}
function streamProfile(options) {
  const rate = check("rampPerMinute", options.rampPerMinute, Number.MIN_VALUE);
  const base = check("base", options.base ?? 0, 0, Number.MAX_SAFE_INTEGER, true);
  const peak = check("peak", options.peak, base, Number.MAX_SAFE_INTEGER, true);
  const holdMs = check("holdMs", options.holdMs, 0);
  const warmupMs = check("warmupMs", options.warmupMs ?? 0, 0);
  const timeScale = check("timeScale", options.timeScale ?? 1, Number.MIN_VALUE);
  const noise = options.noise && {
    seed: check("noise.seed", options.noise.seed, -(2 ** 31), 2 ** 32 - 1, true),
    amplitude: check("noise.amplitude", options.noise.amplitude, 0, 1),
    periodMs: check("noise.periodMs", options.noise.periodMs ?? 1e4, 1)
  };
  const rampMs = (peak - base) / rate * 6e4;
  const upEnd = warmupMs + rampMs;
  const holdEnd = upEnd + holdMs;
  const downEnd = holdEnd + rampMs;
  const phaseOf = (p) => p < warmupMs ? "warmup" : p < upEnd ? "ramp-up" : p < holdEnd ? "peak" : p < downEnd ? "ramp-down" : "done";
  const arrived = (ms) => Math.floor(ms * rate / 6e4 + 1e-9);
  const shape = (p) => {
    switch (phaseOf(p)) {
      case "warmup":
        return base;
      case "ramp-up":
        return base + arrived(p - warmupMs);
      case "peak":
        return peak;
      case "ramp-down":
        return peak - arrived(p - holdEnd);
      default:
        return base;
    }
  };
  const profile = ((t) => {
    const p = Math.max(0, t) * timeScale;
    const n = shape(p);
    if (!noise || noise.amplitude === 0 || n === 0)
      return n;
    return Math.max(0, Math.round(n * (1 + noise.amplitude * hashNoise(noise.seed, Math.floor(p / noise.periodMs)))));
  });
  profile.phaseAt = (t) => phaseOf(Math.max(0, t) * timeScale);
  Object.defineProperty(profile, "durationMs", { value: downEnd / timeScale, enumerable: true });
  Object.defineProperty(profile, "options", { value: Object.freeze({ rampPerMinute: rate, peak, holdMs, warmupMs, base, timeScale, ...noise ? { noise } : {} }), enumerable: true });
  return profile;
}

// packages/cli/dist/src/demo/workload/listener-pool.js
import { EventEmitter } from "node:events";
import { get } from "node:http";

// packages/cli/dist/src/demo/workload/loopback.js
var LOOPBACK = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;
function isLoopbackLiteral(host) {
  const m = LOOPBACK.exec(host);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255 && (o === "0" || !o.startsWith("0")));
}
function parseLoopbackUrl(text, what, alsoAllowed = () => false) {
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new WorkloadOptionsError(what, `'${text}' is not a URL`);
  }
  if (url.protocol !== "http:")
    throw new WorkloadOptionsError(what, `'${text}' is not an http:// URL`);
  if (!isLoopbackLiteral(url.hostname) && !alsoAllowed(url.hostname))
    throw new NotLoopbackError(url.host, what);
  const port = url.port === "" ? 80 : Number(url.port);
  return { host: url.hostname, port, path: `${url.pathname}${url.search}`, address: `${url.hostname}:${port}` };
}
function requireLoopbackHost(host, what) {
  if (!isLoopbackLiteral(host))
    throw new NotLoopbackError(host, what);
}

// packages/cli/dist/src/demo/workload/listener-pool.js
var REDIRECTS = /* @__PURE__ */ new Set([301, 302, 303, 307, 308]);
var ListenerPool = class extends EventEmitter {
  url;
  o;
  alsoAllowHost;
  clock;
  random;
  slots = [];
  perMember = /* @__PURE__ */ new Map();
  open = /* @__PURE__ */ new Set();
  nextId = 1;
  wanted = 0;
  failures = 0;
  drops = 0;
  connects = 0;
  bytes = 0;
  lastError = "";
  nextAttemptAt = 0;
  pumpTimer;
  pumpAt = Infinity;
  stopped = false;
  /** Throws NotLoopbackError for a dispatcher off 127.0.0.0/8, WorkloadOptionsError for a bad option. */
  constructor(options) {
    super();
    this.alsoAllowHost = options.alsoAllowHost ?? (() => false);
    this.url = parseLoopbackUrl(options.url, "url", this.alsoAllowHost);
    const positive = (key, dflt) => {
      const v = options[key] ?? dflt;
      if (typeof v !== "number" || !Number.isFinite(v) || v <= 0)
        throw new WorkloadOptionsError(key, `must be a number above 0 (got ${String(v)})`);
      return v;
    };
    this.o = {
      maxAttemptsPerSec: positive("maxAttemptsPerSec", 50),
      timeoutMs: positive("timeoutMs", 3e3),
      reopenDelayMs: positive("reopenDelayMs", 500),
      maxBackoffMs: positive("maxBackoffMs", 1e4),
      stallMs: positive("stallMs", 1e4),
      userAgent: options.userAgent ?? "lama-demo-listener"
    };
    this.clock = options.clock ?? systemClock;
    this.random = options.random ?? Math.random;
  }
  /** The target number of listeners. */
  get target() {
    return this.wanted;
  }
  /** Opens listeners up to n, or closes the newest down to n. */
  setTarget(n) {
    if (!Number.isSafeInteger(n) || n < 0)
      throw new WorkloadOptionsError("target", `must be an integer from 0 (got ${String(n)})`);
    if (this.stopped)
      return;
    this.wanted = n;
    let changed = false;
    while (this.slots.length < n) {
      this.slots.push({ id: this.nextId++, state: "waiting", dueAt: this.clock.now(), failuresInRow: 0, requests: /* @__PURE__ */ new Set() });
      changed = true;
    }
    while (this.slots.length > n) {
      this.close(this.slots.pop());
      changed = true;
    }
    if (changed)
      this.emit("change");
    this.pump();
  }
  counts() {
    const by = (s) => this.slots.filter((x) => x.state === s).length;
    return {
      target: this.wanted,
      connected: by("connected"),
      connecting: by("connecting"),
      waiting: by("waiting"),
      failures: this.failures,
      drops: this.drops,
      connects: this.connects,
      bytes: this.bytes,
      perMember: Object.fromEntries([...this.perMember].filter(([, n]) => n > 0).sort(([a], [b]) => a.localeCompare(b))),
      lastError: this.lastError
    };
  }
  /** Closes every listener and stops for good; resolves once their sockets are closed. */
  async stop() {
    this.setTarget(0);
    this.stopped = true;
    this.pumpTimer?.cancel();
    this.pumpTimer = void 0;
    const closing = [...this.open].map((req) => new Promise((resolve) => req.once("close", () => resolve())));
    await Promise.race([Promise.all(closing), new Promise((r) => setTimeout(r, 2e3).unref())]);
  }
  /** Starts the attempts that are due, one per 1/maxAttemptsPerSec, and wakes up for the next. */
  pump() {
    if (this.stopped)
      return;
    const now = this.clock.now();
    for (; ; ) {
      let due;
      for (const s of this.slots)
        if (s.state === "waiting" && (!due || s.dueAt < due.dueAt))
          due = s;
      if (!due)
        return;
      const at = Math.max(due.dueAt, this.nextAttemptAt);
      if (at > now)
        return this.wakeAt(at);
      this.nextAttemptAt = Math.max(now, this.nextAttemptAt) + 1e3 / this.o.maxAttemptsPerSec;
      this.attempt(due);
    }
  }
  wakeAt(at) {
    if (this.pumpTimer && this.pumpAt <= at)
      return;
    this.pumpTimer?.cancel();
    this.pumpAt = at;
    this.pumpTimer = this.clock.setTimer(() => {
      this.pumpTimer = void 0;
      this.pumpAt = Infinity;
      this.pump();
    }, at - this.clock.now());
  }
  request(slot, host, port, path) {
    const req = get({ host, port, path, agent: false, headers: { "User-Agent": this.o.userAgent, "Icy-MetaData": "0" } });
    slot.requests.add(req);
    this.open.add(req);
    req.once("close", () => {
      slot.requests.delete(req);
      this.open.delete(req);
    });
    return req;
  }
  /** Dispatcher, one redirect, member: the slot ends connected, or failed and waiting again. */
  attempt(slot) {
    slot.state = "connecting";
    slot.deadline = this.clock.setTimer(() => this.fail(slot, `no stream within ${this.o.timeoutMs} ms`), this.o.timeoutMs);
    this.emit("change");
    const first = this.request(slot, this.url.host, this.url.port, this.url.path);
    let answered = false;
    first.on("error", (err) => {
      if (!answered)
        this.fail(slot, `dispatcher ${this.url.address}: ${err.message}`);
    });
    first.once("response", (res) => {
      answered = true;
      res.on("error", () => void 0);
      if (slot.state !== "connecting")
        return void res.destroy();
      if (res.statusCode === 200)
        return this.stream(slot, this.url.address, res);
      res.resume();
      const location = res.headers.location;
      if (!REDIRECTS.has(res.statusCode ?? 0) || !location)
        return this.fail(slot, `dispatcher ${this.url.address} answered ${res.statusCode ?? "?"}${location ? "" : " without a redirect"}`);
      let target;
      try {
        target = parseLoopbackUrl(new URL(location, `http://${this.url.address}`).href, "redirect", this.alsoAllowHost);
      } catch (err) {
        return this.fail(slot, `not followed: ${err.message}`);
      }
      const second = this.request(slot, target.host, target.port, target.path);
      second.on("error", (err) => this.fail(slot, `member ${target.address}: ${err.message}`));
      second.once("response", (stream) => {
        if (slot.state !== "connecting")
          return void stream.destroy();
        if (stream.statusCode !== 200) {
          stream.resume();
          return this.fail(slot, `member ${target.address} answered ${stream.statusCode ?? "?"}`);
        }
        this.stream(slot, target.address, stream);
      });
    });
  }
  stream(slot, member, res) {
    slot.deadline?.cancel();
    slot.state = "connected";
    slot.member = member;
    slot.failuresInRow = 0;
    this.connects++;
    this.perMember.set(member, (this.perMember.get(member) ?? 0) + 1);
    res.socket.setTimeout(this.o.stallMs, () => res.destroy(new Error(`no data for ${this.o.stallMs} ms`)));
    res.on("data", (chunk) => {
      this.bytes += chunk.length;
    });
    res.on("error", (err) => this.dropped(slot, `stream from ${member} broke: ${err.message}`));
    res.once("end", () => this.dropped(slot, `stream from ${member} ended`));
    res.once("close", () => this.dropped(slot, `stream from ${member} closed`));
    this.emit("change");
  }
  leaveMember(slot) {
    if (slot.state !== "connected" || !slot.member)
      return;
    this.perMember.set(slot.member, (this.perMember.get(slot.member) ?? 1) - 1);
    slot.member = void 0;
  }
  destroyRequests(slot) {
    slot.deadline?.cancel();
    for (const req of slot.requests)
      req.destroy();
  }
  fail(slot, why) {
    if (slot.state !== "connecting")
      return;
    this.failures++;
    this.lastError = why;
    this.destroyRequests(slot);
    slot.failuresInRow++;
    this.retryLater(slot, Math.min(this.o.maxBackoffMs, this.o.reopenDelayMs * 2 ** slot.failuresInRow));
  }
  dropped(slot, why) {
    if (slot.state !== "connected")
      return;
    this.drops++;
    this.lastError = why;
    this.leaveMember(slot);
    this.destroyRequests(slot);
    this.retryLater(slot, this.o.reopenDelayMs);
  }
  retryLater(slot, delayMs) {
    slot.state = "waiting";
    slot.dueAt = this.clock.now() + delayMs * (0.5 + this.random());
    this.emit("change");
    this.pump();
  }
  close(slot) {
    this.leaveMember(slot);
    slot.state = "closed";
    this.destroyRequests(slot);
  }
};

// packages/cli/dist/src/demo/workload/icecast-source.js
import { request } from "node:http";
var IcecastSource = class {
  o;
  /** Bytes written to the connection so far. */
  bytesSent = 0;
  /** Resolves once icecast has accepted the source (100 Continue), rejects on a refusal. */
  accepted;
  /** Resolves when the source connection is closed (stop(), maxMs, or icecast hung up). */
  closed;
  req;
  timer;
  stopper;
  /** Throws NotLoopbackError when host is not on 127.0.0.0/8, WorkloadOptionsError for a bad option. */
  constructor(o) {
    this.o = o;
    requireLoopbackHost(o.host, "icecast host");
    if (!Number.isInteger(o.port) || o.port < 1 || o.port > 65535)
      throw new WorkloadOptionsError("port", `must be 1-65535 (got ${o.port})`);
    if (!/^\/[A-Za-z0-9._~/-]*$/.test(o.mount))
      throw new WorkloadOptionsError("mount", `'${o.mount}' is not a mount like /live`);
    if (!(o.bitsPerSec > 0) || !Number.isFinite(o.bitsPerSec))
      throw new WorkloadOptionsError("bitsPerSec", "must be a number above 0");
    if (!(o.maxMs > 0) || !Number.isFinite(o.maxMs))
      throw new WorkloadOptionsError("maxMs", "must be a number above 0");
    this.req = request({
      host: o.host,
      port: o.port,
      path: o.mount,
      method: "PUT",
      agent: false,
      auth: `source:${o.password}`,
      headers: {
        "Content-Type": "audio/mpeg",
        "Ice-Name": o.name ?? "lama demo source",
        "Ice-Public": "0",
        "Ice-Bitrate": String(Math.round(o.bitsPerSec / 1e3)),
        Expect: "100-continue"
      }
    });
    this.req.on("error", () => void 0);
    this.closed = new Promise((resolve) => this.req.once("close", () => {
      this.stopTimers();
      resolve();
    }));
    this.accepted = new Promise((resolve, reject) => {
      this.req.once("continue", () => {
        this.pump();
        resolve();
      });
      this.req.once("response", (res) => {
        res.resume();
        reject(new Error(`icecast refused the source on ${o.mount}: HTTP ${res.statusCode}`));
      });
      this.req.once("error", reject);
      this.req.once("close", () => reject(new Error(`the source connection to ${o.host}:${o.port} closed before icecast accepted it`)));
    });
    this.accepted.catch(() => void 0);
    this.stopper = setTimeout(() => this.stop(), o.maxMs);
    this.req.flushHeaders();
  }
  pump() {
    const start = Date.now();
    const pattern = Buffer.alloc(64 * 1024);
    for (let i = 0; i < pattern.length; i++)
      pattern[i] = i * 31 + 7 & 255;
    this.timer = setInterval(() => {
      const owed = Math.floor((Date.now() - start) / 1e3 * (this.o.bitsPerSec / 8)) - this.bytesSent;
      if (owed <= 0 || this.req.destroyed)
        return;
      const n = Math.min(owed, pattern.length);
      this.req.write(pattern.subarray(0, n));
      this.bytesSent += n;
    }, 50);
  }
  stopTimers() {
    if (this.timer)
      clearInterval(this.timer);
    if (this.stopper)
      clearTimeout(this.stopper);
    this.timer = void 0;
    this.stopper = void 0;
  }
  /** Stops sending and closes the connection. */
  stop() {
    this.stopTimers();
    this.req.destroy();
  }
};

// packages/cli/dist/src/demo/demo.js
var ICECAST = "/usr/bin/icecast2";
var MOUNT = "/live";
var BITS_PER_SEC = 16e3;
function freePort(host = "127.0.0.1", port = 0) {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(port, host, () => {
      const { port: bound } = srv.address();
      srv.close(() => resolve(bound));
    });
  });
}
async function commonFreePort(hosts) {
  for (let attempt = 0; ; attempt++) {
    const port = await freePort("0.0.0.0");
    try {
      for (const host of hosts)
        await freePort(host, port);
      return port;
    } catch (err) {
      if (attempt >= 20)
        throw err;
    }
  }
}
var sleep = (ms) => new Promise((r) => setTimeout(r, ms));
var num = (x) => Number.isInteger(x) ? String(x) : x.toFixed(1);
var clock = (ms) => `${Math.floor(ms / 6e4)}:${String(Math.floor(ms / 1e3) % 60).padStart(2, "0")}`;
function bar(load, total, upper, width = 24) {
  if (total <= 0)
    return "".padEnd(width, "\xB7");
  const fill = Math.min(width, Math.round(load / total * width));
  const mark = Math.min(width - 1, Math.round(upper / total * width));
  return Array.from({ length: width }, (_, i) => i < fill ? "\u2588" : i === mark ? "|" : "\xB7").join("");
}
async function runDemo(o) {
  if (o.nodes > 250)
    throw new Error(`--nodes ${o.nodes}: at most 250 (each streaming node gets its own address 127.0.0.2 ... 127.0.0.251)`);
  const mode = o.mode === "auto" ? existsSync(ICECAST) ? "icecast" : "sim" : o.mode;
  if (mode === "icecast" && !existsSync(ICECAST))
    throw new Error(`--mode icecast needs ${ICECAST} (apt-get install icecast2), or use --mode sim`);
  const dir = mkdtempSync(join3(tmpdir(), "lama-demo-"));
  const logs = join3(dir, "logs");
  mkdirSync2(logs);
  const print = o.print;
  const procs = [];
  let listeners;
  let source;
  let grandClient;
  let store;
  let stopping = false;
  let wake = () => void 0;
  const interrupted = new Promise((r) => {
    wake = r;
  });
  const onSignal = () => {
    if (stopping) {
      for (const p of procs)
        p.child.kill("SIGKILL");
      return;
    }
    stopping = true;
    print("");
    print("stopping: listeners, then agents (their leases are cancelled: no alerts), the grand agent and the lookup service...");
    wake();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
  const summary = { mode, seconds: 0, adds: 0, releases: 0, maxNodes: 0, alerts: 0, listenersPeak: 0, failures: 0, deployments: 0, multicastDeployments: 0, cleanings: 0, dir };
  const started = Date.now();
  try {
    const poolDir = join3(dir, "pool");
    const poolKey = createPoolKey();
    writePoolKey(poolDir, poolKey);
    const cred = (name, roles) => {
      const file = join3(dir, `${name}.cred`);
      writeCredential(file, issueCredential(poolKey, { name, roles, validDays: 1 }));
      return file;
    };
    const mdns = ["--mdns-interface", "127.0.0.1", "--mdns-group", o.mdnsGroup, "--mdns-port", String(o.mdnsPort)];
    const start = (name, args) => {
      const p = LamaProcess.start([...args, ...mdns], { name, logFile: join3(logs, `${name}.log`), keepLines: 500, env: { LAMA_EXIT_WITH_PARENT: "1" } });
      procs.push(p);
      return p;
    };
    print(`lama demo: a throwaway pool in ${dir}; multicast ${o.mdnsGroup}:${o.mdnsPort} on 127.0.0.1 only (TTL 1)`);
    print(mode === "icecast" ? `streaming servers: Debian's icecast2 (${ICECAST}); a source on the dispatcher node, ${o.nodes} relay nodes` : `streaming servers: SIMULATED (the built-in sim-stream adapter: a node-internal HTTP stream, not icecast2${existsSync(ICECAST) ? "" : ", which is not installed"})`);
    const lookup = start("lookup", ["lookup", "--credential", cred("lookup", ["lookup"]), "--listen", "127.0.0.1:0", "--announce-interval-ms", "2000"]);
    const dispatchPort = await freePort();
    const sourcePort = await freePort();
    const nodeNames = Array.from({ length: o.nodes }, (_, i) => `stream-${i + 1}`);
    const nodeAddresses = nodeNames.map((_, i) => `127.0.0.${i + 2}`);
    const streamPort = await commonFreePort(nodeAddresses);
    const sourcePassword = `demo-${Math.random().toString(36).slice(2, 10)}`;
    store = await publishStreamingSite(join3(dir, "site"), join3(dir, "store"), loadCredential(cred("publisher", ["controller"])), {
      mode,
      port: streamPort,
      mount: MOUNT,
      bitsPerSec: BITS_PER_SEC,
      source: `127.0.0.1:${sourcePort}`
    });
    const cacheGroup = `${o.mdnsGroup}:${o.mdnsPort + 1}`;
    print(`site ${DEMO_SITE}@${DEMO_SITE_VERSION}: ${mode === "icecast" ? "the relays' icecast2 configuration" : "the sim-stream server"} and a media set, ${store.files} files (${(store.bytes / 1024).toFixed(0)} KiB), in a store served at ${store.url}`);
    print(`each node the allocator adds is deployed with it first: the first from the store, later ones with a serving node's cache by multicast (${cacheGroup} on 127.0.0.1, TTL 1)`);
    const service = {
      name: "radio",
      role: "streaming-server",
      metric: "stream.listeners",
      adapter: "stream",
      capacityPerNode: o.capacity,
      minNodes: 1,
      maxNodes: o.nodes,
      periodMs: 2e3,
      cooldownAddMs: 4e3,
      cooldownReleaseMs: 12e3,
      leadTimeMs: 6e3,
      // The demo's ramp is ~12x faster than the paper's: Holt smooths over seconds, not tens of seconds.
      predictor: o.predictor === "holt" ? { kind: "holt", alpha: 0.5, beta: 0.3, minSamples: 4 } : { kind: o.predictor },
      serverParams: { RelayFrom: `127.0.0.1:${sourcePort}${MOUNT}` },
      dispatcher: { node: "dispatcher", adapter: "dispatch", param: "members", drainMs: 1e3 },
      site: `${DEMO_SITE}@${DEMO_SITE_VERSION}`
    };
    const grandConfig = join3(dir, "grand.json");
    writeFileSync2(grandConfig, JSON.stringify({
      name: "grand",
      credential: cred("grand", ["lookup", "controller"]),
      listen: "127.0.0.1:0",
      announceIntervalMs: 2e3,
      monitor: { intervalMs: 2e3 },
      services: [service],
      // A released node is cleaned with its cache dropped, so that every add shows the whole procedure.
      deploy: { storeUrl: store.url, cacheGroup, cacheInterface: "127.0.0.1", releaseKeepsCache: false }
    }, null, 2));
    const grand = start("grand", ["grand", "--config", grandConfig]);
    const agent = (name, adapters, extra = []) => start(name, [
      "agent",
      "--name",
      name,
      "--credential",
      cred(name, ["agent"]),
      "--lease-ms",
      "4000",
      "--metrics-interval-ms",
      "2000",
      "--state-dir",
      join3(dir, "state", name),
      ...adapters.flatMap((a) => ["--adapter", JSON.stringify(a)]),
      ...extra
    ]);
    const dispatcherAdapters = [{ name: "dispatch", module: "redirector", autostart: true, options: { listen: `127.0.0.1:${dispatchPort}` } }];
    if (mode === "icecast")
      dispatcherAdapters.push({ name: "source", module: "icecast", autostart: true, options: { listen: `127.0.0.1:${sourcePort}`, mounts: [MOUNT], sourcePassword } });
    const dispatcher = agent("dispatcher", dispatcherAdapters, ["--listen", "127.0.0.1:0"]);
    const agents = [dispatcher];
    nodeNames.forEach((name, i) => {
      const endpoint = { type: "lama.Endpoint", fields: { adapter: "stream", endpoint: `${nodeAddresses[i]}:${streamPort}` } };
      agents.push(agent(name, [], ["--listen", `${nodeAddresses[i]}:0`, "--deploy-root", join3(dir, "nodes", name), "--attribute", JSON.stringify(endpoint)]));
    });
    const grandUp = await grand.waitForLog((l) => l.msg === "grand agent running", 3e4, "grand agent running");
    grandClient = new GrandClient(String(grandUp.endpoint), loadCredential(cred("console", ["controller"])));
    if (mode === "icecast") {
      await dispatcher.waitForLog((l) => l.msg === "adapter state" && l.adapter === "source" && l.state === "RUNNING", 3e4, "icecast source running");
      source = new IcecastSource({ host: "127.0.0.1", port: sourcePort, mount: MOUNT, password: sourcePassword, bitsPerSec: BITS_PER_SEC, maxMs: (o.durationS ?? 86400) * 1e3 + 6e4 });
      await source.accepted;
      print(`live source: ${BITS_PER_SEC / 1e3} kbit/s into the dispatcher node's icecast2 at 127.0.0.1:${sourcePort}${MOUNT}`);
    }
    await lookup.waitForLog((l) => l.msg === "lookup service listening", 3e4, "lookup service listening");
    await Promise.all(agents.map((a) => a.waitForLog((l) => l.msg === "registered", 3e4, "registered")));
    print(`pool up: lookup service, grand agent at ${String(grandUp.endpoint)}, dispatcher at http://127.0.0.1:${dispatchPort}${MOUNT}, ${agents.length} agents`);
    for (let i = 0; i < 20; i++) {
      const p = await grandClient.pool();
      if (p.nodes.length >= agents.length && p.nodes.every((n) => n.lastStatusMs > 0))
        break;
      await sleep(250);
    }
    print("");
    for (const line of formatPool(await grandClient.pool()).split("\n"))
      print(`  ${line}`);
    print("");
    const profile = streamProfile({ rampPerMinute: Math.max(1, o.peak * 1.25), peak: o.peak, holdMs: 3e4, warmupMs: 8e3, base: 1 });
    const cycleMs = profile.durationMs + 1e4;
    print(`workload: the paper's shape scaled down: ${o.peak} listeners at the peak (C = ${o.capacity} per node), up at ${num(o.peak * 1.25)}/min, 30 s at the peak, down again; ${BITS_PER_SEC / 1e3} kbit/s each`);
    print(`allocator: Algorithm 1 every 2 s, ${o.predictor} forecast ${service.leadTimeMs / 1e3} s ahead; add above 0.9 \xB7 N \xB7 C, release below 0.8 \xB7 (N \u2212 1) \xB7 C. Ctrl-C stops everything.`);
    print("");
    listeners = new ListenerPool({ url: `http://127.0.0.1:${dispatchPort}${MOUNT}`, maxAttemptsPerSec: 20, reopenDelayMs: 500 });
    const seen = /* @__PURE__ */ new Map();
    const sub = grandClient.watchAlerts(0).subscribe({
      next: (a) => {
        summary.alerts++;
        print(`  !! ALERT ${a.kind}${a.node ? ` ${a.node}` : ""}: ${a.message}`);
      },
      error: () => void 0
    });
    const deploymentQueue = [];
    const showDeployments = () => {
      for (const line of deploymentQueue.splice(0))
        print(`     ${line}`);
    };
    const shownDeployments = /* @__PURE__ */ new Set();
    let deployments;
    const followDeployments = (client) => {
      deployments = client.watchDeployments(true).subscribe({
        next: (d) => {
          if (d.ended === void 0 || shownDeployments.has(d.id))
            return;
          shownDeployments.add(d.id);
          if (d.kind === "deploy") {
            summary.deployments++;
            if (d.cacheSource && d.nodes.some((n) => n.filesFromCacheSource > 0))
              summary.multicastDeployments++;
          } else
            summary.cleanings++;
          deploymentQueue.push(...deploymentLines(d));
        },
        error: (err) => {
          deploymentQueue.push(`(the grand agent's deployment stream broke: ${err.message}; reopened)`);
          setTimeout(() => {
            if (deployments)
              followDeployments(client);
          }, 1e3).unref();
        }
      });
    };
    followDeployments(grandClient);
    const t0 = Date.now();
    const endAt = o.durationS === void 0 ? Infinity : started + o.durationS * 1e3;
    while (!stopping && Date.now() < endAt) {
      const elapsed = Date.now() - t0;
      const target = Math.round(profile(elapsed % cycleMs));
      listeners.setTarget(target);
      const [p, decisions] = await Promise.all([grandClient.pool(), grandClient.decisions({ actionsOnly: true })]).catch(() => [void 0, []]);
      for (const d of decisions) {
        const key = `${d.at} ${d.node}`;
        const shown = seen.get(key);
        if (shown === void 0) {
          if (d.action === "add")
            summary.adds++;
          if (d.action === "release")
            summary.releases++;
          print(`  -> ${d.action.toUpperCase()} ${d.node ?? ""}: ${d.reason}${d.outcome ? ` (${d.outcome})` : ""}`);
        } else if (d.outcome && shown === "")
          print(`  -> ${d.action} ${d.node ?? ""}: ${d.outcome}`);
        seen.set(key, d.outcome ?? "");
      }
      showDeployments();
      if (p)
        print(statusLine(elapsed, p, listeners.counts().connected, target, summary));
      summary.listenersPeak = Math.max(summary.listenersPeak, listeners.counts().connected);
      await Promise.race([sleep(2e3), interrupted]);
    }
    sub.unsubscribe();
    deployments?.unsubscribe();
    deployments = void 0;
    showDeployments();
    const counts = listeners.counts();
    summary.failures = counts.failures;
    if (counts.failures > counts.connects && counts.lastError)
      print(`listeners: ${counts.failures} failed attempts against ${counts.connects} streams opened; the latest: ${counts.lastError}`);
  } finally {
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
    await listeners?.stop();
    source?.stop();
    grandClient?.close();
    const [lookupP, grandP, ...agentPs] = procs;
    await Promise.all(agentPs.map((p) => p.stop("SIGTERM", 8e3)));
    await grandP?.stop("SIGTERM", 8e3);
    await lookupP?.stop("SIGTERM", 8e3);
    await store?.close();
    summary.seconds = Math.round((Date.now() - started) / 1e3);
    if (!o.keep)
      rmSync(dir, { recursive: true, force: true });
  }
  return summary;
}
function statusLine(elapsed, p, connected, target, summary) {
  const s = p.services[0];
  if (!s)
    return `${clock(elapsed)} (no service)`;
  summary.maxNodes = Math.max(summary.maxNodes, s.serving.length);
  const total = s.serving.length * s.capacityPerNode;
  const fc = s.hasForecast ? num(s.forecast) : "-";
  const hold = s.holdReason ? `  HOLD ${s.holdReason}` : "";
  return `${clock(elapsed)}  listeners ${String(connected).padStart(3)}/${String(target).padEnd(3)} load ${bar(s.sum, total, s.upperBound)} ${num(s.sum).padStart(4)}/${total}  forecast ${fc.padStart(5)}  N ${s.n} [${s.serving.join(" ")}]${hold}`;
}
export {
  runDemo
};
