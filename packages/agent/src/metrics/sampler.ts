import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NotStartedError } from '@lama/lookup';
import { systemClock, type Clock, type Timer } from './clock.js';
import { readDiskUsage } from './disk.js';
import { parseLoadavg } from './loadavg.js';
import { parseMeminfo } from './meminfo.js';
import { parseNetDev, type InterfaceCounters } from './net-dev.js';
import { cpuUtilization, parseProcStat, type CpuTimes } from './proc-stat.js';
import type { DiskUsage, InterfaceRate, MetricsOptions, NodeMetrics } from './types.js';

/** The paper samples every 2 s. */
export const DEFAULT_INTERVAL_MS = 2000;

/** The cumulative counters that rates are computed from. */
interface Reading {
  at: number;
  cpu: CpuTimes;
  net: Map<string, InterfaceCounters>;
}

/**
 * Samples the node's metrics from /proc and statfs every intervalMs.
 *
 * Every reading, by the timer or by sampleNow(), becomes the baseline of the next one, so a
 * sample's rates cover exactly the time since the reading before it.
 *
 * - Totals (rxBitsPerSec, txBitsPerSec) leave out 'lo' unless options.interfaces lists it
 *   explicitly: loopback traffic never leaves the node, so it is not network load.
 * - A listed interface that does not exist is reported with zero rates and zero counters, with
 *   no error: the Status keeps a stable shape, and an interface created later (a bridge, a VPN)
 *   starts showing traffic from its second reading.
 * - A counter that went down (interface re-created, or a 32-bit counter wrapped), or an
 *   interface missing from the previous reading, gives zero rates for that interval (the
 *   interval is skipped, never guessed): the new values are the baseline for the next one.
 * - An unreadable disk path is left out of `disks` and reported on 'error'; the rest of the
 *   sample is still produced. A sample that fails as a whole (e.g. /proc/stat unreadable) is
 *   reported on 'error' and the timer carries on. Without an 'error' listener such errors are
 *   dropped rather than thrown, since a throw from the timer would take the agent down.
 */
export class MetricsSampler extends EventEmitter<{ sample: [NodeMetrics]; error: [Error] }> {
  private readonly intervalMs: number;
  private readonly interfaces: string[] | undefined;
  private readonly disks: string[];
  private readonly procRoot: string;
  private readonly clock: Clock;
  private previous: Reading | undefined;
  private last: NodeMetrics | undefined;
  private timer: Timer | undefined;
  private running = false;
  private nextDue = 0;
  // Readings run one at a time, so each sample's baseline is the one read just before it.
  private queue: Promise<unknown> = Promise.resolve();

  constructor(options: MetricsOptions = {}) {
    super();
    const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
    if (!Number.isFinite(intervalMs) || intervalMs <= 0) throw new RangeError(`intervalMs must be > 0, got ${intervalMs}`);
    this.intervalMs = intervalMs;
    this.interfaces = options.interfaces ? [...options.interfaces] : undefined;
    this.disks = [...(options.disks ?? ['/'])];
    this.procRoot = options.procRoot ?? '/proc';
    this.clock = options.clock ?? systemClock;
  }

  /** Takes the baseline reading; the first 'sample' follows one interval later. */
  async start(): Promise<void> {
    if (this.running) return;
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
  async stop(): Promise<void> {
    this.running = false;
    this.timer?.cancel();
    this.timer = undefined;
  }

  /** The most recent sample, from the timer or sampleNow(). */
  latest(): NodeMetrics | undefined {
    return this.last;
  }

  /** A sample over the time since the previous reading; rejects if start() never read a baseline. */
  sampleNow(): Promise<NodeMetrics> {
    return this.serial(() => this.takeSample());
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const p = this.queue.then(fn);
    this.queue = p.catch(() => undefined);
    return p;
  }

  private schedule(): void {
    if (!this.running || this.timer) return;
    const now = this.clock.now();
    // A fixed cadence from the baseline; ticks missed while the process was stalled are
    // skipped rather than fired in a burst (the next sample simply covers a longer window).
    while (this.nextDue <= now) this.nextDue += this.intervalMs;
    this.timer = this.clock.setTimer(() => this.tick(), this.nextDue - now);
  }

  private tick(): void {
    this.timer = undefined;
    if (!this.running) return;
    this.nextDue += this.intervalMs;
    this.sampleNow().then(
      (s) => { if (this.running) this.emit('sample', s); },
      (err: unknown) => { if (this.running) this.report(err); },
    ).finally(() => this.schedule());
  }

  private report(err: unknown): void {
    if (this.listenerCount('error') > 0) this.emit('error', err instanceof Error ? err : new Error(String(err)));
  }

  private async readCounters(): Promise<Reading> {
    const at = this.clock.now();
    const [stat, netDev] = await Promise.all([this.readProc('stat'), this.readProc('net/dev')]);
    return { at, cpu: parseProcStat(stat), net: parseNetDev(netDev) };
  }

  private readProc(name: string): Promise<string> {
    return readFile(join(this.procRoot, name), 'utf8');
  }

  private async takeSample(): Promise<NodeMetrics> {
    const prev = this.previous;
    if (!prev) throw new NotStartedError('MetricsSampler: call start() before sampleNow()');
    const [cur, meminfo, loadavg, disks] = await Promise.all([
      this.readCounters(),
      this.readProc('meminfo'),
      this.readProc('loadavg'),
      Promise.all(this.disks.map((path) => readDiskUsage(path).catch((err: unknown) => { this.report(err); return undefined; }))),
    ]);
    this.previous = cur;
    const elapsedMs = cur.at - prev.at;
    const interfaces = this.rates(prev, cur, elapsedMs);
    // Loopback is in the totals only when asked for by name.
    const counted = interfaces.filter((i) => i.name !== 'lo' || this.interfaces?.includes('lo'));
    const memory = parseMeminfo(meminfo);
    const sample: NodeMetrics = {
      at: cur.at,
      intervalMs: elapsedMs,
      cpuUtilization: cpuUtilization(prev.cpu, cur.cpu),
      cpuCount: cur.cpu.cpuCount,
      interfaces,
      rxBitsPerSec: counted.reduce((sum, i) => sum + i.rxBitsPerSec, 0),
      txBitsPerSec: counted.reduce((sum, i) => sum + i.txBitsPerSec, 0),
      disks: disks.filter((d): d is DiskUsage => d !== undefined),
      loadAverage: parseLoadavg(loadavg),
      memory: { ...memory, usedBytes: memory.totalBytes - memory.availableBytes },
    };
    this.last = sample;
    return sample;
  }

  private rates(prev: Reading, cur: Reading, elapsedMs: number): InterfaceRate[] {
    const names = this.interfaces ?? [...cur.net.keys()];
    return names.map((name) => {
      const c = cur.net.get(name);
      if (!c) return { name, rxBitsPerSec: 0, txBitsPerSec: 0, rxBytes: 0, txBytes: 0 };
      const p = prev.net.get(name);
      // Skipped interval: new interface, reset/wrapped counter, or a clock that did not move.
      if (!p || c.rxBytes < p.rxBytes || c.txBytes < p.txBytes || elapsedMs <= 0) {
        return { name, rxBitsPerSec: 0, txBitsPerSec: 0, rxBytes: c.rxBytes, txBytes: c.txBytes };
      }
      const perSec = 8000 / elapsedMs;
      return {
        name,
        rxBitsPerSec: (c.rxBytes - p.rxBytes) * perSec,
        txBitsPerSec: (c.txBytes - p.txBytes) * perSec,
        rxBytes: c.rxBytes,
        txBytes: c.txBytes,
      };
    });
  }
}
