import { createRequire as __lamaCreateRequire } from 'node:module'; const require = __lamaCreateRequire(import.meta.url);
import {
  ProcFormatError
} from "./chunk-KSE75MTL.js";
import {
  systemClock
} from "./chunk-A4HYEA5Q.js";
import {
  NotStartedError
} from "./chunk-2F4QKM7O.js";

// packages/agent/dist/src/metrics/sampler.js
import { EventEmitter } from "node:events";
import { readFile } from "node:fs/promises";
import { join } from "node:path";

// packages/agent/dist/src/metrics/disk.js
import { statfs } from "node:fs/promises";
async function readDiskUsage(path) {
  const s = await statfs(path);
  return {
    path,
    totalBytes: s.blocks * s.bsize,
    usedBytes: (s.blocks - s.bfree) * s.bsize,
    freeBytes: s.bavail * s.bsize
  };
}

// packages/agent/dist/src/metrics/loadavg.js
function parseLoadavg(text) {
  const [a, b, c] = text.trim().split(/\s+/).map(Number);
  if (![a, b, c].every((n) => Number.isFinite(n) && n >= 0)) {
    throw new ProcFormatError(`/proc/loadavg: malformed ${JSON.stringify(text.trim())}`);
  }
  return [a, b, c];
}

// packages/agent/dist/src/metrics/meminfo.js
function parseMeminfo(text) {
  const kB = /* @__PURE__ */ new Map();
  for (const line of text.split("\n")) {
    const m = /^([^:\s]+):\s+(\d+)(?:\s+kB)?\s*$/.exec(line);
    if (m)
      kB.set(m[1], Number(m[2]));
  }
  const total = kB.get("MemTotal");
  if (total === void 0)
    throw new ProcFormatError("/proc/meminfo: no MemTotal");
  const available = kB.get("MemAvailable") ?? (kB.get("MemFree") ?? 0) + (kB.get("Buffers") ?? 0) + (kB.get("Cached") ?? 0);
  return { totalBytes: total * 1024, availableBytes: Math.min(total, available) * 1024 };
}

// packages/agent/dist/src/metrics/net-dev.js
function parseNetDev(text) {
  const out = /* @__PURE__ */ new Map();
  for (const line of text.split("\n")) {
    const colon = line.indexOf(":");
    if (colon < 0)
      continue;
    const name = line.slice(0, colon).trim();
    const fields = line.slice(colon + 1).trim().split(/\s+/).map(Number);
    if (!name || fields.length < 9 || !Number.isFinite(fields[0]) || !Number.isFinite(fields[8])) {
      throw new ProcFormatError(`/proc/net/dev: malformed line ${JSON.stringify(line)}`);
    }
    out.set(name, { rxBytes: fields[0], txBytes: fields[8] });
  }
  return out;
}

// packages/agent/dist/src/metrics/proc-stat.js
function parseProcStat(text) {
  let fields;
  let cpuCount = 0;
  for (const line of text.split("\n")) {
    if (line.startsWith("cpu ")) {
      fields = line.trim().split(/\s+/).slice(1).map(Number);
    } else if (/^cpu\d+\s/.test(line)) {
      cpuCount++;
    }
  }
  if (!fields)
    throw new ProcFormatError('/proc/stat: no aggregate "cpu" line');
  if (fields.length < 4 || fields.some((n) => !Number.isFinite(n) || n < 0)) {
    throw new ProcFormatError(`/proc/stat: malformed "cpu" line (${fields.length} fields)`);
  }
  const [user, nice, system, idle, iowait = 0, irq = 0, softirq = 0, steal = 0] = fields;
  return { total: user + nice + system + idle + iowait + irq + softirq + steal, idle, iowait, cpuCount };
}
function cpuUtilization(prev, cur) {
  const total = cur.total - prev.total;
  if (total <= 0)
    return 0;
  const notBusy = cur.idle + cur.iowait - (prev.idle + prev.iowait);
  return Math.min(1, Math.max(0, 1 - notBusy / total));
}

