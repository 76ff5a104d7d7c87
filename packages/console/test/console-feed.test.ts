import { expect } from 'chai';
import { VirtualClock } from '@lama/lookup';
import { Subject, type Observable } from '@lama/lookup/rx';
import type { Alert, DecisionJson, DeploymentJson, RemotePool } from '@lama/grand-agent';
import { ConsoleFeed, type FeedEvent, type GrandStreams } from '../src/index.js';

/** Grand streams the test drives: each open() makes new subjects and records its arguments. */
class FakeGrand implements GrandStreams {
  pool = new Subject<RemotePool>();
  alerts = new Subject<Alert>();
  decisions = new Subject<DecisionJson>();
  readonly opened: string[] = [];
  deployments = new Subject<DeploymentJson>();
  watchPool(intervalMs: number): Observable<RemotePool> {
    this.opened.push(`pool ${intervalMs}`);
    return (this.pool = new Subject<RemotePool>());
  }
  watchAlerts(afterId: number): Observable<Alert> {
    this.opened.push(`alerts ${afterId}`);
    return (this.alerts = new Subject<Alert>());
  }
  watchDecisions(sinceMs: number): Observable<DecisionJson> {
    this.opened.push(`decisions ${sinceMs}`);
    return (this.decisions = new Subject<DecisionJson>());
  }
  watchDeployments(replay: boolean): Observable<DeploymentJson> {
    this.opened.push(`deployments ${replay}`);
    return (this.deployments = new Subject<DeploymentJson>());
  }
}

const deployment = (id: string, state: DeploymentJson['state'], steps: string[]): DeploymentJson => ({
  id, kind: 'deploy', site: 'news', version: 1, state, created: '2026-12-06T10:00:00.000Z', message: '',
  ...(steps.length > 0 && { started: '2026-12-06T10:00:01.000Z' }),
  nodes: [{ node: 'n1', state: 'deploying', step: '', steps: steps.map((step) => ({ step, seconds: 0.1, cpuSeconds: 0.05 })), files: 0, bytes: 0, filesFromCacheSource: 0, filesFromStore: 0 }],
});


const view = (atMs: number, sum: number): RemotePool => ({
  grand: 'grand', atMs, lookups: ['127.0.0.1:1'],
  nodes: [{ node: 'n1', endpoint: '127.0.0.1:2', roles: ['web'], lastStatusMs: atMs, cpuUtilization: 0.1, rxBitsPerSec: 0, txBitsPerSec: 0, adapters: { svc: 'RUNNING' }, loads: {}, serving: 's', pending: '', samples: 1, lifecycle: 'OPERATIONAL', leaseExpiresMs: atMs + 2000, leaseMs: 3000 }],
  services: [{ name: 's', role: 'web', metric: 'cpu', predictor: 'holt', capacityPerNode: 10, n: 2, serving: ['n1'], sum, hasForecast: atMs > 1, level: sum, forecast: sum + 1, upperBound: 18, lowerBound: 8, holdReason: '', dryRun: false }],
});
const alert = (id: number): Alert => ({ id, kind: 'lease-expired', at: 'a', raisedAt: 'b', message: `m${id}`, node: `n${id}` });

