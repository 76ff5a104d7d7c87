import { expect } from 'chai';
import { VirtualClock } from '@lama/lookup';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, readFile, rm, statfs, unlink, writeFile } from 'node:fs/promises';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  cpuUtilization,
  MetricsSampler,
  parseLoadavg,
  parseMeminfo,
  parseNetDev,
  parseProcStat,
  type MetricsOptions,
  type NodeMetrics,
} from '../src/index.js';

// Tests run from dist/test; the fixture text stays in the source tree.
const fixtures = fileURLToPath(new URL('../../test/fixtures/', import.meta.url));
const fixture = (name: string): Promise<string> => readFile(join(fixtures, name), 'utf8');


describe('metrics parsers', () => {
  describe('parseProcStat', () => {
    it('reads the aggregate cpu line and counts CPUs on a real /proc/stat', async () => {
      // cpu  225518 0 42281 382162 1040 0 2287 248 0 0, then cpu0 and cpu1.
      const t = parseProcStat(await fixture('proc-stat.txt'));
      expect(t).to.deep.equal({ total: 225518 + 0 + 42281 + 382162 + 1040 + 0 + 2287 + 248, idle: 382162, iowait: 1040, cpuCount: 2 });
    });

    it('treats a missing iowait column (pre-2.5.41 kernel, 4 columns) as zero', async () => {
      const t = parseProcStat(await fixture('proc-stat-no-iowait.txt'));
      expect(t).to.deep.equal({ total: 1000, idle: 845, iowait: 0, cpuCount: 2 });
    });

    it('does not count guest time twice (it is already in user and nice)', () => {
      const t = parseProcStat('cpu  500 100 200 1000 50 10 20 30 400 90\ncpu0 1 1 1 1 1 1 1 1 1 1\n');
      expect(t.total).to.equal(500 + 100 + 200 + 1000 + 50 + 10 + 20 + 30);
    });

    it('rejects text without an aggregate cpu line or with a malformed one', () => {
      expect(() => parseProcStat('cpu0 1 2 3 4\nintr 5\n')).to.throw(/no aggregate "cpu" line/);
      expect(() => parseProcStat('cpu  1 2 x 4\n')).to.throw(/malformed/);
      expect(() => parseProcStat('cpu  1 2\n')).to.throw(/malformed/);
    });

    it('cpuUtilization is 1 - (idle+iowait)/total over the deltas, clamped to 0..1', () => {
      const a = { total: 1000, idle: 600, iowait: 100, cpuCount: 2 };
      expect(cpuUtilization(a, { total: 1400, idle: 650, iowait: 150, cpuCount: 2 })).to.equal(0.75);
      // NO_HZ: iowait went backwards while idle took the time; the sum is what counts.
      expect(cpuUtilization(a, { total: 1200, idle: 760, iowait: 90, cpuCount: 2 })).to.equal(0.25);
      // No tick in the window: nothing measured.
      expect(cpuUtilization(a, a)).to.equal(0);
      // A counter reset must not give a negative or > 1 figure.
      expect(cpuUtilization(a, { total: 1100, idle: 10, iowait: 0, cpuCount: 2 })).to.equal(1);
      expect(cpuUtilization(a, { total: 1100, idle: 900, iowait: 100, cpuCount: 2 })).to.equal(0);
    });
  });

  describe('parseNetDev', () => {
    it('reads rx and tx bytes of every interface on a real /proc/net/dev, in file order', async () => {
      const m = parseNetDev(await fixture('net-dev.txt'));
      expect([...m.keys()]).to.deep.equal(['lo', 'ifb0', 'ifb1', 'eth0']);
      expect(m.get('lo')).to.deep.equal({ rxBytes: 3188396315, txBytes: 3188396315 });
      expect(m.get('ifb0')).to.deep.equal({ rxBytes: 0, txBytes: 0 });
      expect(m.get('eth0')).to.deep.equal({ rxBytes: 418224503, txBytes: 1412424 });
    });

    it('handles extra interfaces, long names and counters beyond 32 bits', async () => {
      const m = parseNetDev(await fixture('net-dev-extra.txt'));
      expect([...m.keys()]).to.deep.equal(['lo', 'enp3s0', 'docker0', 'veth1a2b3c4', 'wlp2s0', 'wg0']);
      expect(m.get('lo')).to.deep.equal({ rxBytes: 9007199254740000, txBytes: 9007199254740000 });
      expect(m.get('enp3s0')).to.deep.equal({ rxBytes: 4294967295, txBytes: 4294967200 });
      expect(m.get('veth1a2b3c4')).to.deep.equal({ rxBytes: 1024, txBytes: 2048 });
      expect(m.get('wg0')).to.deep.equal({ rxBytes: 888888, txBytes: 777777 });
    });

    it('handles old kernels that print no space between the colon and a wide counter', async () => {
      const m = parseNetDev(await fixture('net-dev-old-kernel.txt'));
      expect(m.get('eth0')).to.deep.equal({ rxBytes: 1844674407, txBytes: 1234567890 });
    });

    it('returns nothing for headers only and rejects a truncated line', async () => {
      const headers = (await fixture('net-dev.txt')).split('\n').slice(0, 2).join('\n');
      expect(parseNetDev(headers).size).to.equal(0);
      expect(() => parseNetDev(`${headers}\n  eth0: 1 2 3\n`)).to.throw(/malformed line/);
    });
  });

  describe('parseMeminfo', () => {
    it('reads MemTotal and MemAvailable in bytes on a real /proc/meminfo', async () => {
      expect(parseMeminfo(await fixture('meminfo.txt'))).to.deep.equal({ totalBytes: 24684092 * 1024, availableBytes: 24073072 * 1024 });
    });

    it('estimates available as free + buffers + cached before Linux 3.14', async () => {
      expect(parseMeminfo(await fixture('meminfo-no-available.txt'))).to.deep.equal({
        totalBytes: 1016912 * 1024,
        availableBytes: (130132 + 88908 + 422744) * 1024,
      });
    });

    it('rejects text without MemTotal', () => {
      expect(() => parseMeminfo('MemFree: 10 kB\n')).to.throw(/MemTotal/);
    });
  });

  describe('parseLoadavg', () => {
    it('reads the three load averages on a real /proc/loadavg', async () => {
      expect(parseLoadavg(await fixture('loadavg.txt'))).to.deep.equal([31.63, 21.17, 11.25]);
    });

    it('rejects malformed text', () => {
      expect(() => parseLoadavg('0.5 x\n')).to.throw(/malformed/);
      expect(() => parseLoadavg('')).to.throw(/malformed/);
    });
  });
});

