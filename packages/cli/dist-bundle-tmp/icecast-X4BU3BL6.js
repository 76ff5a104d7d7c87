import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  spawnService
} from "./chunk-JXIYF6K4.js";
import {
  defineAdapter,
  external_exports,
  integerOption,
  listOption,
  parseOptions,
  textOption
} from "./chunk-36O33FJM.js";
import {
  InvalidParamError,
  ParamNotAllowedError
} from "./chunk-S3SJLHWA.js";
import {
  MOUNT,
  RELAY_FROM,
  delay,
  every,
  parseRelayFrom
} from "./chunk-VCFP5DZ7.js";
import "./chunk-VMRBDOJN.js";
import "./chunk-W74NIISL.js";
import "./chunk-AGYS2BOI.js";
import "./chunk-GREZTAM7.js";
import "./chunk-YUNTATBM.js";
import "./chunk-I7Y4U2ZV.js";
import "./chunk-IKSWEGPT.js";
import {
  formatHostPort,
  isHostPort,
  parseHostPort
} from "./chunk-MT4BYXDY.js";
import "./chunk-ZWHKMG5D.js";
import "./chunk-FEDWZIOZ.js";
import "./chunk-A4HYEA5Q.js";
import "./chunk-COLKQ3MG.js";
import {
  LamaError
} from "./chunk-2F4QKM7O.js";
import "./chunk-532ZK4EG.js";
import "./chunk-5RG6R7ES.js";

// packages/adapters/dist/src/builtin/icecast/icecast-instance.js
import { randomBytes } from "node:crypto";
import { chmod as chmod2, chown as chown2, mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

// packages/adapters/dist/src/builtin/icecast/admin-stats.js
import { request } from "node:http";
var StatsHttpError = class extends LamaError {
  status;
  constructor(status, message) {
    super("ERR_ICECAST_STATS_HTTP", message);
    this.status = status;
  }
};
var ENTITY = /&(amp|lt|gt|quot|apos|#\d+|#x[0-9A-Fa-f]+);/g;
var NAMED = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };
function decode(s) {
  return s.replace(ENTITY, (_, e) => {
    if (e.startsWith("#x"))
      return String.fromCodePoint(parseInt(e.slice(2), 16));
    if (e.startsWith("#"))
      return String.fromCodePoint(Number(e.slice(1)));
    return NAMED[e];
  });
}
function leaves(xml) {
  const out = {};
  for (const m of xml.matchAll(/<([A-Za-z_][\w.-]*)>([^<]*)<\/\1>/g))
    out[m[1]] = decode(m[2]);
  return out;
}
function parseIcecastStats(xml) {
  if (!/<icestats[\s>]/.test(xml))
    throw new Error("not an icecast stats document (no <icestats>)");
  const mounts = /* @__PURE__ */ new Map();
  const outside = xml.replace(/<source\s+mount="([^"]*)"\s*>([\s\S]*?)<\/source>/g, (_, mount, body) => {
    mounts.set(decode(mount), leaves(body));
    return "";
  });
  return { global: leaves(outside), mounts };
}
function statNumber(fields, key) {
  const n = Number(fields?.[key]);
  return Number.isFinite(n) ? n : 0;
}
var MAX_BODY = 4 * 1024 * 1024;
function fetchIcecastStats(e, timeoutMs = 2e3) {
  const host = e.host === "0.0.0.0" ? "127.0.0.1" : e.host === "::" ? "::1" : e.host;
  return new Promise((resolve, reject) => {
    const req = request({
      host,
      port: e.port,
      path: "/admin/stats",
      method: "GET",
      agent: false,
      timeout: timeoutMs,
      headers: { Authorization: `Basic ${Buffer.from(`admin:${e.adminPassword}`).toString("base64")}`, Connection: "close" }
    });
    req.on("timeout", () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on("error", (err) => {
      reject(err.code === "ECONNRESET" ? new Error("GET /admin/stats: connection reset (icecast does this over its <clients> limit)") : err);
    });
    req.on("response", (res) => {
      const chunks = [];
      let size = 0;
      res.on("data", (c) => {
        size += c.length;
        if (size > MAX_BODY)
          req.destroy(new Error("stats document larger than 4 MiB"));
        else
          chunks.push(c);
      });
      res.on("error", reject);
      res.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        if (res.statusCode !== 200) {
          const why = res.statusCode === 401 ? "the admin password is refused" : res.statusCode === 403 ? "refused, e.g. the <clients> limit is reached" : body.slice(0, 100);
          reject(new StatsHttpError(res.statusCode ?? 0, `GET /admin/stats: HTTP ${res.statusCode} (${why})`));
          return;
        }
        try {
          resolve(parseIcecastStats(body));
        } catch (err) {
          reject(err);
        }
      });
    });
    req.end();
  });
}

