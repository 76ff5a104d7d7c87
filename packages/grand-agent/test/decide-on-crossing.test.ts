import { expect } from 'chai';
import type { RemoteNodeStatus } from '@lama/agent';
import { VirtualClock } from '@lama/lookup';
import { Subject } from '@lama/lookup/rx';
import { NodeSeries, ServicePool, parseGrandConfig, type Monitor, type MonitorEvent, type MonitoredNode } from '../src/index.js';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * A service pool on virtual time whose monitor the test drives: a status that moves the summed
 * load across the last decision's band is decided on at once, one that does not waits for the
 * period, and the period restarts from the early decision.
 */
describe('deciding on a status that crosses the band (ServicePool, decideOnCrossing)', () => {
  const T0 = 1_000_000;

  function setUp(extra: Record<string, unknown> = {}) {
    const clock = new VirtualClock(T0);
    const events = new Subject<MonitorEvent>();
    const load = new Map<string, number>([['web-1', 5]]);
    const node = (name: string, roles: string[]): MonitoredNode =>
      ({
        serviceId: name, name, endpoint: `127.0.0.1:${name.length}`, roles, serviceEndpoints: {}, series: new NodeSeries(10), statusAt: T0, item: { attributes: [] },
        get status(): RemoteNodeStatus {
          const l = load.get(name);
          return { adapters: [{ name: 'svc', state: l === undefined ? 'STOPPED' : 'RUNNING', metrics: { load: l ?? 0 }, params: {} }] } as unknown as RemoteNodeStatus;
        },
      }) as unknown as MonitoredNode;
    const nodes = [node('web-1', ['web']), node('web-2', ['web']), node('other', ['db'])];
    const monitor = { list: () => nodes, byName: (n: string) => nodes.find((x) => x.name === n), events } as unknown as Monitor;
    const service = parseGrandConfig({
      credential: 'unused',
      services: [{
        name: 'radio', role: 'web', metric: 'svc.load', adapter: 'svc', capacityPerNode: 10, upper: 0.9, lower: 0.8, periodMs: 2000,
        minNodes: 1, maxNodes: 2, cooldownAddMs: 0, cooldownReleaseMs: 0, predictor: { kind: 'threshold' }, dryRun: true, ...extra,
      }],
    }).services[0];
    const pool = new ServicePool({ service, monitor, clock, log: quiet, holdReason: () => undefined });
    /** The node reports a new load: the status event the monitor would emit. */
    const report = (name: string, value: number): void => {
      load.set(name, value);
      events.next({ type: 'status', node: nodes.find((n) => n.name === name) as MonitoredNode });
    };
    const decisions = () => pool.policy.log.entries().map((d) => ({ after: d.at - T0, sum: d.inputs.sum, intended: d.intended ?? d.action }));
    return { clock, pool, report, decisions };
  }

  it('decides 20 ms after a status that moves the sum above upper · N · C, and the next period counts from there', async () => {
    const { clock, pool, report, decisions } = setUp();
    await pool.start();
    clock.advance(2000);
    expect(decisions()).to.deep.equal([{ after: 2000, sum: 5, intended: 'hold' }]);
    clock.advance(500);
    report('web-1', 9.5);
    clock.advance(20);
    // 9.5 > 0.9 · 1 · 10: a dry-run add, 20 ms after the status instead of 1,480 ms later at the period.
    expect(decisions()).to.deep.equal([{ after: 2000, sum: 5, intended: 'hold' }, { after: 2520, sum: 9.5, intended: 'add' }]);
    // The period restarted: nothing at 4,000, the next at 4,520.
    clock.advance(1999);
    expect(decisions()).to.have.length(2);
    clock.advance(1);
    expect(decisions().at(-1)).to.deep.equal({ after: 4520, sum: 9.5, intended: 'add' });
    await pool.stop();
  });

  it('leaves a status that stays on the same side (and one of a node without the role) to the period', async () => {
    const { clock, pool, report, decisions } = setUp();
    await pool.start();
    clock.advance(2000);
    report('web-1', 7);
    report('other', 50);
    clock.advance(1999);
    expect(decisions()).to.have.length(1);
    clock.advance(1);
    expect(decisions().at(-1)).to.deep.equal({ after: 4000, sum: 7, intended: 'hold' });
    // A node of the role that starts serving moves the sum across the last band (7 + 4 > 0.9 · 1 · 10):
    // decided at once, and within the new band (N = 2: 18) that holds.
    clock.advance(500);
    report('web-2', 4);
    clock.advance(20);
    expect(decisions().at(-1)).to.deep.equal({ after: 4520, sum: 11, intended: 'hold' });
    await pool.stop();
  });

  it('decides at most once per 250 ms on crossings, and below the release bound too', async () => {
    const { clock, pool, report, decisions } = setUp();
    report('web-2', 4);
    await pool.start();
    clock.advance(2000);
    expect(decisions()).to.deep.equal([{ after: 2000, sum: 9, intended: 'hold' }]);
    // 9 → 5: under 0.8 · (20 − 10) = 8, the release bound.
    clock.advance(500);
    report('web-1', 1);
    clock.advance(20);
    expect(decisions().at(-1)).to.deep.equal({ after: 2520, sum: 5, intended: 'release' });
    // Back within the band at once: decided 250 ms after the last decision, not before.
    report('web-1', 5);
    clock.advance(249);
    expect(decisions()).to.have.length(2);
    clock.advance(1);
    expect(decisions().at(-1)).to.deep.equal({ after: 2770, sum: 9, intended: 'hold' });
    await pool.stop();
  });

  it('decides only every period with decideOnCrossing: false, and nothing after stop()', async () => {
    const off = setUp({ decideOnCrossing: false });
    await off.pool.start();
    off.clock.advance(500);
    off.report('web-1', 9.5);
    off.clock.advance(1499);
    expect(off.decisions()).to.deep.equal([]);
    off.clock.advance(1);
    expect(off.decisions()).to.deep.equal([{ after: 2000, sum: 9.5, intended: 'add' }]);
    await off.pool.stop();

    const on = setUp();
    await on.pool.start();
    on.clock.advance(2000);
    await on.pool.stop();
    on.report('web-1', 9.5);
    on.clock.advance(10_000);
    expect(on.decisions()).to.have.length(1);
  });

  it('refuses a decideOnCrossing that is not true or false, naming the key', () => {
    expect(() => parseGrandConfig({ credential: 'x', services: [{ name: 'r', role: 'web', metric: 'cpu', adapter: 'svc', decideOnCrossing: 'yes' }] }))
      .to.throw(/services\[0\]\.decideOnCrossing.*true or false/);
  });
});