/** One /proc state: cumulative CPU ticks (0 when left out), interface byte counters, memory and load. */
interface ProcReading {
  user?: number;
  system?: number;
  idle?: number;
  iowait?: number;
  net: [string, number, number][];
  memAvailKb?: number;
  load?: string;
}

/** Writes /proc-like files into root. */
async function writeProc(root: string, p: ProcReading): Promise<void> {
  await mkdir(join(root, 'net'), { recursive: true });
  const stat = `cpu  ${p.user ?? 0} 0 ${p.system ?? 0} ${p.idle ?? 0} ${p.iowait ?? 0} 0 0 0 0 0\ncpu0 0 0 0 0 0 0 0 0 0 0\ncpu1 0 0 0 0 0 0 0 0 0 0\ncpu2 0 0 0 0 0 0 0 0 0 0\ncpu3 0 0 0 0 0 0 0 0 0 0\nintr 1 0\nctxt 9\n`;
  const header = 'Inter-|   Receive                                                |  Transmit\n face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed\n';
  const dev = p.net.map(([name, rx, tx]) => `${name.padStart(6)}: ${rx} 10 0 0 0 0 0 0 ${tx} 10 0 0 0 0 0 0\n`).join('');
  await writeFile(join(root, 'stat'), stat);
  await writeFile(join(root, 'net/dev'), header + dev);
  await writeFile(join(root, 'meminfo'), `MemTotal:       8000000 kB\nMemFree:        1000000 kB\nMemAvailable:   ${p.memAvailKb ?? 6000000} kB\n`);
  await writeFile(join(root, 'loadavg'), `${p.load ?? '0.50 0.25 0.10'} 1/100 4242\n`);
}