// packages/adapters/dist/src/builtin/icecast/bandwidth.js
var BandwidthTracker = class {
  windowMs;
  staleMs;
  ticks = /* @__PURE__ */ new Map();
  // The first value a mount shows was written at an unknown time before: it is no tick.
  baselines = /* @__PURE__ */ new Map();
  /**
   * @param windowMs rates average over the ticks of this window
   * @param staleMs no new counters for this long means nothing flows any more
   */
  constructor(windowMs = 16e3, staleMs = 12e3) {
    this.windowMs = windowMs;
    this.staleMs = staleMs;
  }
  /** Records one sample of every mount present; mounts that are gone are forgotten. */
  observe(t, mounts) {
    for (const name of [...this.baselines.keys()]) {
      if (!mounts.has(name)) {
        this.baselines.delete(name);
        this.ticks.delete(name);
      }
    }
    for (const [name, c] of mounts) {
      const base = this.baselines.get(name);
      const ticks = this.ticks.get(name) ?? [];
      const last = ticks[ticks.length - 1] ?? base;
      if (!last) {
        this.baselines.set(name, { t, ...c });
        continue;
      }
      if (c.read === last.read && c.sent === last.sent)
        continue;
      if (c.read < last.read || c.sent < last.sent) {
        this.baselines.set(name, { t, ...c });
        this.ticks.delete(name);
        continue;
      }
      ticks.push({ t, ...c });
      while (ticks.length > 2 && t - ticks[0].t > this.windowMs)
        ticks.shift();
      this.ticks.set(name, ticks);
    }
  }
  /** The mount's rates at time now; 0 until two ticks are seen. */
  rate(name, now) {
    const ticks = this.ticks.get(name) ?? [];
    const first = ticks[0];
    const last = ticks[ticks.length - 1];
    if (ticks.length < 2 || now - last.t > this.staleMs)
      return { sentBitsPerSec: 0, readBitsPerSec: 0 };
    const seconds = (last.t - first.t) / 1e3;
    return { sentBitsPerSec: (last.sent - first.sent) * 8 / seconds, readBitsPerSec: (last.read - first.read) * 8 / seconds };
  }
  clear() {
    this.ticks.clear();
    this.baselines.clear();
  }
};

