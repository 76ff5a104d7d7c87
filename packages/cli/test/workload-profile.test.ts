import { expect } from 'chai';
import { VirtualClock } from '@lama/lookup';
import { driveProfile, PAPER_STREAM_WORKLOAD, streamProfile, WorkloadOptionsError } from '../src/demo/workload/index.js';

const MIN = 60_000;

describe('workload: stream profile (the paper\'s streaming workload)', () => {
  it('ramps up at 300/min to 3000, holds 3 minutes, and ramps down at the same rate', () => {
    const p = streamProfile(PAPER_STREAM_WORKLOAD);
    expect(p.durationMs).to.equal(23 * MIN);
    expect(p(0)).to.equal(0);
    expect(p(1000)).to.equal(5);
    expect(p(MIN)).to.equal(300);
    expect(p(5 * MIN)).to.equal(1500);
    expect(p(10 * MIN - 1)).to.equal(2999);
    expect(p(10 * MIN)).to.equal(3000);
    expect(p(13 * MIN - 1)).to.equal(3000);
    expect(p(13 * MIN)).to.equal(3000);
    expect(p(14 * MIN)).to.equal(2700);
    expect(p(23 * MIN - 1)).to.equal(1);
    expect(p(23 * MIN)).to.equal(0);
    expect(p(99 * MIN)).to.equal(0);
    expect([0, 5 * MIN, 10 * MIN, 13 * MIN, 23 * MIN].map((t) => p.phaseAt(t))).to.deep.equal(['ramp-up', 'ramp-up', 'peak', 'ramp-down', 'done']);
  });

  it('never moves faster than the ramp rate and is symmetric', () => {
    const p = streamProfile(PAPER_STREAM_WORKLOAD);
    for (let t = 0; t < p.durationMs; t += 1000) {
      expect(Math.abs(p(t + 1000) - p(t)), `t=${t}`).to.be.at.most(5);
      // Floor on the way up, peak minus floor on the way down: mirror images within one listener.
      expect(Math.abs(p(t) - p(p.durationMs - t)), `t=${t}`).to.be.at.most(1);
    }
    const up = p(4 * MIN + 30_000);
    const down = p(p.durationMs - 4 * MIN - 30_000);
    expect(up).to.equal(1350);
    expect(down).to.equal(1350);
  });

  it('plays faster with timeScale, starts after a warm-up, and rests on a base', () => {
    const p = streamProfile({ rampPerMinute: 60, peak: 30, holdMs: MIN, warmupMs: 30_000, base: 2, timeScale: 10 });
    // Profile time: 30 s warm-up, (30 - 2) / 60 min = 28 s up, 60 s held, 28 s down = 146 s; wall time a tenth.
    expect(p.durationMs).to.be.closeTo(14_600, 1e-6);
    expect(p(0)).to.equal(2);
    expect(p(2999)).to.equal(2);
    expect(p.phaseAt(2999)).to.equal('warmup');
    expect(p(3000 + 500)).to.equal(2 + 5);
    expect(p(3000 + 2800)).to.equal(30);
    expect(p(3000 + 2800 + 6000)).to.equal(30);
    expect(p(14_600)).to.equal(2);
  });

  it('adds seeded noise: a pure function of t, bounded by the amplitude, zero stays zero', () => {
    const opts = { ...PAPER_STREAM_WORKLOAD, noise: { seed: 7, amplitude: 0.1 } };
    const a = streamProfile(opts);
    const b = streamProfile(opts);
    const c = streamProfile({ ...opts, noise: { seed: 8, amplitude: 0.1 } });
    const clean = streamProfile(PAPER_STREAM_WORKLOAD);
    let differs = 0;
    let moved = 0;
    for (let t = 0; t < a.durationMs; t += 7000) {
      expect(a(t)).to.equal(b(t));
      expect(a(t)).to.equal(a(t));
      if (a(t) !== c(t)) differs++;
      if (a(t) !== clean(t)) moved++;
      expect(Math.abs(a(t) - clean(t)), `t=${t}`).to.be.at.most(Math.ceil(clean(t) * 0.1));
    }
    expect(differs).to.be.greaterThan(50);
    expect(moved).to.be.greaterThan(50);
    expect(a(0)).to.equal(0);
    // Held for each 10 s period of profile time.
    expect(a(11 * MIN)).to.equal(a(11 * MIN + 9999));
  });

  it('refuses bad options, naming them', () => {
    const bad: [Record<string, unknown>, RegExp][] = [
      [{ ...PAPER_STREAM_WORKLOAD, rampPerMinute: 0 }, /^rampPerMinute:/],
      [{ ...PAPER_STREAM_WORKLOAD, peak: 1.5 }, /^peak:/],
      [{ ...PAPER_STREAM_WORKLOAD, peak: 3, base: 4 }, /^peak:/],
      [{ ...PAPER_STREAM_WORKLOAD, holdMs: -1 }, /^holdMs:/],
      [{ ...PAPER_STREAM_WORKLOAD, timeScale: 0 }, /^timeScale:/],
      [{ ...PAPER_STREAM_WORKLOAD, noise: { seed: 1, amplitude: 2 } }, /^noise\.amplitude:/],
    ];
    for (const [o, why] of bad) expect(() => streamProfile(o as never), JSON.stringify(o)).to.throw(WorkloadOptionsError, why);
  });

  it('driveProfile sets the target every tick on the clock and stops at the end', async () => {
    const clock = new VirtualClock(0);
    const p = streamProfile({ rampPerMinute: 600, peak: 20, holdMs: 1000, timeScale: 1 });
    const targets: number[] = [];
    const drive = driveProfile({ setTarget: (n) => targets.push(n) }, p, { clock, tickMs: 500 });
    expect(targets).to.deep.equal([0]);
    clock.advance(1000);
    expect(targets).to.deep.equal([0, 5, 10]);
    clock.advance(10_000);
    // 2 s up, 1 s held, 2 s down: the last update is at durationMs, back to 0.
    expect(targets.length).to.equal(11);
    expect(targets.slice(-3)).to.deep.equal([10, 5, 0]);
    await drive.done;
    expect(clock.pending()).to.equal(0);
  });
});
