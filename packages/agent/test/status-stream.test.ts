import { expect } from 'chai';
import { VirtualClock } from '@lama/lookup';
import { StatusStream } from '../src/control/status-stream.js';
import { checkEarlyMetrics, decisionChange } from '../src/control/decision-change.js';
import type { NodeStatus } from '../src/generated/lama/agent/v1/NodeStatus.js';

const base: NodeStatus = {
  node: 'n1', cpuUtilization: 0.2, rxBitsPerSec: 0, txBitsPerSec: 0, capacity: { networkMbps: 100 },
  adapters: [{ name: 'stream', state: 'RUNNING', params: { RelayFrom: '' }, metrics: { listeners: 3, uptime_seconds: 10 } }],
  lifecycle: { state: 'FREE', site: '', version: 0 }, problems: [],
};
const withCpu = (cpu: number): NodeStatus => ({ ...base, cpuUtilization: cpu });
// Statuses are read asynchronously, as the agent's are: let the read's promise settle.
const settle = (): Promise<void> => new Promise((r) => setImmediate(r));

/** A stream on a VirtualClock over a status the test sets; `sent` records (virtual ms since start, cpu). */
function harness(o: { intervalMs?: number; minIntervalMs?: number; accept?: () => boolean } = {}) {
  const clock = new VirtualClock();
  const t0 = clock.now();
  let current = base;
  let reads = 0;
  const sent: [number, number][] = [];
  const stream = new StatusStream({
    clock, intervalMs: o.intervalMs ?? 2000, minIntervalMs: o.minIntervalMs ?? 250,
    read: async () => { reads++; return current; },
    changed: (a, b) => decisionChange(a, b) !== undefined,
    write: (s) => { sent.push([clock.now() - t0, Number(s.cpuUtilization)]); return o.accept?.() ?? true; },
    fail: (err) => { throw err; },
  });
  const step = async (ms: number): Promise<void> => {
    for (let i = 0; i < ms / 50; i++) {
      clock.advance(50);
      await settle();
    }
  };
  return { clock, stream, sent, step, set: (s: NodeStatus) => { current = s; }, reads: () => reads };
}

describe('WatchStatus sends on change (StatusStream on a VirtualClock)', () => {
  it('sends at once, then every interval while nothing a decision uses changes', async () => {
    const h = harness();
    h.stream.start();
    await settle();
    await h.step(6000);
    expect(h.sent.map(([t]) => t)).to.deep.equal([0, 2000, 4000, 6000]);
    h.stream.close();
  });

  it('sends a change as soon as it happens, and restarts the interval from that send', async () => {
    const h = harness();
    h.stream.start();
    await settle();
    await h.step(700);
    h.set(withCpu(0.6));
    h.stream.changed();
    await settle();
    await h.step(3000);
    expect(h.sent).to.deep.equal([[0, 0.2], [700, 0.6], [2700, 0.6]]);
    h.stream.close();
  });

  it('coalesces changes: at most one send per minInterval, carrying the latest status', async () => {
    const h = harness({ minIntervalMs: 250 });
    h.stream.start();
    await settle();
    // Four changes within 200 ms of the first send: one send, at 250 ms, with the last value.
    for (const cpu of [0.3, 0.4, 0.5, 0.6]) {
      await h.step(50);
      h.set(withCpu(cpu));
      h.stream.changed();
    }
    await h.step(1500);
    expect(h.sent).to.deep.equal([[0, 0.2], [250, 0.6]]);
    h.stream.close();
  });

  it('does not send early for what a decision does not use (a small load move, uptime)', async () => {
    const h = harness();
    h.stream.start();
    await settle();
    await h.step(500);
    h.set({ ...withCpu(0.22), adapters: [{ ...base.adapters![0], metrics: { listeners: 3, uptime_seconds: 11 } }] });
    h.stream.changed();
    await h.step(1000);
    expect(h.sent.map(([t]) => t)).to.deep.equal([0]);
    expect(h.reads()).to.equal(2);
    await h.step(500);
    expect(h.sent).to.deep.equal([[0, 0.2], [2000, 0.22]]);
    h.stream.close();
  });

  it('a reader that does not keep up gets nothing until it drains, then the interval resumes', async () => {
    let accept = false;
    const h = harness({ accept: () => accept });
    h.stream.start();
    await settle();
    await h.step(5000);
    h.set(withCpu(0.9));
    h.stream.changed();
    await h.step(100);
    expect(h.sent).to.have.length(1);
    accept = true;
    h.stream.drained();
    await h.step(2000);
    expect(h.sent).to.deep.equal([[0, 0.2], [7100, 0.9]]);
    h.stream.close();
  });

  it('nothing is sent after close', async () => {
    const h = harness();
    h.stream.start();
    await settle();
    h.stream.close();
    h.stream.changed();
    await h.step(5000);
    expect(h.sent).to.have.length(1);
  });
});

describe('what a decision uses (decisionChange)', () => {
  it('names adapter state, parameters, life cycle, problems, CPU by 5 points and rates by 5 % of capacity', () => {
    const a0 = base.adapters![0];
    expect(decisionChange(base, { ...base, adapters: [{ ...a0, state: 'STOPPED' }] })).to.equal('adapter stream state');
    expect(decisionChange(base, { ...base, adapters: [{ ...a0, params: { RelayFrom: 'x:1' } }] })).to.equal('adapter stream params');
    expect(decisionChange(base, { ...base, adapters: [] })).to.equal('adapters');
    expect(decisionChange(base, { ...base, lifecycle: { state: 'DEPLOYING', site: 's', version: 1 } })).to.equal('lifecycle');
    expect(decisionChange(base, { ...base, problems: [{ code: 'ERR_STATE_DIR_WRITE', message: 'ENOSPC', sinceMs: 1 }] })).to.equal('problems');
    expect(decisionChange(base, withCpu(0.26))).to.equal('cpu');
    expect(decisionChange(base, withCpu(0.24))).to.equal(undefined);
    expect(decisionChange(base, { ...base, txBitsPerSec: 5e6 })).to.equal('tx');
    expect(decisionChange(base, { ...base, rxBitsPerSec: 4e6 })).to.equal(undefined);
  });

  it('an adapter metric counts only when the watcher names it: by 1, or 5 % of the larger value', () => {
    const listeners = (n: number): NodeStatus => ({ ...base, adapters: [{ ...base.adapters![0], metrics: { listeners: n } }] });
    expect(decisionChange(listeners(3), listeners(4))).to.equal(undefined);
    expect(decisionChange(listeners(3), listeners(4), ['stream.listeners'])).to.equal('stream.listeners');
    expect(decisionChange(listeners(100), listeners(104), ['stream.listeners'])).to.equal(undefined);
    expect(decisionChange(listeners(100), listeners(106), ['stream.listeners'])).to.equal('stream.listeners');
  });

  it('refuses early_metrics that are not ADAPTER.METRIC, naming the bad one', () => {
    expect(checkEarlyMetrics(['stream.listeners'])).to.deep.equal(['stream.listeners']);
    expect(() => checkEarlyMetrics(['cpu'])).to.throw(/early_metrics: 'cpu' is not ADAPTER.METRIC/);
    expect(() => checkEarlyMetrics(Array.from({ length: 33 }, (_, i) => `a.m${i}`))).to.throw(/at most 32/);
  });
});
