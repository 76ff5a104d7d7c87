import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'chai';
import { serveStore, type StoreServer } from '@lama/agent';
import { GrandClient, type DeploymentJson } from '@lama/grand-agent';
import { loadCredential, type Credential } from '@lama/lookup';
import { contentDigest, freePort, sleep, treeDigest, until } from '@lama/testkit';
import { ROOT, lamaSync, startLama, type LamaProcess, type LogLine } from './helpers/lama-process.js';
import { writePages } from './helpers/site-pages.js';
import { publishSite } from './helpers/site-publish.js';
import { writeWithMode } from './helpers/write-file.js';
import { TestPool } from './helpers/pool.js';
import { dispatcherMembers } from './helpers/dispatcher-members.js';

// This file's own loopback group and port.
const MDNS = { LAMA_MDNS_INTERFACE: '127.0.0.1', LAMA_MDNS_GROUP: '239.255.76.133', LAMA_MDNS_PORT: '16133' };
const LEASE_MS = 2000;
const FIXTURE = join(ROOT, 'test', 'fixtures', 'load-adapter.mjs');
const NODES = ['node-1', 'node-2', 'node-3'];
const member = (n: string): string => `127.0.0.1:${18330 + NODES.indexOf(n)}`;
// Sited: an add deploys `slow` (its post-mapping script takes 4 s) onto a FREE node, then Start, then the dispatcher.
const SERVICE = {
  name: 'news', role: 'web', metric: 'web.load', adapter: 'web', capacityPerNode: 100, minNodes: 1, maxNodes: 3, periodMs: 300,
  cooldownAddMs: 500, cooldownReleaseMs: 600_000, leadTimeMs: 0, predictor: { kind: 'threshold' }, site: 'slow',
  dispatcher: { node: 'disp', adapter: 'svc', drainMs: 0 },
};

/**
 * Restarts with work under way (issue 17 item 2): the grand agent killed with SIGKILL in the
 * middle of an allocator add (its deployment running) and in the middle of a `lama deploy`,
 * then started again on the same state directory. What was open is finished (the add: its
 * deployment followed to the end, then Start and the dispatcher) or judged failed and cleaned
 * (the deployment whose script fails), exactly one record each, nothing asked of a node twice,
 * no second add, one alert.
 */
