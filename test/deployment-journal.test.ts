import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { NAME_ENTRY, VirtualClock, createPoolKey, issueCredential, type KeyPair } from '@lama/lookup';
import { Subject } from '@lama/lookup/rx';
import { until } from '@lama/testkit';
import type { AgentClient, RemoteNodeStatus } from '@lama/agent';
import {
  AllocationJournal, DeploymentJournal, DeploymentManager, NodeSeries, ServicePool, deployConfigSchema, parseGrandConfig,
  type Deployment, type LifecycleStateName, type Monitor, type MonitoredNode,
} from '@lama/grand-agent';
import { ScriptedDeployer } from './helpers/scripted-deployer.js';

const STORE = 'http://127.0.0.1:1/store';

/**
 * The grand agent's journals (issue 17 item 2): a deployment manager stopped with work under way
 * (as a kill leaves it: nothing more written) and a new one on the same journal, against
 * scripted Deployer servers over real gRPC. The new one resumes each open record by the nodes'
 * own life cycles: follows a node still deploying, cleans one that failed meanwhile, gives up a
 * node that never took StartDeployment without touching it, and asks nothing twice.
 */
describe('deployment and allocation journals (a restarted deployment manager, scripted Deployer servers)', function () {
  this.timeout(20_000);
  let pool: KeyPair;
  let dir: string;
  let nodes: ScriptedDeployer[] = [];
  const managers: DeploymentManager[] = [];
  const clock = new VirtualClock(Date.now());
  let hold: string | undefined;

  const node = async (name: string, state: LifecycleStateName): Promise<ScriptedDeployer> => {
    const n = new ScriptedDeployer(name, issueCredential(pool, { name, roles: ['agent'] }), { state });
    await n.start();
    nodes.push(n);
    return n;
  };
  const make = (failed: Deployment[]): DeploymentManager => {
    const journal = new DeploymentJournal(join(dir, 'deployments.json'), 200, (err) => { throw err; });
    const m = new DeploymentManager({
      credential: issueCredential(pool, { name: 'grand', roles: ['lookup', 'controller'] }), clock, journal, resumeWaitMs: 1000,
      directory: { byName: (n) => nodes.find((x) => x.name === n)?.view(), list: () => nodes.map((x) => x.view()) },
      config: deployConfigSchema.parse({ storeUrl: STORE, timeoutMs: 60_000, cleanTimeoutMs: 60_000, holdPollMs: 50 }),
      holdReason: () => hold, onFailed: (d) => failed.push(d),
    });
    managers.push(m);
    return m;
  };

  beforeEach(() => {
    pool = createPoolKey();
    dir = mkdtempSync(join(tmpdir(), 'lama-journal-'));
    hold = undefined;
  });

  afterEach(async () => {
    for (const m of managers.splice(0)) await m.stop();
    await Promise.all(nodes.map((n) => n.kill()));
    nodes = [];
    rmSync(dir, { recursive: true, force: true });
  });

  it('a new manager on the journal finishes what the stopped one left open: followed, cleaned or given up by each node\'s life cycle, once', async () => {
    const going = await node('going', 'FREE');
    const failing = await node('failing', 'FREE');
    const waiting = await node('waiting', 'FREE');
    going.stepMs = 150;
    failing.script = 'hang';
    const first: Deployment[] = [];
    const m1 = make(first);
    await m1.start();
    const d1 = m1.deploy({ site: 'shop', version: 1, nodes: ['going', 'failing'] }).deployment;
    await until('both nodes took StartDeployment', () => going.starts.length === 1 && failing.starts.length === 1);
    // The partition brake holds the next one: it is recorded, nothing is sent.
    hold = 'partition: test';
    const d2 = m1.deploy({ site: 'shop', version: 1, nodes: ['waiting'] }).deployment;
    await until('the second deployment to wait', () => m1.list().some((d) => d.id === d2.id && d.state === 'waiting'));
    await m1.stop();
    hold = undefined;
    // While no manager watches: one node fails on its own, the other goes on deploying.
    failing.giveUp('fetch-missing: the store went away');
    expect(going.state).to.equal('DEPLOYING');

    const second: Deployment[] = [];
    const m2 = make(second);
    await m2.start();
    expect(m2.list().map((d) => [d.id, d.state])).to.deep.equal([[d1.id, 'running'], [d2.id, 'waiting']]);
    const [e1, e2] = await Promise.all([m2.underWay('going'), m2.underWay('waiting')]);
    expect(e1?.nodes.map((n) => [n.node, n.state, n.reason ?? '', n.cleanup ?? ''])).to.deep.equal([
      ['going', 'complete', '', ''], ['failing', 'failed', 'fetch-missing: the store went away', 'clean'],
    ]);
    expect(e1?.state).to.equal('partial');
    expect(e2?.nodes.map((n) => [n.node, n.state, n.cleanup ?? ''])).to.deep.equal([['waiting', 'failed', '']]);
    expect(e2?.nodes[0].reason).to.match(/^not started: /);
    // Nothing asked twice; the failed node cleaned once; the node that never took the request untouched.
    expect([going.starts.length, failing.starts.length, waiting.starts.length]).to.deep.equal([1, 1, 0]);
    expect([going.cleanings.length, failing.cleanings.length, waiting.cleanings.length]).to.deep.equal([0, 1, 0]);
    expect([going.state, failing.state, waiting.state]).to.deep.equal(['OPERATIONAL', 'FREE', 'FREE']);
    expect(second.map((d) => d.id).sort()).to.deep.equal([d1.id, d2.id].sort());
    await m2.stop();

    // A third start finds everything ended: nothing resumed, nothing alerted again.
    const third: Deployment[] = [];
    const m3 = make(third);
    await m3.start();
    expect(m3.list().map((d) => [d.id, d.state])).to.deep.equal([[d1.id, 'partial'], [d2.id, 'failed']]);
    expect(m3.underWay('going')).to.equal(undefined);
    expect(third).to.deep.equal([]);
    expect(first).to.deep.equal([]);
  });

  it('an add open in the journal counts as pending before its node is back (no second add), then is carried out once it is', async () => {
    const quiet = { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined };
    const calls: string[] = [];
    const monitored = (name: string): MonitoredNode => ({
      serviceId: name, name, endpoint: '127.0.0.1:9', roles: ['web'], serviceEndpoints: {}, series: new NodeSeries(10), statusAt: clock.now(),
      item: { serviceId: name, owner: name, serviceTypes: ['lama.agent.v1.Agent'], endpoint: '127.0.0.1:9', attributes: [{ type: NAME_ENTRY, fields: { name } }] },
      status: { cpuUtilization: 0.1, rxBitsPerSec: 0, txBitsPerSec: 0, adapters: [{ name: 'svc', state: 'STOPPED', metrics: {}, params: {} }] } as unknown as RemoteNodeStatus,
      client: { start: async (a: string) => { calls.push(`Start ${name} ${a}`); }, set: async () => undefined, stop: async () => undefined } as unknown as AgentClient,
    } as unknown as MonitoredNode);
    const nodes = [monitored('spare')];
    const monitor = { list: () => nodes, byName: (n: string) => nodes.find((x) => x.name === n), events: new Subject() } as unknown as Monitor;
    const intents = new AllocationJournal(join(dir, 'allocations.json'), (err) => { throw err; });
    // What the killed grand agent left: an add of n1 begun, not finished.
    intents.begin({ service: 'radio', node: 'n1', action: 'add', at: clock.now() });
    const service = parseGrandConfig({
      credential: 'unused',
      services: [{ name: 'radio', role: 'web', metric: 'svc.load', adapter: 'svc', capacityPerNode: 100, minNodes: 1, maxNodes: 3, cooldownAddMs: 0, leadTimeMs: 0, predictor: { kind: 'threshold' } }],
    }).services[0];
    const svc = new ServicePool({ service, monitor, clock, log: quiet, holdReason: () => undefined, intents, resumeWaitMs: 60_000 });
    await svc.start();
    try {
      // n1 has not registered again yet; spare is idle and minNodes wants one node: the open add is that node.
      expect(svc.poolNodes().find((n) => n.name === 'n1')).to.deep.include({ pending: 'adding', idle: false });
      const d = svc.tick();
      expect(d.action).to.equal('hold');
      nodes.push(monitored('n1'));
      clock.advance(200);
      await until('the resumed add to Start n1', () => calls.length > 0);
      await until('the add to leave the journal', () => new AllocationJournal(join(dir, 'allocations.json'), () => undefined).open('radio').length === 0);
      expect(calls).to.deep.equal(['Start n1 svc']);
    } finally {
      await svc.stop();
    }
  });

  it('a damaged journal is refused with the file named, and the allocation intents survive a reload', () => {
    const path = join(dir, 'deployments.json');
    writeFileSync(path, '{"v":1,"deployments":[{"id":"d-1"}]}');
    expect(() => new DeploymentJournal(path, 10, () => undefined)).to.throw(/state file .*deployments\.json cannot be used: deployments\.0\.kind/).with.property('code', 'ERR_STATE_FILE');
    writeFileSync(path, 'not json');
    expect(() => new DeploymentJournal(path, 10, () => undefined)).to.throw(/not JSON/);

    const intents = join(dir, 'allocations.json');
    const a = new AllocationJournal(intents, (err) => { throw err; });
    a.begin({ service: 'radio', node: 'n1', action: 'add', at: 1 });
    a.begin({ service: 'radio', node: 'n2', action: 'release', at: 2 });
    a.begin({ service: 'web', node: 'n3', action: 'add', at: 3 });
    a.end('radio', 'n2');
    const b = new AllocationJournal(intents, (err) => { throw err; });
    expect(b.open('radio')).to.deep.equal([{ service: 'radio', node: 'n1', action: 'add', at: 1 }]);
    expect(b.open('web').map((o) => o.node)).to.deep.equal(['n3']);
  });
});
