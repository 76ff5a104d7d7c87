import { expect } from 'chai';
import { VirtualClock, createPoolKey, issueCredential, type KeyPair } from '@lama/lookup';
import { until } from '@lama/testkit';
import {
  AlertManager, DeploymentManager, DeploymentRequestError, NotFreeError, UnknownNodeError, chooseCacheSource, deployConfigSchema,
  type Deployment, type DeploymentManagerOptions, type LifecycleStateName,
} from '@lama/grand-agent';
import { DEPLOY_STEPS, ScriptedDeployer } from './helpers/scripted-deployer.js';

// This helper's own loopback group and port (nothing is sent on it: the scripted nodes only echo it).
const CACHE_GROUP = '239.255.76.119:16119';
const STORE = 'http://127.0.0.1:1/store';

/**
 * The deployment manager (KhnumM) on virtual time against in-process Deployer servers over real
 * gRPC with mutual TLS: scripted nodes that complete, fail, hang (time out) or die.
 */
describe('deployment manager (virtual time, scripted Deployer servers over the gRPC kit)', function () {
  this.timeout(20_000);
  let pool: KeyPair;
  let nodes: ScriptedDeployer[] = [];
  let manager: DeploymentManager | undefined;
  let clock: VirtualClock;
  let hold: string | undefined;
  const failed: Deployment[] = [];

  const node = async (name: string, state: LifecycleStateName, site?: string, version?: number): Promise<ScriptedDeployer> => {
    const n = new ScriptedDeployer(name, issueCredential(pool, { name, roles: ['agent'] }), { state, site, version });
    await n.start();
    nodes.push(n);
    return n;
  };
  const gone = new Set<string>();
  const make = (over: Partial<DeploymentManagerOptions['config']> = {}): DeploymentManager => {
    manager = new DeploymentManager({
      credential: issueCredential(pool, { name: 'grand', roles: ['lookup', 'controller'] }),
      directory: {
        byName: (n) => nodes.find((x) => x.name === n && !gone.has(n))?.view(),
        list: () => nodes.filter((x) => !gone.has(x.name)).map((x) => x.view()),
      },
      config: deployConfigSchema.parse({ storeUrl: STORE, cacheGroup: CACHE_GROUP, cacheInterface: '127.0.0.1', timeoutMs: 60_000, cleanTimeoutMs: 60_000, ...over }),
      clock, holdReason: () => hold, onFailed: (d) => failed.push(d),
    });
    return manager;
  };

  beforeEach(() => {
    pool = createPoolKey();
    clock = new VirtualClock(Date.now());
    hold = undefined;
    gone.clear();
    failed.length = 0;
  });

  afterEach(async () => {
    await manager?.stop();
    await Promise.all(nodes.map((n) => n.kill()));
    nodes = [];
  });

  it('three FREE nodes at once: the least busy OPERATIONAL node of the site multicasts its cache; every node gets the same session and completes', async () => {
    const busy = await node('busy', 'OPERATIONAL', 'shop', 3);
    const calm = await node('calm', 'OPERATIONAL', 'shop', 3);
    busy.cpu = 0.9;
    calm.cpu = 0.1;
    await node('other-site', 'OPERATIONAL', 'blog', 3);
    const fresh = await Promise.all(['n1', 'n2', 'n3'].map((n) => node(n, 'FREE')));
    const m = make();
    const stepsSeen = new Set<string>();
    m.changes.subscribe((x) => { for (const n of x.nodes) if (n.node === 'n1' && n.step) stepsSeen.add(n.step); });
    const { deployment, done } = m.deploy({ site: 'shop', version: 3, nodes: ['n1', 'n2', 'n3'] });
    expect(deployment.state).to.equal('preparing');
    const d = await done;

    expect(calm.snapshots).to.have.length(1);
    expect(busy.snapshots).to.have.length(0);
    expect(calm.snapshots[0]).to.deep.include({ site: 'shop', version: 3, group: CACHE_GROUP, interface: '127.0.0.1' });
    expect(calm.snapshots[0].receivers).to.deep.equal(['n1', 'n2', 'n3']);
    for (const n of fresh) {
      expect(n.starts).to.have.length(1);
      expect(n.starts[0].req).to.deep.include({ deploymentId: d.id, site: 'shop', version: 3, storeUrl: STORE });
      expect(n.starts[0].req.cache).to.deep.include({ sessionId: 'session-of-calm', group: CACHE_GROUP, sourceNode: 'calm' });
      expect(n.state).to.equal('OPERATIONAL');
    }
    // At once: every StartDeployment went out before any node could finish its seven steps.
    const starts = fresh.map((n) => n.starts[0].at);
    expect(Math.max(...starts) - Math.min(...starts)).to.be.below(DEPLOY_STEPS.length * fresh[0].stepMs);

    expect(d).to.deep.include({ state: 'complete', cacheSource: 'calm', sessionId: 'session-of-calm', site: 'shop', version: 3, storeUrl: STORE });
    expect(d.message).to.match(/cache source calm, the least busy of 2 OPERATIONAL node\(s\) of shop \(CPU 10 %\): 42 files, 4200 bytes/);
    for (const nd of d.nodes) {
      expect(nd.state).to.equal('complete');
      expect(nd.steps.map((s) => s.step)).to.deep.equal(DEPLOY_STEPS);
      expect(nd.files).to.equal(70);
      expect(nd.filesFromCacheSource).to.equal(35);
    }
    expect(d.startedAt).to.be.a('number');
    // Each step the node enters once it is watched reaches the manager's changes (what lama deploy prints).
    expect([...stepsSeen].slice(-5)).to.deep.equal(DEPLOY_STEPS.slice(-5));
    expect(failed).to.deep.equal([]);
    expect(m.list().map((x) => x.id)).to.deep.equal([d.id]);
  });

  it('without a configured cache interface each receiver joins on its own default, not on the source\'s address (nodes on separate hosts)', async () => {
    const source = await node('source', 'OPERATIONAL', 'shop', 3);
    const fresh = await node('n1', 'FREE');
    const d = await make({ cacheInterface: '' }).deploy({ site: 'shop', version: 3, nodes: ['n1'] }).done;
    expect(d.state).to.equal('complete');
    expect(source.snapshots[0]).to.deep.include({ interface: '' });
    expect(fresh.starts[0].req.cache).to.deep.include({ sourceNode: 'source', interface: '' });
  });

  it('the first deployment (no OPERATIONAL node of the site) fetches from the store: no snapshot, no cache session', async () => {
    await node('other', 'OPERATIONAL', 'blog', 1);
    const n1 = await node('n1', 'FREE');
    const d = await make().deploy({ site: 'shop', nodes: ['n1'] }).done;
    expect(d.state).to.equal('complete');
    expect(d.cacheSource).to.equal(undefined);
    expect(d.message).to.equal('no OPERATIONAL node of shop: every object comes from the store');
    expect(n1.starts[0].req.cache).to.equal(null);
    expect(n1.starts[0].req.version).to.equal(0);
  });

  it('a node that fails, one that times out and one that dies: each is reported and cleaned (where it can be), the others finish, one alert', async () => {
    await node('src', 'OPERATIONAL', 'shop', 1);
    const ok = await node('ok', 'FREE');
    const bad = await node('bad', 'FREE');
    const slow = await node('slow', 'FREE');
    const dead = await node('dead', 'FREE');
    bad.script = 'fail';
    slow.script = 'hang';
    dead.script = 'die';
    const alerts = new AlertManager({ clock });
    const raised: string[] = [];
    alerts.alerts.subscribe((a) => raised.push(a.message));
    const m = make({ timeoutMs: 30_000 });
    const run = m.deploy({ site: 'shop', version: 1, nodes: ['ok', 'bad', 'slow', 'dead'] });
    let result: Deployment | undefined;
    void run.done.then((d) => {
      result = d;
      alerts.deploymentFailed(d);
    });
    const state = (n: string) => m.list()[0].nodes.find((x) => x.node === n);
    await until('ok complete, bad failed and cleaned', () => state('ok')?.state === 'complete' && state('bad')?.cleanup === 'clean');
    expect(bad.cleanings).to.deep.equal([{ deploymentId: run.deployment.id, keepCache: false }]);
    expect(state('bad')).to.deep.include({ state: 'failed', reason: "map: '/var/www/index.html' exists and is not ours" });
    // The dead node's stream broke; while it is registered the manager keeps trying...
    await until('dead killed', () => dead.killed);
    clock.advance(2000);
    expect(state('dead')?.state).to.equal('deploying');
    // ...until its lease expires and it leaves the pool.
    gone.add('dead');
    clock.advance(1000);
    await until('dead failed', () => state('dead')?.state === 'failed');
    expect(state('dead')?.reason).to.match(/^the node left the pool/);
    // The hung node times out on the manager's clock, and is cleaned once its procedure ends.
    expect(state('slow')?.state).to.equal('deploying');
    clock.advance(30_000);
    await until('slow timed out', () => state('slow')?.state === 'timed-out');
    expect(state('slow')?.reason).to.equal('no DEPLOYMENT-COMPLETE within 30 s (last seen: DEPLOYING in receive-cache)');
    expect(state('slow')?.cleanup).to.equal('cleaning');
    slow.giveUp('receive-cache: the session ended');
    await until('slow cleaned', () => state('slow')?.cleanup === 'clean');
    await until('deployment ended', () => result !== undefined);
    expect(slow.state).to.equal('FREE');
    expect(ok.state).to.equal('OPERATIONAL');
    expect(result!.state).to.equal('partial');
    expect(result!.nodes.find((n) => n.node === 'dead')?.cleanup).to.match(/^failed: /);
    expect(failed.map((d) => d.id)).to.deep.equal([result!.id]);
    expect(raised).to.have.length(1);
    expect(raised[0]).to.match(/^deployment d-\w+-1 of shop@1: 3 of 4 nodes did not complete: bad failed \(map: .*\), cleanup clean; slow timed-out .*; dead failed \(the node left the pool/);
  });

  it('passes on a node\'s counter-only progress at most every 250 ms (a node may report every file)', async () => {
    const n1 = await node('n1', 'FREE');
    n1.script = 'hang';
    const m = make();
    const run = m.deploy({ site: 'shop', nodes: ['n1'] });
    // Hung in receive-cache after three steps.
    await until('n1 hangs in receive-cache', () => m.list()[0].nodes[0].steps.length === 3);
    let changes = 0;
    m.changes.subscribe(() => changes++);
    const base = m.list()[0].nodes[0].files;
    for (let i = 0; i < 5; i++) n1.receivedFile();
    n1.receivedFile();
    await until('the reports arrived', () => m.list()[0].nodes[0].files === base + 6);
    expect(changes).to.equal(0);
    clock.advance(250);
    n1.receivedFile();
    await until('the next one goes out', () => changes === 1);
    expect(m.list()[0].nodes[0].files).to.equal(base + 7);
    n1.giveUp('receive-cache: cancelled');
    expect((await run.done).nodes[0]).to.deep.include({ state: 'failed', files: base + 7, cleanup: 'clean' });
  });

  it('refuses, before sending anything: an unknown node, a node that is not FREE, a node twice, a bad site, no store', async () => {
    const n1 = await node('n1', 'FREE');
    const op = await node('op', 'OPERATIONAL', 'shop', 2);
    const m = make();
    expect(() => m.deploy({ site: 'shop', nodes: ['n1', 'ghost'] })).to.throw(UnknownNodeError, "node 'ghost' is not registered in the pool");
    expect(() => m.deploy({ site: 'shop', nodes: ['n1', 'op'] })).to.throw(NotFreeError, "node 'op' is OPERATIONAL (shop@2), not FREE: nothing was deployed (clean it first: lama clean op)");
    expect(() => m.deploy({ site: 'shop', nodes: ['n1', 'n1'] })).to.throw(DeploymentRequestError, "node 'n1' is named twice");
    expect(() => m.deploy({ site: 'Shop!', nodes: ['n1'] })).to.throw(DeploymentRequestError, "site name 'Shop!'");
    expect(() => m.deploy({ site: 'shop', nodes: [] })).to.throw(DeploymentRequestError, 'name at least one node');
    expect(() => m.deploy({ site: 'shop', nodes: ['n1'], storeUrl: 'ftp://x' })).to.throw(DeploymentRequestError, "store URL 'ftp://x' is not an http(s) URL");
    expect(() => make({ storeUrl: undefined }).deploy({ site: 'shop', nodes: ['n1'] })).to.throw(DeploymentRequestError, 'no site store');
    expect(n1.starts).to.have.length(0);
    expect(op.cleanings).to.have.length(0);
    expect(m.list()).to.deep.equal([]);
    // A node in a deployment under way is not FREE for another.
    n1.script = 'hang';
    m.deploy({ site: 'shop', nodes: ['n1'] });
    expect(() => m.deploy({ site: 'blog', nodes: ['n1'] })).to.throw(NotFreeError, /still under way/);
  });

  it('waits while the partition brake holds, then deploys', async () => {
    const n1 = await node('n1', 'FREE');
    hold = 'partition: 3 nodes expired together (a, b, c)';
    const m = make();
    const seen: string[] = [];
    m.changes.subscribe((d) => seen.push(d.state));
    const run = m.deploy({ site: 'shop', nodes: ['n1'] });
    await until('waiting', () => m.list()[0].state === 'waiting');
    expect(m.list()[0].message).to.equal(`waiting: ${hold}`);
    clock.advance(5000);
    expect(n1.starts).to.have.length(0);
    hold = undefined;
    clock.advance(500);
    const d = await run.done;
    expect(d.state).to.equal('complete');
    expect(seen[0]).to.equal('preparing');
    expect(seen).to.include('waiting');
    expect(seen.at(-1)).to.equal('complete');
  });

  it('stopped while the brake holds: nothing is sent, the deployment ends failed without an alert', async () => {
    const n1 = await node('n1', 'FREE');
    hold = 'partition: 3 nodes expired together (a, b, c)';
    const m = make();
    const run = m.deploy({ site: 'shop', nodes: ['n1'] });
    await until('waiting', () => m.list()[0].state === 'waiting');
    await m.stop();
    clock.advance(500);
    const d = await run.done;
    expect(d.state).to.equal('failed');
    expect(d.nodes[0].reason).to.equal('the grand agent stopped before the deployment started');
    expect(n1.starts).to.have.length(0);
    expect(failed).to.deep.equal([]);
  });

  it('cleans an OPERATIONAL node back to FREE (keep-cache passed on); a FREE node is already clean', async () => {
    const op = await node('op', 'OPERATIONAL', 'shop', 2);
    await node('free', 'FREE');
    const d = await make().clean({ nodes: ['op', 'free'], keepCache: true }).done;
    expect(d).to.deep.include({ kind: 'clean', state: 'complete', site: '' });
    expect(d.nodes.map((n) => [n.node, n.state])).to.deep.equal([['op', 'clean'], ['free', 'clean']]);
    expect(op.cleanings).to.deep.equal([{ deploymentId: '', keepCache: true }]);
    expect(op.state).to.equal('FREE');
  });

  it('chooseCacheSource: same version first, then the lowest CPU, then the lowest transmit rate, then the name; never a target node', () => {
    const n = (name: string, state: string, site: string, version: number, cpu?: number, tx?: number) => ({
      name, endpoint: '', owner: name, attributes: [{ type: 'lama.Lifecycle', fields: { state, site, version: String(version) } }],
      ...(cpu !== undefined && { cpuUtilization: cpu }), ...(tx !== undefined && { txBitsPerSec: tx }),
    });
    const all = [n('a', 'OPERATIONAL', 'shop', 1, 0.1), n('b', 'OPERATIONAL', 'shop', 2, 0.5, 900), n('c', 'OPERATIONAL', 'shop', 2, 0.5, 100), n('d', 'DEPLOYING', 'shop', 2, 0)];
    expect(chooseCacheSource(all, 'shop', 2, new Set())?.node.name).to.equal('c');
    expect(chooseCacheSource(all, 'shop', 0, new Set())?.node.name).to.equal('c');
    expect(chooseCacheSource(all, 'shop', 2, new Set(['c']))?.node.name).to.equal('b');
    const older = chooseCacheSource(all, 'shop', 3, new Set());
    expect([older?.node.name, older?.version, older?.why]).to.deep.equal(['a', 1, 'the least busy of 3 OPERATIONAL node(s) of shop (CPU 10 %, holding version 1 (none runs 3))']);
    expect(chooseCacheSource(all, 'blog', 0, new Set())).to.equal(undefined);
  });
});