describe('faults: grand agent kill -9 with a deployment and an add under way (system: lama grand with --state-dir, a store, a dispatcher and three agents)', function () {
  this.timeout(120_000);
  const pool = new TestPool();
  const procs: LamaProcess[] = [];
  const agents: Record<string, LamaProcess> = {};
  const roots: Record<string, string> = {};
  let store: StoreServer | undefined;
  let grandArgs: string[];
  let grand: LamaProcess;
  let api: GrandClient | undefined;
  let controller: Credential;
  let ctlFile = '';
  let endpoint = '';

  const disk = (n: string): string => `${treeDigest(roots[n])} ${JSON.stringify(contentDigest(roots[n]))}`;
  const startGrand = async (): Promise<void> => {
    grand = startLama(grandArgs, MDNS);
    procs.push(grand);
    endpoint = String((await grand.waitForLog((l) => l.msg === 'grand agent running', 30_000)).endpoint);
    api?.close();
    api = new GrandClient(endpoint, controller);
  };
  let killedAt = 0;
  const killAndRestart = async (): Promise<void> => {
    await grand.stop('SIGKILL');
    killedAt = Date.now();
    await startGrand();
    for (const p of Object.values(agents)) await p.waitForLog((l) => l.msg === 'registered' && Number(l.time) >= killedAt, 15_000);
  };
  const since = (ms: number): string => `${((ms - killedAt) / 1000).toFixed(1)} s`;
  const record = async (pred: (d: DeploymentJson) => boolean, what: string, ms = 20_000): Promise<DeploymentJson> => {
    let found: DeploymentJson | undefined;
    await until(what, async () => {
      found = (await api!.deployments()).find(pred);
      return found !== undefined;
    }, ms);
    return found!;
  };
  const members = (): Promise<string> => dispatcherMembers(api!, controller, 'disp', 'svc');
  /** How many times the node's life cycle entered DEPLOYING (StartDeployment taken; a line comes at every change of the record). */
  const deployingCount = (n: string): number => agents[n].logs.filter((l: LogLine) => l.msg === 'lifecycle').map((l) => l.state)
    .filter((state, i, all) => state === 'DEPLOYING' && all[i - 1] !== 'DEPLOYING').length;

  before(async () => {
    ctlFile = pool.issue('operator', 'controller');
    controller = loadCredential(ctlFile);
    const storeDir = join(pool.dir, 'store');
    for (const site of ['slow', 'bad']) writePages(join(pool.dir, site), 5, 2000);
    writeWithMode(join(pool.dir, 'slow', 'bin/wait.sh'), '#!/bin/sh\nsleep 4\n', 0o755);
    writeWithMode(join(pool.dir, 'bad', 'bin/fail.sh'), '#!/bin/sh\nsleep 3\necho "the site cannot be set up here" >&2\nexit 3\n', 0o755);
    publishSite({ site: 'slow', tree: join(pool.dir, 'slow'), storeDir, credential: ctlFile, definition: [
      'mapping:', '  - {shared: htdocs, local: /srv/slow/htdocs, policy: mkdir, script: bin/wait.sh}', 'adapters:',
      "  - {name: web, type: process, options: {command: /bin/sleep, args: ['1243'], roles: [web], startMs: 200}}", ''].join('\n') });
    publishSite({ site: 'bad', tree: join(pool.dir, 'bad'), storeDir, credential: ctlFile,
      definition: 'mapping:\n  - {shared: htdocs, local: /srv/bad/htdocs, policy: mkdir, script: bin/fail.sh}\n' });
    store = await serveStore(storeDir, { host: '127.0.0.1', port: await freePort() });
    // A fixed port and a state directory: the restarted grand agent is where it was and reads what the first one wrote.
    grandArgs = ['grand', '--credential', pool.issue('grand', 'lookup,controller'), '--listen', `127.0.0.1:${await freePort()}`, '--state-dir', join(pool.dir, 'grand-state'),
      '--store-url', store.url, '--announce-interval-ms', '500', '--monitor-interval-ms', '300', '--alert-settle-ms', '300', '--node-lease-ms', String(LEASE_MS),
      '--deploy-timeout-ms', '30000', '--service', JSON.stringify(SERVICE)];
    const disp = startLama(['agent', '--name', 'disp', '--credential', pool.issue('disp', 'agent'), '--listen', '127.0.0.1:0', '--lease-ms', String(LEASE_MS),
      '--metrics-interval-ms', '300', '--adapter', JSON.stringify({ name: 'svc', module: FIXTURE, autostart: true, options: { roles: ['dispatcher'] } })], MDNS);
    agents.disp = disp;
    procs.push(disp);
    for (const n of NODES) {
      roots[n] = join(pool.dir, 'disks', n);
      mkdirSync(join(roots[n], 'srv'), { recursive: true });
      writeFileSync(join(roots[n], 'srv', 'README'), `${n}'s own file\n`);
      agents[n] = startLama(['agent', '--name', n, '--credential', pool.issue(n, 'agent'), '--listen', '127.0.0.1:0', '--lease-ms', String(LEASE_MS),
        '--metrics-interval-ms', '300', '--state-dir', join(pool.dir, 'state', n), '--deploy-root', roots[n],
        '--attribute', JSON.stringify({ type: 'lama.Endpoint', fields: { adapter: 'web', endpoint: member(n) } })], MDNS);
      procs.push(agents[n]);
    }
    for (const p of Object.values(agents)) await p.waitForLog((l) => l.msg === 'agent running', 30_000);
  });

  after(async () => {
    api?.close();
    await Promise.all(procs.map((p) => p.stop('SIGTERM', 5000)));
    await store?.close();
    pool.remove();
  });

  let added = '';

  it('an add killed while its deployment runs: the restarted grand agent follows that deployment to the end, then Starts the node and adds it to the dispatcher, once', async () => {
    // The grand agent starts after the agents' disks are known: minNodes 1 makes it add one FREE node at once.
    await startGrand();
    const d = await record((x) => x.nodes[0]?.step === 'map', 'the add\'s deployment to reach its post-mapping script');
    added = d.nodes[0].node;
    await killAndRestart();
    const running = Number((grand.logs.find((l) => l.msg === 'grand agent running'))?.time);
    const done = await grand.waitForLog((l) => l.msg === `add ${added} (resumed): done`, 40_000);
    console.log(`    after the kill: running again ${since(running)}, the add finished ${since(Number(done.time))}`);
    // Allocator periods and more than a lease: time for a second add, had the first been forgotten.
    await sleep(1500);

    const list = await api!.deployments();
    console.log(`    ${d.id}: ${list[0]?.state}, ${list[0]?.message}`);
    expect(list.map((x) => [x.id, x.kind, x.state, x.nodes.map((n) => n.node)]), JSON.stringify(list.map((x) => [x.id, x.state, x.message, x.nodes]))).to.deep.equal([[d.id, 'deploy', 'complete', [added]]]);
    expect(list[0].nodes[0].steps.map((s) => s.step)).to.include.members(['map', 'start-services']);
    const p = await api!.pool();
    expect(p.services[0].serving).to.deep.equal([added]);
    // The items' lama.Lifecycle reaches the view through the lookup service, a moment after the node's own report.
    const lifecycles = async (): Promise<string> => JSON.stringify((await api!.pool()).nodes.filter((n) => NODES.includes(n.node)).map((n) => [n.node, n.lifecycle.split(' ')[0]]));
    const expected = JSON.stringify(NODES.map((n) => [n, n === added ? 'OPERATIONAL' : 'FREE']));
    await until('the view to show the added node OPERATIONAL and the others FREE', async () => (await lifecycles()) === expected, 10_000).catch(async () => {
      expect(await lifecycles()).to.equal(expected);
    });
    expect(await members()).to.equal(member(added));
    expect(await api!.decisions({ actionsOnly: true })).to.deep.equal([]);
    expect(await api!.alerts()).to.deep.equal([]);
    expect(deployingCount(added)).to.equal(1);
    expect(existsSync(join(pool.dir, 'grand-state', 'allocations.json'))).to.equal(true);
    expect(JSON.parse(readFileSync(join(pool.dir, 'grand-state', 'allocations.json'), 'utf8'))).to.deep.equal({ v: 1, open: [] });
  });

  it('a lama deploy killed mid-way whose node then fails: the restarted grand agent records it failed with the reason, cleans the node back to FREE and alerts once', async () => {
    const target = NODES.find((n) => n !== added)!;
    const before = disk(target);
    const stream = api!.deploy({ site: 'bad', nodes: [target] }).subscribe({ error: () => undefined });
    const d = await record((x) => x.site === 'bad' && x.nodes[0]?.step === 'map', 'the deployment to reach its post-mapping script');
    await killAndRestart();
    stream.unsubscribe();
    const end = await record((x) => x.id === d.id && x.ended !== undefined, 'the resumed deployment to end', 40_000);
    console.log(`    ${d.id}: ${end.state} ${since(Date.parse(end.ended!))} after the kill, ${end.message}`);
    expect(end.state).to.equal('failed');
    expect(end.nodes[0].state).to.equal('failed');
    expect(end.nodes[0].reason).to.match(/^map: /);
    expect(end.nodes[0].cleanup).to.equal('clean');
    // Exactly one record of each, in the order they began, as the operator's command prints them.
    const r = lamaSync(['deployments', '--json', '--credential', ctlFile, '--grand', endpoint], MDNS);
    expect(r.status, r.stderr).to.equal(0);
    const listed = JSON.parse(r.stdout) as DeploymentJson[];
    expect(listed.map((x) => [x.site, x.state])).to.deep.equal([['slow', 'complete'], ['bad', 'failed']]);
    expect(listed[1].nodes[0].reason).to.equal(end.nodes[0].reason);
    await until(`${target} FREE in the pool`, async () => (await api!.pool()).nodes.find((n) => n.node === target)?.lifecycle === 'FREE', 10_000);
    expect(disk(target)).to.equal(before);
    expect(deployingCount(target)).to.equal(1);
    await sleep(1000);
    const alerts = await api!.alerts();
    expect(alerts.map((a) => [a.kind, a.deploymentId])).to.deep.equal([['deployment-failed', d.id]]);
    // The allocator took no action for it either: the served node is still the only one.
    expect(await api!.decisions({ actionsOnly: true })).to.deep.equal([]);
  });
});