describe('ConsoleFeed: one set of grand streams fanned out to every browser (virtual time)', () => {
  it('keeps the chart history (N·C, bounds, forecast) and the alerts, and sends each change to every listener', async () => {
    const grand = new FakeGrand();
    const feed = new ConsoleFeed({ grand, clock: new VirtualClock(), intervalMs: 500, historyPoints: 2 });
    const a: FeedEvent[] = [];
    const b: FeedEvent[] = [];
    feed.listen((e) => a.push(e));
    feed.listen((e) => b.push(e));
    await feed.start();
    expect(grand.opened).to.deep.equal(['pool 500', 'alerts 0', 'decisions 0', 'deployments true']);
    grand.pool.next(view(1, 5));
    grand.pool.next(view(2, 7));
    grand.pool.next(view(3, 9));
    grand.alerts.next(alert(1));
    const snap = feed.snapshot();
    expect(snap.link).to.deep.equal({ connected: true });
    expect(snap.history.s).to.deep.equal([
      { t: 2, sum: 7, n: 2, capacity: 20, upper: 18, lower: 8, forecast: 8 },
      { t: 3, sum: 9, n: 2, capacity: 20, upper: 18, lower: 8, forecast: 10 },
    ]);
    expect(snap.alerts.map((x) => x.id)).to.deep.equal([1]);
    expect(a.map((e) => e.type)).to.deep.equal(['link', 'pool', 'pool', 'pool', 'alert']);
    expect(b).to.deep.equal(a);
    feed.acknowledge(1);
    expect(feed.snapshot().acked).to.deep.equal([1]);
    expect(a.at(-1)).to.deep.equal({ type: 'ack', id: 1 });
    await feed.stop();
  });

  it('reopens a failed stream after a doubling backoff, resuming after the last alert it saw', async () => {
    const clock = new VirtualClock();
    const grand = new FakeGrand();
    const feed = new ConsoleFeed({ grand, clock });
    await feed.start();
    grand.alerts.next(alert(4));
    grand.alerts.error(new Error('UNAVAILABLE'));
    expect(feed.snapshot().link).to.deep.equal({ connected: false, error: 'alerts stream: UNAVAILABLE' });
    clock.advance(999);
    expect(grand.opened).to.have.length(4);
    clock.advance(1);
    expect(grand.opened.at(-1)).to.equal('alerts 4');
    grand.alerts.error(new Error('UNAVAILABLE'));
    clock.advance(1999);
    expect(grand.opened).to.have.length(5);
    clock.advance(1);
    expect(grand.opened.at(-1)).to.equal('alerts 4');
    // A replayed alert is not shown twice.
    grand.alerts.next(alert(4));
    grand.alerts.next(alert(5));
    expect(feed.snapshot().alerts.map((x) => x.id)).to.deep.equal([4, 5]);
    await feed.stop();
  });

  it("replaces a decision when it comes again with its deployment and outcome; a reopened stream resumes at the oldest one under way", async () => {
    const clock = new VirtualClock();
    const grand = new FakeGrand();
    const feed = new ConsoleFeed({ grand, clock });
    const seen: string[] = [];
    feed.listen((e) => { if (e.type === 'decision') seen.push(`${e.decision.at} ${e.decision.action} ${e.decision.deployment ?? '-'} ${e.decision.outcome ?? '-'}`); });
    await feed.start();
    const add = { at: '2026-12-06T10:00:01.000Z', service: 's', action: 'add', node: 'n2', reason: 'load', inputs: {} };
    const hold = { at: '2026-12-06T10:00:02.000Z', service: 's', action: 'hold', reason: 'cooldown', inputs: {} };
    grand.decisions.next(add);
    grand.decisions.next(hold);
    grand.decisions.next({ ...add, deployment: 'd-1' });
    grand.decisions.next({ ...add, deployment: 'd-1' });
    expect(feed.snapshot().decisions.map((d) => d.deployment ?? '-')).to.deep.equal(['d-1', '-']);
    grand.decisions.error(new Error('UNAVAILABLE'));
    clock.advance(1000);
    // The add has no outcome yet: the stream resumes at its time, and the replay changes nothing.
    expect(grand.opened.at(-1)).to.equal(`decisions ${Date.parse(add.at)}`);
    grand.decisions.next({ ...add, deployment: 'd-1' });
    grand.decisions.next(hold);
    grand.decisions.next({ ...add, deployment: 'd-1', outcome: 'done', tookSeconds: 4.2 });
    expect(seen).to.deep.equal([
      `${add.at} add - -`, `${hold.at} hold - -`, `${add.at} add d-1 -`, `${add.at} add d-1 done`,
    ]);
    expect(feed.snapshot().decisions.map((d) => d.outcome ?? '-')).to.deep.equal(['done', '-']);
    await feed.stop();
  });

  it('streams each deployment as it changes; a reopened stream replays them all and only the changed ones go out', async () => {
    const clock = new VirtualClock();
    const grand = new FakeGrand();
    const feed = new ConsoleFeed({ grand, clock, keep: 2 });
    const seen: string[] = [];
    feed.listen((e) => { if (e.type === 'deployment') seen.push(`${e.deployment.id} ${e.deployment.nodes[0].steps.length}`); });
    await feed.start();
    grand.deployments.next(deployment('d1', 'running', ['stop-services']));
    grand.deployments.next(deployment('d1', 'running', ['stop-services', 'receive']));
    grand.deployments.error(new Error('UNAVAILABLE'));
    clock.advance(1000);
    expect(grand.opened.at(-1)).to.equal('deployments true');
    // The replay: d1 as it was (nothing goes out), d2 new; then d3 pushes the oldest out of the snapshot.
    grand.deployments.next(deployment('d1', 'running', ['stop-services', 'receive']));
    grand.deployments.next(deployment('d2', 'preparing', []));
    grand.deployments.next(deployment('d3', 'preparing', []));
    expect(seen).to.deep.equal(['d1 1', 'd1 2', 'd2 0', 'd3 0']);
    expect(feed.snapshot().deployments.map((d) => d.id)).to.deep.equal(['d2', 'd3']);
    await feed.stop();
  });
});
