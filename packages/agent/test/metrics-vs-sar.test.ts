import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { expect } from 'chai';
import { MetricsSampler, type InterfaceRate, type NodeMetrics } from '../src/index.js';

const WINDOW_S = 5;
// Loopback load: paced, and bounded in bytes and time whatever happens to the test.
const TRAFFIC_BYTES_PER_SEC = 32 * 1024 * 1024;
const TRAFFIC_MAX_MS = 12_000;
const TRAFFIC_MAX_BYTES = TRAFFIC_BYTES_PER_SEC * (TRAFFIC_MAX_MS / 1000);
// The traffic must be seen, so agreement on zeros cannot pass: a quarter of the paced rate.
const TRAFFIC_FLOOR_BITS = (TRAFFIC_BYTES_PER_SEC * 8) / 4;
const CPU_TOLERANCE_POINTS = 10;
const NET_TOLERANCE = 0.1;

/** The path of an executable on PATH, or undefined. */
function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    try {
      accessSync(join(dir, name), constants.X_OK);
      return join(dir, name);
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

// Runs in a worker so the sampler's timer on the main thread is not delayed by the pump.
// Server and client both on 127.0.0.1; only one connection; stops at the byte or time cap.
const TRAFFIC_WORKER = `
const net = require('node:net');
const { workerData, parentPort } = require('node:worker_threads');
const { rate, maxBytes, maxMs } = workerData;
const server = net.createServer((s) => { s.on('data', () => {}); s.on('error', () => {}); });
server.listen(0, '127.0.0.1', () => {
  const c = net.connect(server.address().port, '127.0.0.1', () => {
    const chunk = Buffer.alloc(64 * 1024, 0x61);
    const t0 = Date.now();
    let sent = 0;
    const pump = () => {
      const elapsed = Date.now() - t0;
      if (elapsed >= maxMs || sent >= maxBytes) { c.end(); server.close(); return; }
      const allowed = Math.min(maxBytes, (rate * elapsed) / 1000 + chunk.length);
      while (sent < allowed) {
        sent += chunk.length;
        if (!c.write(chunk)) { c.once('drain', pump); return; }
      }
      setTimeout(pump, 2);
    };
    parentPort.postMessage('started');
    pump();
  });
  c.on('error', () => {});
});
`;

// Busy-loops for at most maxMs, so the CPU figure being compared is not just idle.
const CPU_WORKER = `
const { workerData } = require('node:worker_threads');
const end = Date.now() + workerData.maxMs;
let x = 0;
while (Date.now() < end) for (let i = 0; i < 1e5; i++) x += Math.sqrt(i);
`;

type SarRows = Map<string, Record<string, number>>;

/** The 'Average:' rows of sar's output, keyed "CPU:all", "IFACE:lo", ..., by column name. */
function parseSarAverages(out: string): SarRows {
  const rows: SarRows = new Map();
  let header: string[] | undefined;
  for (const line of out.split('\n')) {
    if (!line.startsWith('Average:')) {
      header = undefined;
      continue;
    }
    const cols = line.trim().split(/\s+/).slice(1);
    if (cols[0] === 'CPU' || cols[0] === 'IFACE') {
      header = cols;
    } else if (header) {
      const row: Record<string, number> = {};
      header.forEach((h, i) => { if (i > 0) row[h] = Number(cols[i]); });
      rows.set(`${header[0]}:${cols[0]}`, row);
    }
  }
  return rows;
}

/** The interval-weighted mean of a figure over samples. */
function weighted(samples: NodeMetrics[], f: (m: NodeMetrics) => number): number {
  const ms = samples.reduce((s, m) => s + m.intervalMs, 0);
  return samples.reduce((s, m) => s + f(m) * m.intervalMs, 0) / ms;
}

const lo = (m: NodeMetrics): InterfaceRate => {
  const i = m.interfaces.find((x) => x.name === 'lo');
  if (!i) throw new Error('sample has no lo entry');
  return i;
};

describe('MetricsSampler vs sar (system: loopback traffic, Debian sysstat)', function () {
  this.timeout(60_000);
  let sar: ChildProcess | undefined;
  let sampler: MetricsSampler | undefined;
  const workers: Worker[] = [];

  before(() => {
    if (!onPath('sar')) {
      throw new Error('sar is not on PATH: install the Debian package sysstat (scripts/test.sh does when `command -v sar` fails)');
    }
  });

  afterEach(async () => {
    sampler?.stop();
    if (sar && sar.exitCode === null && sar.signalCode === null) sar.kill('SIGKILL');
    await Promise.all(workers.splice(0).map((w) => w.terminate()));
  });

  it(`agrees with sar -u -n DEV 1 ${WINDOW_S} on CPU within ±${CPU_TOLERANCE_POINTS} points and lo rx/tx bits/s within ±${NET_TOLERANCE * 100}%`, async () => {
    const traffic = new Worker(TRAFFIC_WORKER, { eval: true, workerData: { rate: TRAFFIC_BYTES_PER_SEC, maxBytes: TRAFFIC_MAX_BYTES, maxMs: TRAFFIC_MAX_MS } });
    workers.push(traffic);
    await new Promise<void>((resolve, reject) => {
      traffic.once('message', () => resolve());
      traffic.once('error', reject);
    });
    workers.push(new Worker(CPU_WORKER, { eval: true, workerData: { maxMs: TRAFFIC_MAX_MS } }));
    // Let the pump reach its steady rate before either side starts measuring.
    await new Promise((r) => setTimeout(r, 1000));

    const s = new MetricsSampler({ interfaces: ['lo'], intervalMs: 1000, disks: [] });
    sampler = s;
    const samples: NodeMetrics[] = [];
    const enough = new Promise<void>((resolve, reject) => {
      s.on('sample', (m) => { samples.push(m); if (samples.length === WINDOW_S) resolve(); });
      s.on('error', reject);
    });

    const proc = spawn('sar', ['-u', '-n', 'DEV', '1', String(WINDOW_S)], {
      env: { ...process.env, LC_ALL: 'C', S_TIME_FORMAT: 'ISO' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    sar = proc;
    // sar's first reading (by its sadc) follows its exec by a few ms; the baseline is read now.
    await s.start();
    let out = '';
    let err = '';
    proc.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    proc.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const exited = new Promise<number | null>((resolve, reject) => {
      proc.once('error', reject);
      proc.once('close', (code) => resolve(code));
    });
    const timeout = (ms: number, what: string): Promise<never> =>
      new Promise((_, reject) => setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), ms).unref());
    const code = await Promise.race([exited, timeout((WINDOW_S + 10) * 1000, 'sar to exit')]);
    expect(code, `sar failed: ${err}`).to.equal(0);
    await Promise.race([enough, timeout(5000, `${WINDOW_S} samples`)]);
    s.stop();

    const rows = parseSarAverages(out);
    const cpu = rows.get('CPU:all');
    const sarLo = rows.get('IFACE:lo');
    if (!cpu || !sarLo) throw new Error(`no Average: rows for CPU all and IFACE lo in sar's output:\n${out}`);
    const sarCpu = 1 - (cpu['%idle'] + cpu['%iowait']) / 100;
    // sar's kB is 1024 bytes.
    const sarRx = sarLo['rxkB/s'] * 1024 * 8;
    const sarTx = sarLo['txkB/s'] * 1024 * 8;

    const ourCpu = weighted(samples, (m) => m.cpuUtilization);
    const ourRx = weighted(samples, (m) => lo(m).rxBitsPerSec);
    const ourTx = weighted(samples, (m) => lo(m).txBitsPerSec);
    const windowMs = samples.reduce((sum, m) => sum + m.intervalMs, 0);
    const rel = (a: number, b: number): number => Math.abs(a - b) / b;
    console.log(`      sar vs sampler over ${windowMs} ms: CPU ${(sarCpu * 100).toFixed(2)}% vs ${(ourCpu * 100).toFixed(2)}% ` +
      `(${((ourCpu - sarCpu) * 100).toFixed(2)} points); lo rx ${(sarRx / 1e6).toFixed(2)} vs ${(ourRx / 1e6).toFixed(2)} Mbit/s ` +
      `(${(rel(ourRx, sarRx) * 100).toFixed(2)}%), tx ${(sarTx / 1e6).toFixed(2)} vs ${(ourTx / 1e6).toFixed(2)} Mbit/s (${(rel(ourTx, sarTx) * 100).toFixed(2)}%)`);

    expect(sarRx, 'sar saw the loopback traffic').to.be.above(TRAFFIC_FLOOR_BITS);
    expect(ourRx, 'the sampler saw the loopback traffic').to.be.above(TRAFFIC_FLOOR_BITS);
    expect(Math.abs(ourCpu - sarCpu) * 100, 'CPU utilisation, percentage points').to.be.at.most(CPU_TOLERANCE_POINTS);
    expect(rel(ourRx, sarRx), 'lo rx bits/s, relative').to.be.at.most(NET_TOLERANCE);
    expect(rel(ourTx, sarTx), 'lo tx bits/s, relative').to.be.at.most(NET_TOLERANCE);
    expect(ourRx, 'loopback rx equals tx').to.equal(ourTx);
  });
});
