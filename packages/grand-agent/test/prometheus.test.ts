import { expect } from 'chai';
import { seriesOf } from '@lama/testkit';
import { VirtualClock, createPoolKey, issueCredential } from '@lama/lookup';
import { MetricsEndpoint } from '@lama/lookup/prometheus';
import { registerGrandMetrics } from '../src/prometheus.js';
import { GrandAgent, parseGrandConfig, type Decision } from '../src/index.js';


describe('grand agent Prometheus collectors (@lama/grand-agent/prometheus)', () => {
  it('per service N, load, bounds and decisions by kind; alerts by kind; the allocation hold', async () => {
    // Virtual time from now: the credential's validity is checked against it.
    const clock = new VirtualClock(Date.now());
    const pool = createPoolKey();
    const credential = issueCredential(pool, { name: 'grand', roles: ['lookup', 'controller'] });
    const config = parseGrandConfig({
      credential: 'unused', prometheus: { listen: '127.0.0.1:9471' }, alerts: { settleMs: 500 },
      services: [{ name: 'radio', role: 'streaming-server', metric: 'stream.listeners', adapter: 'stream', capacityPerNode: 10, predictor: { kind: 'threshold' } }],
    });
    expect(config.prometheus).to.deep.equal({ listen: '127.0.0.1:9471' });
    const log = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    const grand = new GrandAgent({ config, credential, log, clock });
    const e = new MetricsEndpoint({ listen: '127.0.0.1:0', defaultMetrics: false });
    registerGrandMetrics(e.registry, grand);

    const radio = grand.pools[0];
    const inputs = { role: 'streaming-server', metric: 'stream.listeners', sum: 0, demand: 0, n: 0, serving: 0, adding: 0, capacity: 10, total: 0, servingCapacity: 0, upper: 0.9, lower: 0.8, upperBound: 0, minNodes: 1, maxNodes: 10 };
    const decision = (action: Decision['action']): Decision => ({ at: clock.now(), service: 'radio', action, reason: 'test', inputs });
    for (const a of ['add', 'add', 'hold', 'release'] as const) radio.policy.log.push(decision(a));
    grand.alerts.departed({ node: 'node-1', serviceId: 's1', roles: ['streaming-server'], endpoint: '127.0.0.1:1', reason: 'EXPIRED', poolSize: 10 });
    // An expiry still settling holds allocation.
    let s = await seriesOf(e.registry);
    expect(s.get('lama_grand_allocation_held')).to.equal(1);
    expect(s.get('lama_grand_alerts_total{kind="lease-expired"}')).to.equal(0);
    clock.advance(500);
    // A cancelled lease (a clean departure) raises nothing.
    grand.alerts.departed({ node: 'node-2', serviceId: 's2', roles: [], endpoint: '127.0.0.1:2', reason: 'CANCELLED', poolSize: 9 });

    s = await seriesOf(e.registry);
    expect(s.get('lama_grand_allocation_held')).to.equal(0);
    expect(s.get('lama_grand_alerts_total{kind="lease-expired"}')).to.equal(1);
    expect(s.get('lama_grand_alerts_total{kind="partition"}')).to.equal(0);
    expect(s.get('lama_grand_alerts_total{kind="deployment-failed"}')).to.equal(0);
    expect(s.get('lama_grand_deployments_total{kind="deploy",state="failed"}')).to.equal(0);
    expect(s.get('lama_grand_deployments_running')).to.equal(0);
    expect(s.get('lama_grand_nodes')).to.equal(0);
    expect(s.get('lama_grand_service_info{metric="stream.listeners",predictor="threshold",role="streaming-server",service="radio"}')).to.equal(1);
    expect(s.get('lama_grand_service_nodes{service="radio"}')).to.equal(0);
    expect(s.get('lama_grand_service_serving_nodes{service="radio"}')).to.equal(0);
    expect(s.get('lama_grand_service_load{service="radio"}')).to.equal(0);
    expect(s.get('lama_grand_service_capacity_per_node{service="radio"}')).to.equal(10);
    // No forecast before the first period: no series rather than a made-up 0.
    expect(s.has('lama_grand_service_forecast{service="radio"}')).to.equal(false);
    expect(s.get('lama_grand_decisions_total{kind="add",service="radio"}')).to.equal(2);
    expect(s.get('lama_grand_decisions_total{kind="hold",service="radio"}')).to.equal(1);
    expect(s.get('lama_grand_decisions_total{kind="release",service="radio"}')).to.equal(1);
    // Labels are bounded: no node's service ID.
    for (const key of s.keys()) expect(key).not.to.match(/s1|s2/);
    await grand.stop();
  });
});
