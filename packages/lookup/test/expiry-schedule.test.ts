import { expect } from 'chai';
import { ExpirySchedule, VirtualClock } from '../src/index.js';
import { DeadlineSchedule } from '../src/registry/expiry-schedule.js';

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

describe('DeadlineSchedule', () => {
  it('fires each scheduled object once at its latest deadline through random moves both ways and removals', () => {
    const clock = new VirtualClock(0);
    const fired: [number, number][] = [];
    type Obj = { id: number; expiresAt: number; heapIndex: number };
    const s = new DeadlineSchedule<Obj>(clock, (o) => fired.push([o.id, clock.now()]));
    const objs: Obj[] = Array.from({ length: 500 }, (_, id) => ({ id, expiresAt: 0, heapIndex: -1 }));
    let seed = 11;
    const rnd = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const latest = new Map<number, number>();
    for (let i = 0; i < 20_000; i++) {
      const o = objs[Math.floor(rnd() * objs.length)];
      if (rnd() < 0.2) {
        s.remove(o);
        latest.delete(o.id);
        expect(o.heapIndex).to.equal(-1);
      } else {
        const at = 1000 + Math.floor(rnd() * 100_000);
        s.schedule(o, at);
        latest.set(o.id, at);
      }
      expect(clock.pending()).to.be.at.most(1);
      expect(s.size).to.equal(latest.size);
    }
    // Every object's heap position is where the heap holds it.
    const heap = (s as unknown as { heap: Obj[] }).heap;
    heap.forEach((o, i) => expect(o.heapIndex).to.equal(i));
    clock.advance(200_000);
    expect(fired.length).to.equal(latest.size);
    for (const [id, at] of fired) expect(at).to.equal(latest.get(id));
    for (let i = 1; i < fired.length; i++) expect(fired[i][1]).to.be.at.least(fired[i - 1][1]);
    expect(s.size).to.equal(0);
    for (const o of objs) expect(o.heapIndex).to.equal(-1);
  });

  it('an object removed or rescheduled from inside onDue stays consistent', () => {
    const clock = new VirtualClock(0);
    type Obj = { id: string; expiresAt: number; heapIndex: number };
    const a: Obj = { id: 'a', expiresAt: 0, heapIndex: -1 };
    const b: Obj = { id: 'b', expiresAt: 0, heapIndex: -1 };
    const fired: string[] = [];
    const s: DeadlineSchedule<Obj> = new DeadlineSchedule<Obj>(clock, (o) => {
      fired.push(o.id);
      if (o === a) {
        s.remove(b);
        s.schedule(a, clock.now() + 100);
      }
    });
    s.schedule(a, 10);
    s.schedule(b, 10);
    clock.advance(10);
    expect(fired).to.deep.equal(['a']);
    clock.advance(100);
    expect(fired).to.deep.equal(['a', 'a']);
    expect(s.size).to.equal(1);
  });
});
