import { expect } from 'chai';
import { UnknownLeaseError, LeaseRenewalManager, VirtualClock } from '../src/index.js';

function setup() {
  const clock = new VirtualClock(0);
  const lrm = new LeaseRenewalManager({ clock, retryMs: 100, maxRetryMs: 400 });
  const lost: [string, string, number][] = [];
  const renewed: [string, number, number][] = [];
  lrm.on('lost', (id, reason) => lost.push([id, reason, clock.now()]));
  lrm.on('renewed', (id, ms) => renewed.push([id, ms, clock.now()]));
  return { clock, lrm, lost, renewed };
}

/** Lets promise callbacks run between virtual-time steps. */
async function step(clock: VirtualClock, ms: number, by = 10): Promise<void> {
  for (let t = 0; t < ms; t += by) {
    clock.advance(by);
    await new Promise((r) => setImmediate(r));
  }
}

describe('LeaseRenewalManager (virtual time)', () => {
  it('renews at a third of the lease, counted from when the request was sent', async () => {
    const { clock, lrm, renewed } = setup();
    const calls: number[] = [];
    // The grant took 300 ms to arrive: the lease was counted from the send time, 0.
    clock.advance(300);
    lrm.manage('L', 3000, 0, 3000, async (_id, ms) => { calls.push(clock.now()); return ms; });
    await step(clock, 999 - 300, 1);
    expect(calls).to.deep.equal([]);
    await step(clock, 2, 1);
    expect(calls).to.deep.equal([1000]);
    await step(clock, 1000, 1);
    expect(calls).to.deep.equal([1000, 2000]);
    expect(renewed.map((r) => r[1])).to.deep.equal([3000, 3000]);
    expect(lrm.expiresAt('L')).to.equal(5000);
  });

  it('a slow renewal counts from its send time, not its answer', async () => {
    const { clock, lrm } = setup();
    lrm.manage('L', 3000, 0, 3000, (_id, ms) => new Promise((resolve) => clock.setTimer(() => resolve(ms), 500)));
    await step(clock, 1600, 10);
    expect(lrm.expiresAt('L')).to.equal(1000 + 3000);
  });

  it('retries with backoff until the lease ends, then reports it lost exactly at expiry', async () => {
    const { clock, lrm, lost } = setup();
    let attempts = 0;
    lrm.manage('L', 3000, 0, 3000, async () => { attempts++; throw new Error('UNAVAILABLE'); });
    await step(clock, 2990, 10);
    expect(lost).to.deep.equal([]);
    expect(attempts).to.be.within(4, 12);
    await step(clock, 20, 10);
    expect(lost).to.deep.equal([['L', 'expired', 3000]]);
    expect(lrm.size).to.equal(0);
  });

  it('reports UNKNOWN_LEASE at once and stops renewing', async () => {
    const { clock, lrm, lost } = setup();
    let attempts = 0;
    lrm.manage('L', 3000, 0, 3000, async () => { attempts++; throw new UnknownLeaseError('L'); });
    await step(clock, 1010, 10);
    expect(lost).to.deep.equal([['L', 'unknown', 1000]]);
    await step(clock, 5000, 100);
    expect(attempts).to.equal(1);
  });

  it('recovers when a retry succeeds, and a removed lease is left alone', async () => {
    const { clock, lrm, lost, renewed } = setup();
    let fail = 2;
    lrm.manage('A', 3000, 0, 3000, async (_id, ms) => { if (fail-- > 0) throw new Error('blip'); return ms; });
    let bCalls = 0;
    lrm.manage('B', 3000, 0, 3000, async (_id, ms) => { bCalls++; return ms; });
    lrm.remove('B');
    await step(clock, 6000, 10);
    expect(lost).to.deep.equal([]);
    expect(renewed.filter((r) => r[0] === 'A').length).to.be.at.least(3);
    expect(bCalls).to.equal(0);
  });
});