// packages/agent/dist/src/metrics/sampler.js
var DEFAULT_INTERVAL_MS = 2e3;
var MetricsSampler = class extends EventEmitter {
  intervalMs;
  interfaces;
  disks;
  procRoot;
  clock;
  previous;
  last;
  timer;
  running = false;
  nextDue = 0;
  // Readings run one at a time, so each sample's baseline is the one read just before it.
  queue = Promise.resolve();
  constructor(options = {}) {
    super();
    const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    if (!Number.isFinite(intervalMs) || intervalMs <= 0)
      throw new RangeError(`intervalMs must be > 0, got ${intervalMs}`);
    this.intervalMs = intervalMs;
    this.interfaces = options.interfaces ? [...options.interfaces] : void 0;
    this.disks = [...options.disks ?? ["/"]];
    this.procRoot = options.procRoot ?? "/proc";
    this.clock = options.clock ?? systemClock;
  }
  /** Takes the baseline reading; the first 'sample' follows one interval later. */
  async start() {
    if (this.running)
      return;
    this.running = true;
    try {
      const baseline = await this.serial(() => this.readCounters());
      this.previous = baseline;
      this.nextDue = baseline.at + this.intervalMs;
    } catch (err) {
      this.running = false;
      throw err;
    }
    this.schedule();
  }
  /** Stops the timer; a reading already under way completes but emits nothing. */
  async stop() {
    this.running = false;
    this.timer?.cancel();
    this.timer = void 0;
  }
  /** The most recent sample, from the timer or sampleNow(). */
  latest() {
    return this.last;
  }
  /** A sample over the time since the previous reading; rejects if start() never read a baseline. */
  sampleNow() {
    return this.serial(() => this.takeSample());
  }
  serial(fn) {
    const p = this.queue.then(fn);
    this.queue = p.catch(() => void 0);
    return p;
  }
  schedule() {
    if (!this.running || this.timer)
      return;
    const now = this.clock.now();
    while (this.nextDue <= now)
      this.nextDue += this.intervalMs;
    this.timer = this.clock.setTimer(() => this.tick(), this.nextDue - now);
  }
  tick() {
    this.timer = void 0;
    if (!this.running)
      return;
    this.nextDue += this.intervalMs;
    this.sampleNow().then((s) => {
      if (this.running)
        this.emit("sample", s);
    }, (err) => {
      if (this.running)
        this.report(err);
    }).finally(() => this.schedule());
  }
  report(err) {
    if (this.listenerCount("error") > 0)
      this.emit("error", err instanceof Error ? err : new Error(String(err)));
  }
  async readCounters() {
    const at = this.clock.now();
    const [stat, netDev] = await Promise.all([this.readProc("stat"), this.readProc("net/dev")]);
    return { at, cpu: parseProcStat(stat), net: parseNetDev(netDev) };
  }
  readProc(name) {
    return readFile(join(this.procRoot, name), "utf8");
  }
  async takeSample() {
    const prev = this.previous;
    if (!prev)
      throw new NotStartedError("MetricsSampler: call start() before sampleNow()");
    const [cur, meminfo, loadavg, disks] = await Promise.all([
      this.readCounters(),
      this.readProc("meminfo"),
      this.readProc("loadavg"),
      Promise.all(this.disks.map((path) => readDiskUsage(path).catch((err) => {
        this.report(err);
        return void 0;
      })))
    ]);
    this.previous = cur;
    const elapsedMs = cur.at - prev.at;
    const interfaces = this.rates(prev, cur, elapsedMs);
    const counted = interfaces.filter((i) => i.name !== "lo" || this.interfaces?.includes("lo"));
    const memory = parseMeminfo(meminfo);
    const sample = {
      at: cur.at,
      intervalMs: elapsedMs,
      cpuUtilization: cpuUtilization(prev.cpu, cur.cpu),
      cpuCount: cur.cpu.cpuCount,
      interfaces,
      rxBitsPerSec: counted.reduce((sum, i) => sum + i.rxBitsPerSec, 0),
      txBitsPerSec: counted.reduce((sum, i) => sum + i.txBitsPerSec, 0),
      disks: disks.filter((d) => d !== void 0),
      loadAverage: parseLoadavg(loadavg),
      memory: { ...memory, usedBytes: memory.totalBytes - memory.availableBytes }
    };
    this.last = sample;
    return sample;
  }
  rates(prev, cur, elapsedMs) {
    const names = this.interfaces ?? [...cur.net.keys()];
    return names.map((name) => {
      const c = cur.net.get(name);
      if (!c)
        return { name, rxBitsPerSec: 0, txBitsPerSec: 0, rxBytes: 0, txBytes: 0 };
      const p = prev.net.get(name);
      if (!p || c.rxBytes < p.rxBytes || c.txBytes < p.txBytes || elapsedMs <= 0) {
        return { name, rxBitsPerSec: 0, txBitsPerSec: 0, rxBytes: c.rxBytes, txBytes: c.txBytes };
      }
      const perSec = 8e3 / elapsedMs;
      return {
        name,
        rxBitsPerSec: (c.rxBytes - p.rxBytes) * perSec,
        txBitsPerSec: (c.txBytes - p.txBytes) * perSec,
        rxBytes: c.rxBytes,
        txBytes: c.txBytes
      };
    });
  }
};

export {
  MetricsSampler
};
