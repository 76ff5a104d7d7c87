import { expect } from 'chai';
import { ExpirySchedule, VirtualClock } from '../src/index.js';

describe('ExpirySchedule', () => {
  it('fires each key once, at its latest deadline, in time order, with one timer', () => {
    const clock = new VirtualClock(0);
    const fired: [string, number][] = [];
    const s = new ExpirySchedule(clock, (k) => fired.push([k, clock.now()]));
    // Deterministic pseudo-random deadlines and reschedules.
    let seed = 7;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const latest = new Map<string, number>();
    for (let i = 0; i < 2000; i++) {
      const key = `k${Math.floor(rnd() * 300)}`;
      const at = Math.floor(rnd() * 10_000);
      s.schedule(key, at);
      latest.set(key, at);
      expect(clock.pending()).to.be.at.most(1);
    }
    s.remove('k1');
    latest.delete('k1');
    clock.advance(20_000);
    expect(fired.length).to.equal(latest.size);
    for (const [k, at] of fired) expect(at).to.equal(latest.get(k));
    for (let i = 1; i < fired.length; i++) expect(fired[i][1]).to.be.at.least(fired[i - 1][1]);
    expect(s.size).to.equal(0);
  });

  it('a deadline moved later does not fire early; moved earlier fires earlier', () => {
    const clock = new VirtualClock(0);
    const fired: string[] = [];
    const s = new ExpirySchedule(clock, (k) => fired.push(k));
    s.schedule('a', 100);
    s.schedule('a', 500);
    s.schedule('b', 400);
    s.schedule('b', 50);
    clock.advance(99);
    expect(fired).to.deep.equal(['b']);
    clock.advance(400);
    expect(fired).to.deep.equal(['b']);
    clock.advance(1);
    expect(fired).to.deep.equal(['b', 'a']);
  });

  it('stays compact under frequent rescheduling', () => {
    const clock = new VirtualClock(0);
    const s = new ExpirySchedule(clock, () => undefined);
    for (let i = 0; i < 100_000; i++) s.schedule(`k${i % 10}`, 1_000_000 + i);
    expect((s as unknown as { heap: unknown[] }).heap.length).to.be.below(4 * 10 + 1024 + 2);
  });
});
