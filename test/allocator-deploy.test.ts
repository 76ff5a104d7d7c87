import { expect } from 'chai';
import type { AgentClient, RemoteNodeStatus } from '@lama/agent';
import { DeploymentManager, NodeSeries, ServicePool, deployConfigSchema, parseGrandConfig, type Monitor, type MonitoredNode } from '@lama/grand-agent';
import { NAME_ENTRY, VirtualClock, createPoolKey, issueCredential } from '@lama/lookup';
import { until } from '@lama/testkit';
import { ScriptedDeployer } from './helpers/scripted-deployer.js';

const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };

/**
 * Algorithm 1's add and release for a service with a site: the add takes a FREE node and deploys
 * the site onto it (the real deployment manager against a scripted Deployer over gRPC) before
 * Set and Start; the release stops the node and cleans it back to FREE.
 */
describe('allocator with deployment (ServicePool, DeploymentManager, scripted Deployer nodes)', function () {
  this.timeout(20_000);
  const pool = createPoolKey();
  const clock = new VirtualClock(Date.now());
  const calls: string[] = [];
  const scripted: ScriptedDeployer[] = [];
  let manager: DeploymentManager;

  /** A monitored node whose item follows the scripted node's life cycle and whose adapter state and load the test sets. */
  const monitored = (s: ScriptedDeployer, adapter: { state: string; load: number } | undefined, roles: string[]): MonitoredNode & { adapter?: { state: string; load: number } } => {
    const client = {
      set: async (a: string, params: Record<string, string>) => { calls.push(`Set ${s.name} ${a} ${JSON.stringify(params)} (${s.state})`); },
      start: async (a: string) => { calls.push(`Start ${s.name} ${a} (${s.state})`); },
      stop: async (a: string) => { calls.push(`Stop ${s.name} ${a} (${s.state})`); },
    } as unknown as AgentClient;
    const n = {
      serviceId: s.name, name: s.name, endpoint: s.endpoint, roles, serviceEndpoints: {}, series: new NodeSeries(10), client, statusAt: clock.now(), adapter,
      get item() {
        return { serviceId: s.name, owner: s.name, serviceTypes: ['lama.agent.v1.Agent'], endpoint: s.endpoint, attributes: [{ type: NAME_ENTRY, fields: { name: s.name } }, ...s.view().attributes] };
      },
      get status(): RemoteNodeStatus {
        const a = n.adapter;
        return { cpuUtilization: 0.2, rxBitsPerSec: 0, txBitsPerSec: 0, adapters: a ? [{ name: 'svc', state: a.state, metrics: { load: a.load }, params: {} }] : [] } as unknown as RemoteNodeStatus;
      },
    };
    return n as unknown as MonitoredNode & { adapter?: { state: string; load: number } };
  };

  after(async () => {
    await manager?.stop();
    await Promise.all(scripted.map((s) => s.kill()));
  });

  it('adds a FREE node by deploying the site first, then Set and Start; releases it by Stop, then cleaning back to FREE', async () => {
    const serving = new ScriptedDeployer('web-1', issueCredential(pool, { name: 'web-1', roles: ['agent'] }), { state: 'OPERATIONAL', site: 'radio', version: 1 });
    const spare = new ScriptedDeployer('spare', issueCredential(pool, { name: 'spare', roles: ['agent'] }), { state: 'FREE' });
    // FREE, but running a service of its own (e.g. a stream source): first by name, never taken.
    const busy = new ScriptedDeployer('busy', issueCredential(pool, { name: 'busy', roles: ['agent'] }), { state: 'FREE' });
    for (const s of [serving, spare, busy]) {
      await s.start();
      scripted.push(s);
    }
    const nodes = [monitored(serving, { state: 'RUNNING', load: 95 }, ['web']), monitored(spare, undefined, []), monitored(busy, { state: 'RUNNING', load: 0 }, ['source'])];
    const monitor = { list: () => nodes, byName: (name: string) => nodes.find((n) => n.name === name) } as unknown as Monitor;
    manager = new DeploymentManager({
      credential: issueCredential(pool, { name: 'grand', roles: ['lookup', 'controller'] }), clock,
      directory: { byName: (name) => scripted.find((s) => s.name === name)?.view(), list: () => scripted.map((s) => s.view()) },
      config: deployConfigSchema.parse({ storeUrl: 'http://127.0.0.1:9/store' }),
    });
    const service = parseGrandConfig({
      credential: 'unused',
      services: [{
        name: 'radio', role: 'web', metric: 'svc.load', adapter: 'svc', capacityPerNode: 100, minNodes: 1, maxNodes: 3, cooldownAddMs: 0, cooldownReleaseMs: 0,
        leadTimeMs: 0, predictor: { kind: 'threshold' }, serverParams: { RelayFrom: '127.0.0.1:8000/live' }, site: 'radio@1',
      }],
    }).services[0];
    expect(service.site).to.deep.equal({ site: 'radio', version: 1 });
    const svc = new ServicePool({ service, monitor, clock, log: quiet, holdReason: () => undefined, deployments: manager });
    // What WatchDecisions streams: each decision when made, again when its deployment starts, and at its outcome.
    const streamed: string[] = [];
    svc.policy.log.recorded.subscribe((d) => streamed.push(`${d.action} ${d.deployment ?? '-'} ${d.outcome ?? '-'}`));

    // The FREE node is idle though it has neither the role nor the adapter: the deployment brings them.
    expect(svc.poolNodes().find((n) => n.name === 'spare')).to.deep.include({ idle: true, serving: false });
    expect(svc.poolNodes().find((n) => n.name === 'busy')).to.equal(undefined);
    const add = svc.tick();
    expect([add.action, add.node]).to.deep.equal(['add', 'spare']);
    // While it deploys it counts as being added (N includes it; no second add).
    expect(svc.poolNodes().find((n) => n.name === 'spare')).to.deep.include({ pending: 'adding', idle: false });
    await until('the add is carried out', () => add.outcome !== undefined);
    expect(add.outcome).to.equal('done');
    // The lead time is measured on the pool's clock (virtual here: no time passed).
    expect(add.tookMs).to.equal(0);
    expect(spare.starts.map((s) => [s.req.site, s.req.version, s.req.storeUrl])).to.deep.equal([['radio', 1, 'http://127.0.0.1:9/store']]);
    // Set and Start come after DEPLOYMENT-COMPLETE.
    expect(calls).to.deep.equal(['Set spare svc {"RelayFrom":"127.0.0.1:8000/live"} (OPERATIONAL)', 'Start spare svc (OPERATIONAL)']);
    expect(manager.list().map((d) => [d.kind, d.state, d.nodes.map((n) => n.node).join()])).to.deep.equal([['deploy', 'complete', 'spare']]);

    // Now it serves (its adapter runs, with the role), and the load falls: release the least loaded.
    Object.assign(nodes[1], { roles: ['web'], adapter: { state: 'RUNNING', load: 5 } });
    nodes[0].adapter = { state: 'RUNNING', load: 10 };
    calls.length = 0;
    clock.advance(1000);
    // A status newer than the add's end: it no longer counts as pending.
    for (const n of nodes) n.statusAt = clock.now();
    const release = svc.tick();
    expect([release.action, release.node]).to.deep.equal(['release', 'spare']);
    await until('the release is carried out', () => release.outcome !== undefined);
    expect(release.outcome).to.equal('done');
    expect(calls).to.deep.equal(['Stop spare svc (OPERATIONAL)']);
    // Cleaned after the Stop, back to FREE, the site's objects kept in its cache (deploy.releaseKeepsCache).
    expect(spare.cleanings).to.deep.equal([{ deploymentId: spare.deploymentId, keepCache: true }]);
    expect(spare.state).to.equal('FREE');
    expect(manager.list().map((d) => [d.kind, d.state])).to.deep.equal([['deploy', 'complete'], ['clean', 'complete']]);
    const [deployId, cleanId] = manager.list().map((d) => d.id);
    expect([add.deployment, release.deployment]).to.deep.equal([deployId, cleanId]);
    expect(streamed).to.deep.equal([
      'add - -', `add ${deployId} -`, `add ${deployId} done`,
      'release - -', `release ${cleanId} -`, `release ${cleanId} done`,
    ]);
  });
});