describe('MetricsSampler', () => {
  let root: string;
  const T0 = Date.UTC(2026, 0, 1);
  // Tests that drive sampleNow() keep the timer out of the way: a tick is a reading too and
  // would become the next baseline.
  const HOUR = 3_600_000;

  beforeEach(async () => {
    root = await mkdtemp(join(tmpdir(), 'lama-metrics-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  /**
   * A sampler over `root` on virtual time, started on the `first` reading; `after(ms, next)`
   * moves the clock, rewrites /proc and takes a sample.
   */
  async function startOn(first: ProcReading, options: MetricsOptions = {}) {
    const clock = new VirtualClock(T0);
    await writeProc(root, first);
    const sampler = new MetricsSampler({ procRoot: root, clock, disks: [], intervalMs: HOUR, ...options });
    await sampler.start();
    const after = async (ms: number, next: ProcReading): Promise<NodeMetrics> => {
      clock.advance(ms);
      await writeProc(root, next);
      return sampler.sampleNow();
    };
    return { sampler, after };
  }

  /** A sample's interfaces as [name, rx bit/s, tx bit/s, rx bytes, tx bytes] rows. */
  const rows = (m: NodeMetrics): [string, number, number, number, number][] =>
    m.interfaces.map((i) => [i.name, i.rxBitsPerSec, i.txBitsPerSec, i.rxBytes, i.txBytes]);

  it('computes exact rates and utilisation between two sampleNow() calls over rewritten files', async () => {
    const { sampler, after } = await startOn(
      { user: 1000, system: 500, idle: 8000, iowait: 500, net: [['lo', 5000, 5000], ['eth0', 1000, 2000], ['eth1', 0, 0]] },
      { disks: [root] },
    );
    expect(sampler.latest()).to.equal(undefined);

    // 2 s later: 400 ticks of which 100 idle+iowait; eth0 got 250 000 B and sent 125 000 B.
    const s = await after(2000, {
      user: 1200, system: 600, idle: 8080, iowait: 520,
      net: [['lo', 1_005_000, 1_005_000], ['eth0', 251_000, 127_000], ['eth1', 500, 0]],
      memAvailKb: 5000000, load: '1.50 0.75 0.30',
    });
    expect(s.at).to.equal(T0 + 2000);
    expect(s.intervalMs).to.equal(2000);
    expect(s.cpuUtilization).to.equal(0.75);
    expect(s.cpuCount).to.equal(4);
    expect(rows(s)).to.deep.equal([
      ['lo', 4_000_000, 4_000_000, 1_005_000, 1_005_000],
      ['eth0', 1_000_000, 500_000, 251_000, 127_000],
      ['eth1', 2000, 0, 500, 0],
    ]);
    // 'lo' is listed but, not having been asked for by name, is left out of the totals.
    expect(s.rxBitsPerSec).to.equal(1_002_000);
    expect(s.txBitsPerSec).to.equal(500_000);
    expect(s.loadAverage).to.deep.equal([1.5, 0.75, 0.3]);
    expect(s.memory).to.deep.equal({ totalBytes: 8000000 * 1024, availableBytes: 5000000 * 1024, usedBytes: 3000000 * 1024 });
    const fsInfo = await statfs(root);
    expect(s.disks).to.have.length(1);
    expect(s.disks[0].path).to.equal(root);
    expect(s.disks[0].totalBytes).to.equal(fsInfo.blocks * fsInfo.bsize);
    expect(s.disks[0].usedBytes + s.disks[0].freeBytes).to.be.at.most(s.disks[0].totalBytes);
    expect(sampler.latest()).to.equal(s);

    // The next window starts at the previous reading: 500 ms, 200 ticks all idle, eth0 +1000 B.
    const s2 = await after(500, { user: 1200, system: 600, idle: 8280, iowait: 520, net: [['lo', 1_005_000, 1_005_000], ['eth0', 252_000, 127_000], ['eth1', 500, 0]] });
    expect(s2.intervalMs).to.equal(500);
    expect(s2.cpuUtilization).to.equal(0);
    expect(rows(s2)).to.deep.equal([['lo', 0, 0, 1_005_000, 1_005_000], ['eth0', 16_000, 0, 252_000, 127_000], ['eth1', 0, 0, 500, 0]]);
    sampler.stop();
  });

  it('skips the interval of a counter that went down (reset or wrap) and of a new interface, then resumes', async () => {
    const { sampler, after } = await startOn({ net: [['eth0', 4_294_960_000, 1_000_000], ['eth1', 10_000, 10_000]] });

    // eth0's rx wrapped at 2^32 (its tx did not), eth1 was re-created, veth0 appeared.
    const s = await after(1000, { user: 100, idle: 100, net: [['eth0', 3_000, 1_001_000], ['eth1', 64, 32], ['veth0', 5_000_000, 0]] });
    expect(rows(s)).to.deep.equal([['eth0', 0, 0, 3_000, 1_001_000], ['eth1', 0, 0, 64, 32], ['veth0', 0, 0, 5_000_000, 0]]);
    expect(s.rxBitsPerSec).to.equal(0);
    expect(s.cpuUtilization).to.equal(0.5);

    // From the new baselines on, rates are normal again.
    const s2 = await after(1000, { user: 100, idle: 100, net: [['eth0', 4_000, 1_001_500], ['eth1', 64, 32], ['veth0', 5_000_125, 0]] });
    expect(rows(s2)).to.deep.equal([['eth0', 8000, 4000, 4_000, 1_001_500], ['eth1', 0, 0, 64, 32], ['veth0', 1000, 0, 5_000_125, 0]]);
    expect(s2.rxBitsPerSec).to.equal(9000);
    // No tick elapsed in /proc/stat: reported as 0, not NaN.
    expect(s2.cpuUtilization).to.equal(0);
    sampler.stop();
  });

  it('reports a listed interface that does not exist with zero rates, in the order asked, and counts lo when listed', async () => {
    const { sampler, after } = await startOn({ net: [['lo', 0, 0], ['eth0', 0, 0], ['eth1', 0, 0]] }, { interfaces: ['eth0', 'wlan9', 'lo'] });
    const s = await after(4000, { net: [['lo', 1000, 1000], ['eth0', 2000, 0], ['eth1', 9999, 9999]] });
    expect(rows(s)).to.deep.equal([['eth0', 4000, 0, 2000, 0], ['wlan9', 0, 0, 0, 0], ['lo', 2000, 2000, 1000, 1000]]);
    // lo was asked for by name, so it counts; eth1 was not asked for at all.
    expect(s.rxBitsPerSec).to.equal(6000);
    expect(s.txBitsPerSec).to.equal(2000);

    // wlan9 comes up: its first interval is skipped, the next one is measured.
    const up = await after(1000, { net: [['lo', 1000, 1000], ['eth0', 2000, 0], ['wlan9', 700, 0]] });
    expect(rows(up)[1]).to.deep.equal(['wlan9', 0, 0, 700, 0]);
    expect((await after(1000, { net: [['lo', 1000, 1000], ['eth0', 2000, 0], ['wlan9', 800, 0]] })).interfaces[1].rxBitsPerSec).to.equal(800);
    sampler.stop();
  });

  it('samples on the timer every interval (default 2 s) and stops cleanly', async () => {
    const clock = new VirtualClock(T0);
    await writeProc(root, { net: [['eth0', 0, 0]] });
    const sampler = new MetricsSampler({ procRoot: root, clock, disks: [] });
    const seen: NodeMetrics[] = [];
    sampler.on('sample', (m) => seen.push(m));
    await sampler.start();
    expect(clock.pending()).to.equal(1);

    clock.advance(1999);
    expect(seen).to.have.length(0);
    await writeProc(root, { user: 30, system: 0, idle: 10, iowait: 0, net: [['eth0', 500, 0]] });
    let next = once(sampler, 'sample');
    clock.advance(1);
    const [first] = (await next) as [NodeMetrics];
    expect(first.at).to.equal(T0 + 2000);
    expect(first.intervalMs).to.equal(2000);
    expect(first.cpuUtilization).to.equal(0.75);
    expect(first.interfaces[0].rxBitsPerSec).to.equal(2000);

    await writeProc(root, { user: 30, system: 0, idle: 50, iowait: 0, net: [['eth0', 1500, 0]] });
    next = once(sampler, 'sample');
    clock.advance(2000);
    const [second] = (await next) as [NodeMetrics];
    expect(second.at).to.equal(T0 + 4000);
    expect(second.interfaces[0].rxBitsPerSec).to.equal(4000);
    expect(sampler.latest()).to.equal(second);
    await new Promise((r) => setImmediate(r));
    expect(clock.pending()).to.equal(1);

    sampler.stop();
    expect(clock.pending()).to.equal(0);
    clock.advance(10_000);
    await new Promise((r) => setImmediate(r));
    expect(seen).to.have.length(2);
  });

  it('emits error for an unreadable disk path and still reports the other disks', async () => {
    const missing = join(root, 'no-such-dir');
    const { sampler, after } = await startOn({ net: [] }, { disks: [missing, root] });
    const errors: Error[] = [];
    sampler.on('error', (e) => errors.push(e));
    const s = await after(2000, { net: [] });
    expect(s.disks.map((d) => d.path)).to.deep.equal([root]);
    expect(errors).to.have.length(1);
    expect(errors[0].message).to.match(/ENOENT/).and.to.contain(missing);
    sampler.stop();
  });

  it('keeps sampling after a failed sample, reports it on error, and never throws without a listener', async () => {
    const clock = new VirtualClock(T0);
    await writeProc(root, { net: [['eth0', 0, 0]] });
    const sampler = new MetricsSampler({ procRoot: root, clock, disks: [join(root, 'gone')], intervalMs: 1000 });
    await sampler.start();

    // No 'error' listener: an unreadable disk and a missing /proc/stat must not throw from the timer.
    await unlink(join(root, 'stat'));
    clock.advance(1000);
    await new Promise((r) => setTimeout(r, 20));
    expect(clock.pending()).to.equal(1);

    const errors: Error[] = [];
    sampler.on('error', (e) => errors.push(e));
    clock.advance(1000);
    await new Promise((r) => setTimeout(r, 20));
    expect(errors.map((e) => e.message)).to.satisfy((m: string[]) => m.some((x) => /stat/.test(x)));

    await writeProc(root, { user: 10, system: 0, idle: 10, iowait: 0, net: [['eth0', 1000, 0]] });
    // Not events.once: it rejects on the 'error' this tick still emits for the missing disk.
    const next = new Promise<[NodeMetrics]>((resolve) => sampler.once('sample', (m) => resolve([m])));
    clock.advance(1000);
    const [s] = await next;
    // The failed readings did not move the baseline: the window runs from start().
    expect(s.intervalMs).to.equal(3000);
    expect(s.cpuUtilization).to.equal(0.5);
    sampler.stop();
  });

  it('rejects sampleNow() before start() and a non-positive interval', async () => {
    await writeProc(root, { net: [] });
    const sampler = new MetricsSampler({ procRoot: root, disks: [] });
    let err: unknown;
    await sampler.sampleNow().catch((e: unknown) => { err = e; });
    expect(String(err)).to.match(/start\(\)/);
    expect(() => new MetricsSampler({ intervalMs: 0 })).to.throw(RangeError);
  });

  it('reads this machine\'s real /proc and statfs', async () => {
    const sampler = new MetricsSampler({ intervalMs: 200 });
    const next = once(sampler, 'sample');
    await sampler.start();
    const [s] = (await next) as [NodeMetrics];
    sampler.stop();
    expect(s.intervalMs).to.be.within(150, 2000);
    expect(s.cpuCount).to.equal(cpus().length);
    expect(s.cpuUtilization).to.be.within(0, 1);
    expect(s.memory.totalBytes).to.equal(totalmem());
    expect(s.memory.availableBytes).to.be.within(1, s.memory.totalBytes);
    expect(s.loadAverage[0]).to.be.closeTo(loadavg()[0], Math.max(1, loadavg()[0] * 0.5));
    expect(s.interfaces.map((i) => i.name)).to.include('lo');
    expect(s.disks).to.have.length(1);
    expect(s.disks[0].path).to.equal('/');
    expect(s.disks[0].totalBytes).to.be.greaterThan(0);
  });

  it('does not keep the process alive (its timer is unref\'d)', async () => {
    const entry = fileURLToPath(new URL('../src/index.js', import.meta.url));
    const script = `const m = await import(${JSON.stringify(entry)}); const s = new m.MetricsSampler({ intervalMs: 50 }); await s.start(); console.log('started');`;
    const started = Date.now();
    const out = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ['--input-type=module', '-e', script], { timeout: 10_000 }, (err, stdout) => (err ? reject(err) : resolve(stdout)));
    });
    expect(out.trim()).to.equal('started');
    expect(Date.now() - started).to.be.below(5000);
  });
});