// packages/adapters/dist/src/builtin/icecast/config-writer.js
import { chmod, chown, rename, writeFile } from "node:fs/promises";
var ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };
function xmlEscape(value) {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
var el = (name, value) => `<${name}>${xmlEscape(String(value))}</${name}>`;
function renderIcecastConfig(c) {
  const wildcard = c.listen.host === "0.0.0.0" || c.listen.host === "::";
  const lines = [
    "<icecast>",
    `  ${el("location", c.location)}`,
    `  ${el("admin", "lama@localhost")}`,
    `  ${el("hostname", c.hostname)}`,
    "  <limits>",
    `    ${el("clients", c.clients)}`,
    `    ${el("sources", c.sources)}`,
    "    <queue-size>524288</queue-size>",
    "    <client-timeout>30</client-timeout>",
    "    <header-timeout>15</header-timeout>",
    "    <source-timeout>10</source-timeout>",
    "    <burst-size>65535</burst-size>",
    "  </limits>",
    "  <authentication>",
    `    ${el("source-password", c.sourcePassword)}`,
    `    ${el("admin-user", "admin")}`,
    `    ${el("admin-password", c.adminPassword)}`,
    "  </authentication>",
    "  <listen-socket>",
    `    ${el("port", c.listen.port)}`,
    ...wildcard ? [] : [`    ${el("bind-address", c.listen.host)}`],
    "  </listen-socket>",
    "  <fileserve>1</fileserve>",
    // icecast waits this long before it retries a relay whose pull failed (and re-reads its relay list, which is cheap).
    `  ${el("master-update-interval", c.relayRetrySeconds)}`,
    "  <paths>",
    `    ${el("basedir", c.shareDir)}`,
    `    ${el("logdir", c.logDir)}`,
    `    ${el("webroot", `${c.shareDir}/web`)}`,
    `    ${el("adminroot", `${c.shareDir}/admin`)}`,
    "  </paths>",
    // "-" sends both logs to stderr, which the adapter reads: no log files to own or rotate.
    "  <logging><accesslog>-</accesslog><errorlog>-</errorlog><loglevel>3</loglevel><logsize>10000</logsize></logging>",
    "  <security>",
    "    <chroot>0</chroot>",
    ...c.changeOwner ? [`    <changeowner>${el("user", c.changeOwner.user)}${el("group", c.changeOwner.group)}</changeowner>`] : [],
    "  </security>",
    // The default mount reaches sources that connect later; a HUP does not apply it to running ones.
    `  <mount type="default">${el("max-listeners", c.maxListeners)}</mount>`,
    ...c.mounts.map((m) => `  <mount type="normal">${el("mount-name", m)}${el("max-listeners", c.maxListeners)}</mount>`)
  ];
  if (c.relay) {
    lines.push("  <relay>", `    ${el("server", c.relay.host)}`, `    ${el("port", c.relay.port)}`, `    ${el("mount", c.relay.mount)}`, `    ${el("local-mount", c.relay.mount)}`, "    <on-demand>0</on-demand>", "    <relay-shoutcast-metadata>0</relay-shoutcast-metadata>", "  </relay>");
  }
  lines.push("</icecast>", "");
  return lines.join("\n");
}
async function writeIcecastConfig(path, xml, gid) {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, xml, { mode: 384 });
  if (gid !== void 0) {
    await chown(tmp, 0, gid);
    await chmod(tmp, 416);
  }
  await rename(tmp, path);
}

// packages/adapters/dist/src/builtin/icecast/icecast-process.js
var IcecastProcess = class {
  clock;
  exited;
  child;
  errorLog = [];
  partial = "";
  done;
  constructor(binary, configPath, clock, ledger) {
    this.clock = clock;
    this.child = spawnService(binary, ["-c", configPath], { stdio: ["ignore", "pipe", "pipe"] }, ledger);
    const keep = (chunk) => this.keep(chunk.toString("utf8"));
    this.child.stdout?.on("data", keep);
    this.child.stderr?.on("data", keep);
    this.exited = new Promise((resolve) => {
      this.child.once("error", (err) => {
        this.errorLog.push(`cannot run ${binary}: ${err.message}`);
        this.done ??= { code: null, signal: null };
        resolve(this.done);
      });
      this.child.once("exit", (code, signal) => {
        this.done ??= { code, signal };
        resolve(this.done);
      });
    });
  }
  // Only error-log lines ("[date] LEVEL ...") are kept: access-log lines of the adapter's own
  // stats requests would push the interesting ones out.
  keep(text) {
    const lines = (this.partial + text).split("\n");
    this.partial = lines.pop() ?? "";
    for (const l of lines)
      if (l.startsWith("["))
        this.errorLog.push(l);
    if (this.errorLog.length > 40)
      this.errorLog = this.errorLog.slice(-20);
  }
  get pid() {
    return this.child.pid;
  }
  get alive() {
    return this.done === void 0 && this.child.exitCode === null && this.child.signalCode === null;
  }
  /** The last error-log lines, for messages. */
  tail(lines = 5) {
    return this.errorLog.slice(-lines).join(" | ");
  }
  describeExit(e) {
    return `${e.signal ?? `code ${e.code}`}${this.tail() ? `: ${this.tail()}` : ""}`;
  }
  /** Asks icecast to re-read its config (SIGHUP); it does so within about a second. */
  reload() {
    if (this.alive)
      this.child.kill("SIGHUP");
  }
  /** SIGTERM, then SIGKILL after timeoutMs; resolves once the process is gone. */
  async stop(timeoutMs = 5e3) {
    if (!this.alive)
      return;
    this.child.kill("SIGTERM");
    const killer = this.clock.setTimer(() => this.child.kill("SIGKILL"), timeoutMs);
    await this.exited;
    killer.cancel();
  }
};

