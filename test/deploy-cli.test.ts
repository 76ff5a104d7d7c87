import { expect } from 'chai';
import { GrandClient, type Alert, type DeploymentJson } from '@lama/grand-agent';
import { issueCredential, readPoolKey, writeCredential, type Credential } from '@lama/lookup';
import { join } from 'node:path';
import { until } from '@lama/testkit';
import { LamaProcess, startLama } from './helpers/lama-process.js';
import { TestPool } from './helpers/pool.js';
import { DEPLOY_STEPS, ScriptedDeployer } from './helpers/scripted-deployer.js';

// This file's own loopback group and port (the cache group is only echoed by the scripted nodes: nothing is sent on it).
const GROUP = '239.255.76.119:16119';
const MDNS = ['--mdns-interface', '127.0.0.1', '--mdns-group', '239.255.76.119', '--mdns-port', '16119'];
const STORE = 'http://127.0.0.1:9/store';

/**
 * `lama deploy`, `lama deployments` and `lama clean` against a real `lama grand`, whose
 * deployment manager drives in-process Deployer servers registered in its lookup service as agents.
 */
describe('lama deploy / deployments / clean (system: a real lama grand, scripted Deployer nodes)', function () {
  this.timeout(60_000);
  const pool = new TestPool();
  const nodes: ScriptedDeployer[] = [];
  let grand: LamaProcess;
  let endpoint: string;
  let ctlFile: string;
  let api: GrandClient;
  let controller: Credential;

  /** Runs a lama client command without blocking this process (the scripted nodes must keep answering). */
  const lama = async (...args: string[]): Promise<{ code: number | null; out: string; err: string }> => {
    const p = startLama([...args, '--credential', ctlFile, '--grand', endpoint, ...MDNS]);
    const code = await p.exited;
    return { code, out: p.logs.map((l) => l.msg).join('\n'), err: p.stderr };
  };

  before(async () => {
    // Issued in process (one lama keys init is enough to have a pool on disk).
    const poolKey = readPoolKey(pool.poolDir);
    const issue = (name: string, roles: string[]): { credential: Credential; file: string } => {
      const credential = issueCredential(poolKey, { name, roles });
      const file = join(pool.dir, `${name}.cred`);
      writeCredential(file, credential);
      return { credential, file };
    };
    ({ credential: controller, file: ctlFile } = issue('operator', ['controller']));
    grand = startLama(['grand', '--credential', issue('grand', ['lookup', 'controller']).file, '--listen', '127.0.0.1:0', '--store-url', STORE,
      '--cache-group', GROUP, '--cache-interface', '127.0.0.1', '--deploy-timeout-ms', '20000', '--monitor-interval-ms', '500', ...MDNS]);
    endpoint = String((await grand.waitForLog((l) => l.msg === 'grand agent running')).endpoint);
    api = new GrandClient(endpoint, controller);
    const add = async (name: string, state: 'FREE' | 'OPERATIONAL', site?: string) => {
      const n = new ScriptedDeployer(name, issue(name, ['agent']).credential, { state, site, version: site ? 1 : 0 });
      // Steps long enough for the grand agent's progress stream to see each one.
      n.stepMs = 150;
      await n.start();
      await n.join(endpoint);
      nodes.push(n);
      return n;
    };
    await add('src', 'OPERATIONAL', 'shop');
    for (const n of ['n1', 'n2', 'n3']) await add(n, 'FREE');
    nodes[3].script = 'fail';
    await until('the grand agent sees the four nodes', async () => (await api.pool()).nodes.length === 4, 15_000);
    expect((await api.pool()).nodes.map((n) => [n.node, n.lifecycle])).to.deep.equal([['n1', 'FREE'], ['n2', 'FREE'], ['n3', 'FREE'], ['src', 'OPERATIONAL (shop@1)']]);
  });

  after(async () => {
    api?.close();
    for (const n of nodes) {
      await n.leave();
      await n.kill();
    }
    await grand?.stop('SIGKILL');
    pool.remove();
  });

  it('refuses a malformed SITE@VERSION before it contacts anyone, and a node that is not FREE with the grand agent\'s reason', async () => {
    let r = await lama('deploy', 'Shop@x', '--nodes', 'n1');
    expect(r.code).to.equal(1);
    expect(r.err).to.match(/site name 'Shop' must be 1-63 lowercase letters/);
    r = await lama('deploy', 'shop@1', '--nodes', 'n1,src');
    expect(r.code).to.equal(1);
    expect(r.err).to.include("node 'src' is OPERATIONAL (shop@1), not FREE: nothing was deployed (clean it first: lama clean src)");
    expect(nodes[1].starts).to.have.length(0);
  });

  it('lama deploy: every node at once with the cache source\'s session; the terminal shows each node\'s steps and seconds; one failed node is cleaned and alerted', async () => {
    const r = await lama('deploy', 'shop@1', '--nodes', 'n1,n2,n3');
    expect(r.code, r.err).to.equal(1);
    expect(r.out).to.match(/^deployment d-\w+-1: shop@1 on n1, n2, n3$/m);
    expect(r.out).to.match(/cache source src, the least busy of 1 OPERATIONAL node\(s\) of shop/);
    expect(r.out).to.match(/^ {2}n1 {2}deploying receive-cache$/m);
    expect(r.out).to.match(/^ {2}n1 {2}complete in \d+\.\d s \(stop-services 0\.\d, fetch-manifest 0\.\d, .*start-services 0\.\d\)$/m);
    expect(r.out).to.match(/^ {2}n3 {2}failed in .*: map: '\/var\/www\/index.html' exists and is not ours; cleanup clean$/m);
    expect(r.out).to.match(/^deployment d-\w+-1 partial: 2 of 3 nodes in \d+\.\d s; cache source src$/m);
    for (const n of nodes.slice(1)) expect(n.starts[0].req.cache).to.deep.include({ sessionId: 'session-of-src', group: GROUP });
    expect(nodes[0].snapshots[0].receivers).to.deep.equal(['n1', 'n2', 'n3']);
    expect(nodes.map((n) => n.state)).to.deep.equal(['OPERATIONAL', 'OPERATIONAL', 'OPERATIONAL', 'FREE']);

    const alerts: Alert[] = await api.alerts();
    expect(alerts.map((a) => a.kind)).to.deep.equal(['deployment-failed']);
    expect(alerts[0]).to.deep.include({ site: 'shop', version: 1, nodes: ['n3'] });
    expect(alerts[0].deploymentId).to.match(/^d-\w+-1$/);
    await grand.waitForLog((l) => l.alert === 'deployment-failed' && String(l.msg).startsWith('ALERT deployment-failed: deployment d-'));
  });

  it('lama deployments [--json]: the deployment kept with per-node step timings', async () => {
    const r = await lama('deployments', '--json');
    expect(r.code, r.err).to.equal(0);
    const list = JSON.parse(r.out) as DeploymentJson[];
    expect(list).to.have.length(1);
    const d = list[0];
    expect(d).to.deep.include({ kind: 'deploy', site: 'shop', version: 1, state: 'partial', cacheSource: 'src', sessionId: 'session-of-src', storeUrl: STORE });
    expect(d.seconds).to.be.a('number').and.above(0);
    expect(d.nodes.find((n) => n.node === 'n1')?.steps.map((s) => s.step)).to.deep.equal(DEPLOY_STEPS);
    expect(d.nodes.find((n) => n.node === 'n3')).to.deep.include({ state: 'failed', cleanup: 'clean' });
    const text = await lama('deployments');
    expect(text.out).to.match(/^ID +KIND +SITE +STATE +CACHE SOURCE +SECONDS +CREATED +NODES$/m);
    expect(text.out).to.match(/^d-\w+-1 +deploy +shop@1 +partial +src +\d+\.\d s .* n1:complete\/\d+\.\ds n2:complete\/\d+\.\ds n3:failed\/\d+\.\ds$/m);
  });

  it('lama clean NODE...: back to FREE, the cache kept when asked; an unknown node is refused', async () => {
    const r = await lama('clean', 'n1', 'n2', '--keep-cache');
    expect(r.code, r.err).to.equal(0);
    expect(r.out).to.match(/^cleaning c-\w+-2 complete: 2 of 2 nodes in \d+\.\d s$/m);
    expect(nodes[1].cleanings).to.deep.equal([{ deploymentId: nodes[1].deploymentId, keepCache: true }]);
    expect([nodes[1].state, nodes[2].state]).to.deep.equal(['FREE', 'FREE']);
    const bad = await lama('clean', 'ghost');
    expect(bad.code).to.equal(1);
    expect(bad.err).to.include("node 'ghost' is not registered in the pool");
  });
});