// packages/adapters/dist/src/builtin/icecast/options.js
var HOSTNAME = /^[A-Za-z0-9](?:[A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;
var ACCOUNT = /^[A-Za-z_][A-Za-z0-9_.-]{0,31}$/;
var ABSOLUTE = /^\/[^\u0000-\u001f\u007f]*$/;
var PASSWORD = /^[^\u0000-\u001f\u007f]{4,256}$/;
var LISTEN_INVALID = "must be HOST:PORT with a port from 1 to 65535";
var SOURCES = "must be a list of HOST:PORT sources (e.g. 127.0.0.1:18000)";
var schema = external_exports.strictObject({
  listen: external_exports.string({ error: (i) => i.input === void 0 ? "is required (HOST:PORT icecast listens on, e.g. 127.0.0.1:18000)" : LISTEN_INVALID }).transform((text, ctx) => {
    const hp = parseHostPort(text);
    if (hp && hp.port >= 1 && !hp.host.includes("_"))
      return hp;
    ctx.addIssue({ code: "custom", message: LISTEN_INVALID });
    return external_exports.NEVER;
  }),
  hostname: textOption(HOSTNAME, "a host name").optional(),
  clients: integerOption(2, 1e6).default(100),
  sources: integerOption(1, 1e4).default(10),
  maxListeners: integerOption(-1, 1e6).default(-1),
  sourcePassword: textOption(PASSWORD, "4 to 256 characters without control characters").optional(),
  adminPassword: textOption(PASSWORD, "4 to 256 characters without control characters").optional(),
  mounts: listOption('must be a list of mount points like "/live"', MOUNT).default([]),
  relayFrom: textOption(RELAY_FROM, "HOST:PORT/MOUNT (e.g. 127.0.0.1:18000/live)").default(""),
  relayRetrySeconds: integerOption(1, 3600).default(2),
  binary: textOption(ABSOLUTE, "an absolute path").default("/usr/bin/icecast2"),
  shareDir: textOption(ABSOLUTE, "an absolute path").default("/usr/share/icecast2"),
  user: textOption(ACCOUNT, "a user name").optional(),
  group: textOption(ACCOUNT, "a group name").optional(),
  relaySources: external_exports.array(external_exports.string({ error: SOURCES }).refine(isHostPort, SOURCES), { error: SOURCES }).optional()
}).superRefine((o, ctx) => {
  if (!relaySourceAllowed(o.relayFrom, o.relaySources)) {
    ctx.addIssue({ code: "custom", path: ["relayFrom"], message: `must name a source relaySources lists (${o.relaySources?.join(", ") ?? ""})` });
  }
});
function relaySourceAllowed(relayFrom, sources) {
  const relay = parseRelayFrom(relayFrom);
  if (!relay || !sources)
    return true;
  const source = `${relay.host}:${relay.port}`.toLowerCase();
  return sources.some((s) => s.toLowerCase() === source);
}
function parseIcecastOptions(raw) {
  const o = parseOptions("icecast", schema, raw);
  const wildcard = o.listen.host === "0.0.0.0" || o.listen.host === "::";
  return { ...o, hostname: o.hostname ?? (wildcard ? "localhost" : o.listen.host), mounts: [...new Set(o.mounts)] };
}

// packages/adapters/dist/src/builtin/icecast/system-account.js
import { execFile } from "node:child_process";
function getent(db, name) {
  return new Promise((resolve) => {
    execFile("getent", [db, name], { timeout: 5e3 }, (err, stdout) => resolve(err ? void 0 : stdout.trim().split(":")));
  });
}
async function resolveAccount(user, group) {
  const candidates = user ? [[user, group]] : [["icecast2", group ?? "icecast"], ["nobody", group ?? "nogroup"]];
  for (const [u, g] of candidates) {
    const pw = await getent("passwd", u);
    if (!pw)
      continue;
    const gr = await getent("group", g ?? pw[3]);
    if (!gr) {
      if (g && (user || group))
        throw new Error(`group '${g}' does not exist`);
      continue;
    }
    return { user: u, group: gr[0], gid: Number(gr[2]) };
  }
  throw new Error(user ? `user '${user}' does not exist` : "neither user 'icecast2' nor 'nobody' exists: set the 'user' and 'group' options");
}

// packages/adapters/dist/src/builtin/icecast/icecast-instance.js
var START_MS = 1e4;
var RELOAD_MS = 6e3;
var SAMPLE_MS = 500;
var IcecastInstance = class {
  o;
  ctx;
  settings;
  passwords;
  // Part of <location>: tells our server from anything else answering on the port.
  nonce = randomBytes(6).toString("hex");
  generation = 0;
  runDir;
  account;
  proc;
  stopping = false;
  startedAt = 0;
  sampler;
  inflight;
  lastStats;
  rates = new BandwidthTracker();
  constructor(o, ctx) {
    this.o = o;
    this.ctx = ctx;
    this.settings = { RelayFrom: o.relayFrom, clients: o.clients, maxListeners: o.maxListeners };
    const generated = () => randomBytes(18).toString("base64url");
    this.passwords = { source: o.sourcePassword ?? generated(), admin: o.adminPassword ?? generated() };
  }
  get listenText() {
    return formatHostPort(this.o.listen.host, this.o.listen.port);
  }
  get endpoint() {
    return { host: this.o.listen.host, port: this.o.listen.port, adminPassword: this.passwords.admin };
  }
  get configPath() {
    if (!this.runDir)
      throw new Error("icecast run folder not prepared");
    return join(this.runDir.path, "icecast.xml");
  }
  async prepareRunDir() {
    if (this.runDir)
      return;
    if (process.getuid?.() !== 0) {
      this.runDir = { path: this.ctx.stateDir, owned: false };
      return;
    }
    this.account = await resolveAccount(this.o.user, this.o.group);
    const path = await mkdtemp(join(tmpdir(), `lama-icecast-${this.ctx.name}-`));
    await chown2(path, 0, this.account.gid);
    await chmod2(path, 488);
    this.runDir = { path, gid: this.account.gid, owned: true };
  }
  /** Writes icecast.xml for these settings; returns the <location> that proves it is loaded, and the mounts given a section. */
  async writeConfig(s) {
    if (!this.runDir)
      throw new Error("icecast run folder not prepared");
    const location = `lama:${this.ctx.name}:${this.nonce}:${++this.generation}`;
    const relay = parseRelayFrom(s.RelayFrom) ?? null;
    const active = [...this.lastStats?.mounts.keys() ?? []].filter((m) => MOUNT.test(m));
    const mounts = [.../* @__PURE__ */ new Set([...this.o.mounts, ...relay ? [relay.mount] : [], ...active])];
    const xml = renderIcecastConfig({
      location,
      hostname: this.o.hostname,
      listen: this.o.listen,
      clients: s.clients,
      sources: this.o.sources,
      maxListeners: s.maxListeners,
      sourcePassword: this.passwords.source,
      adminPassword: this.passwords.admin,
      mounts,
      relay,
      relayRetrySeconds: this.o.relayRetrySeconds,
      shareDir: this.o.shareDir,
      logDir: this.runDir.path,
      changeOwner: this.account ? { user: this.account.user, group: this.account.group } : void 0
    });
    await writeIcecastConfig(this.configPath, xml, this.runDir.gid);
    return { location, mounts };
  }
  sample() {
    this.inflight ??= fetchIcecastStats(this.endpoint).then((s) => {
      this.lastStats = s;
      const counters = new Map([...s.mounts].map(([m, f]) => [m, { read: statNumber(f, "total_bytes_read"), sent: statNumber(f, "total_bytes_sent") }]));
      this.rates.observe(this.ctx.clock.now(), counters);
      return s;
    }).finally(() => {
      this.inflight = void 0;
    });
    return this.inflight;
  }
  /**
   * Polls /admin/stats until it shows location (the process alive is no proof it serves that
   * config) and pending() finds nothing still on its way.
   */
  async waitFor(proc, location, ms, what, pending) {
    const deadline = this.ctx.clock.now() + ms;
    let last = "no answer yet";
    for (; ; ) {
      if (!proc.alive)
        throw new Error(`icecast2 exited ${what} (${proc.describeExit(await proc.exited)})`);
      try {
        const s = await this.sample();
        const behind = s.global.location === location ? pending?.(s) : `the server on ${this.listenText} shows <location> '${s.global.location ?? ""}', not '${location}'`;
        if (behind === void 0)
          return;
        last = behind;
      } catch (err) {
        last = err.message;
      }
      if (this.ctx.clock.now() > deadline)
        throw new Error(`icecast2 on ${this.listenText} did not serve its config ${what} within ${ms / 1e3} s: ${last}${proc.tail() ? ` (log: ${proc.tail()})` : ""}`);
      await delay(this.ctx.clock, 100);
    }
  }
  async start() {
    if (this.proc?.alive)
      return;
    this.stopSampler();
    await this.prepareRunDir();
    this.rates.clear();
    this.lastStats = void 0;
    const { location } = await this.writeConfig(this.settings);
    this.stopping = false;
    const proc = new IcecastProcess(this.o.binary, this.configPath, this.ctx.clock, this.ctx.processGroups);
    this.proc = proc;
    try {
      await this.waitFor(proc, location, START_MS, "during start");
    } catch (err) {
      await proc.stop();
      throw err;
    }
    this.startedAt = this.ctx.clock.now();
    void proc.exited.then((e) => {
      if (this.proc !== proc || this.stopping)
        return;
      this.stopSampler();
      this.ctx.exited(`icecast2 exited (${proc.describeExit(e)})`);
    });
    this.sampler = every(this.ctx.clock, SAMPLE_MS, () => void this.sample().catch(() => void 0));
    this.ctx.log.info("icecast started", { pid: proc.pid, listen: this.listenText, user: this.account?.user });
  }
  stopSampler() {
    this.sampler?.cancel();
    this.sampler = void 0;
  }
  async stop() {
    this.stopSampler();
    const proc = this.proc;
    if (!proc)
      return;
    this.stopping = true;
    await proc.stop();
    if (this.proc === proc)
      this.proc = void 0;
    this.rates.clear();
    this.lastStats = void 0;
  }
  async close() {
    await this.stop();
    if (this.runDir?.owned)
      await rm(this.runDir.path, { recursive: true, force: true });
    this.runDir = void 0;
  }
  params() {
    return { ...this.settings };
  }
  /** Writes the new config and reloads with SIGHUP (icecast 2.4 re-reads relays and limits on it). */
  async apply(proc, s) {
    const { location, mounts } = await this.writeConfig(s);
    proc.reload();
    const want = s.maxListeners < 0 ? "unlimited" : String(s.maxListeners);
    await this.waitFor(proc, location, RELOAD_MS, "after SIGHUP", (stats) => {
      const behind = [...stats.mounts].filter(([m, f]) => mounts.includes(m) && f.max_listeners !== void 0 && f.max_listeners !== want).map(([m]) => m);
      return behind.length ? `running mounts ${behind.join(", ")} do not show max_listeners ${want} yet` : void 0;
    });
  }
  async set(values) {
    const next = { ...this.settings };
    if (values.RelayFrom !== void 0) {
      if (typeof values.RelayFrom !== "string" || parseRelayFrom(values.RelayFrom) === void 0)
        throw new InvalidParamError("RelayFrom", `'${String(values.RelayFrom)}' is not HOST:PORT/MOUNT`);
      if (!relaySourceAllowed(values.RelayFrom, this.o.relaySources)) {
        throw new ParamNotAllowedError("RelayFrom", `${values.RelayFrom} is not from an allowed source (${this.o.relaySources?.join(", ") ?? ""})`);
      }
      next.RelayFrom = values.RelayFrom;
    }
    if (values.clients !== void 0)
      next.clients = values.clients;
    if (values.maxListeners !== void 0)
      next.maxListeners = values.maxListeners;
    const proc = this.proc;
    if (!proc?.alive) {
      this.settings = next;
      return;
    }
    const old = this.settings;
    try {
      await this.apply(proc, next);
    } catch (err) {
      await this.apply(proc, old).catch((again) => this.ctx.log.error("restoring the previous icecast config failed", { err: again.message }));
      throw new Error(`icecast did not take the new settings (${err.message}); the previous ones are in effect`);
    }
    this.settings = next;
    this.ctx.log.info("icecast re-read its config", { ...next });
  }
  async status() {
    const proc = this.proc;
    if (!proc?.alive || proc.pid === void 0)
      return {};
    const stats = await this.sample();
    const now = this.ctx.clock.now();
    const relay = parseRelayFrom(this.settings.RelayFrom);
    const m = {
      pid: proc.pid,
      uptime_seconds: (now - this.startedAt) / 1e3,
      listeners: statNumber(stats.global, "listeners"),
      sources: statNumber(stats.global, "sources"),
      clients: statNumber(stats.global, "clients"),
      bits_per_sec: 0,
      source_bits_per_sec: 0,
      bytes_sent: 0,
      relaying: relay && stats.mounts.has(relay.mount) ? 1 : 0
    };
    for (const mount of /* @__PURE__ */ new Set([...this.o.mounts, ...stats.mounts.keys()])) {
      const fields = stats.mounts.get(mount);
      const r = this.rates.rate(mount, now);
      m.bits_per_sec += r.sentBitsPerSec;
      m.source_bits_per_sec += r.readBitsPerSec;
      m.bytes_sent += statNumber(fields, "total_bytes_sent");
      m[`mount:${mount}:listeners`] = statNumber(fields, "listeners");
      m[`mount:${mount}:bits_per_sec`] = r.sentBitsPerSec;
    }
    return m;
  }
};

// packages/adapters/dist/src/builtin/icecast/index.js
var icecastAdapter = defineAdapter({
  type: "icecast",
  description: "Runs icecast2 with a private config; Status from /admin/stats (listeners, sources, bits/s); Set RelayFrom and client limits, applied by SIGHUP.",
  roles: ["streaming-server"],
  params: {
    RelayFrom: {
      type: "string",
      pattern: RELAY_FROM,
      description: "HOST:PORT/MOUNT of a stream to relay under the same mount; empty stops relaying (applied by SIGHUP)"
    },
    clients: {
      type: "integer",
      min: 2,
      max: 1e6,
      description: "icecast's <clients> limit: listeners, sources, relays and the adapter's own stats requests together"
    },
    maxListeners: { type: "integer", min: -1, max: 1e6, description: "listeners per mount; -1 is unlimited" }
  },
  options: parseIcecastOptions,
  create: (options, ctx) => new IcecastInstance(options, ctx)
});
export {
  icecastAdapter
};
