import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { lastValueFrom } from 'rxjs';
import { AgentClient, serveStore, type StoreServer } from '@lama/agent';
import { GrandClient, type Alert, type DeploymentJson } from '@lama/grand-agent';
import { loadCredential, type Credential } from '@lama/lookup';
import { freePort, isRunning, sleep, until } from '@lama/testkit';
import { startLama, type LamaProcess } from './helpers/lama-process.js';
import { TestPool } from './helpers/pool.js';
import { publishSite } from './helpers/site-publish.js';
import { writeWithMode as write } from './helpers/write-file.js';
import { sleeping } from './helpers/sleepers.js';

// Khnum's faults with real processes (issue 15, item 8): `lama grand` driving four `lama agent`
// processes on loopback. A node killed with SIGKILL in the middle of a deployment it shares
// with two others; a deployment asked while the partition brake holds (three agents frozen
// with SIGSTOP: to the grand agent their leases expire together, as behind a cut link); a
// cache session that the receiver cannot join, and a cache source that cannot start one.

const MDNS = { LAMA_MDNS_INTERFACE: '127.0.0.1', LAMA_MDNS_GROUP: '239.255.76.132', LAMA_MDNS_PORT: '16132' };
const CACHE_GROUP = '239.255.77.132:17132';
// TEST-NET-1 (RFC 5737), never an address of this host: a node told to run cache sessions on it
// cannot join the group (the kernel refuses the membership), so nothing is ever sent from it.
const NOT_HERE = '192.0.2.1';
const LEASE_MS = 3000;
// The site's 20 pages (84 KB) and its post-mapping script.
const FILES = 21;

describe('deployment faults (system: lama grand and four lama agent processes, loopback)', function () {
  this.timeout(120_000);
  const pool = new TestPool();
  const scratch = pool.dir;
  const procs: LamaProcess[] = [];
  const agents: Record<string, { proc: LamaProcess; args: string[]; root: string }> = {};
  let store: StoreServer;
  let controller: Credential;
  let api: GrandClient;

  const startAgent = async (name: string, args: string[]): Promise<LamaProcess> => {
    const proc = startLama(args, MDNS);
    procs.push(proc);
    agents[name] = { ...agents[name], proc, args };
    await proc.waitForLog((l) => l.msg === 'agent running', 30_000);
    return proc;
  };
  const lifecycleOf = async (node: string): Promise<string | undefined> => (await api.pool()).nodes.find((n) => n.node === node)?.lifecycle;
  const deploy = (nodes: string[]): Promise<DeploymentJson> => lastValueFrom(api.deploy({ site: 'news', nodes }));
  const clean = (nodes: string[]): Promise<DeploymentJson> => lastValueFrom(api.clean(nodes));
  const latest = async (): Promise<DeploymentJson> => (await api.deployments()).at(-1) as DeploymentJson;
  const counts = (d: DeploymentJson): [string, string, number, number][] => d.nodes.map((n) => [n.node, n.state, n.filesFromCacheSource, n.filesFromStore]);
  /** Holds a node's deployment in its post-mapping script: 'victim' sleeps there (and forks a sleeper), 'wait' until the file goes. */
  const hold = (node: string, how?: 'victim' | 'wait'): void => {
    const file = join(agents[node].root, 'hold');
    if (how) writeFileSync(file, how);
    else rmSync(file, { force: true });
  };

  before(async () => {
    expect(Object.values(networkInterfaces()).flat().map((i) => i?.address), `${NOT_HERE} must not be this host's`).not.to.include(NOT_HERE);
    const ctlFile = pool.issue('operator', 'controller');
    controller = loadCredential(ctlFile);
    const tree = join(scratch, 'news');
    for (let i = 0; i < 20; i++) write(join(tree, `htdocs/p${i}.html`), `<p>${i}</p>${'z'.repeat(4200 + i)}`);
    mkdirSync(join(tree, 'logs'), { recursive: true });
    write(join(tree, 'bin/hold.sh'), [
      '#!/bin/sh',
      'hold="$LAMA_LOCAL/../../../hold"',
      '[ -e "$hold" ] || exit 0',
      'if [ "$(cat "$hold")" = victim ]; then sleep 1262 & exec sleep 1261; fi',
      '# At most 8 s: the mapper gives a script 10.',
      'end=$(($(date +%s) + 8))',
      'while [ -e "$hold" ] && [ "$(date +%s)" -lt "$end" ]; do sleep 0.1; done',
      '',
    ].join('\n'), 0o755);
    const storeDir = join(scratch, 'store');
    publishSite({ site: 'news', tree, storeDir, credential: ctlFile, env: MDNS, definition: [
      'mapping:',
      '  - {shared: htdocs, local: /srv/news/htdocs, policy: mkdir}',
      '  - {shared: logs, local: /srv/news/logs, policy: mktree, script: bin/hold.sh}',
      '',
    ].join('\n') });
    store = await serveStore(storeDir, { host: '127.0.0.1', port: await freePort() });

    // No --cache-interface: each agent runs cache sessions on its own deploy.multicast.interface.
    // A session sends 80 kbit/s and ends after 1 s: never all of the site (its first burst is ~11 KB).
    const grandConfig = join(scratch, 'grand.yaml');
    writeFileSync(grandConfig, 'deploy:\n  rateBitsPerSec: 80000\n  snapshotDeadlineMs: 1000\n');
    const grand = startLama(['grand', '--config', grandConfig, '--credential', pool.issue('grand', 'lookup,controller'), '--listen', '127.0.0.1:0', '--store-url', store.url,
      '--cache-group', CACHE_GROUP, '--deploy-timeout-ms', '60000', '--monitor-interval-ms', '500', '--node-lease-ms', String(LEASE_MS)], MDNS);
    procs.push(grand);
    const endpoint = String((await grand.waitForLog((l) => l.msg === 'grand agent running', 30_000)).endpoint);
    api = new GrandClient(endpoint, controller);
    // node-4's cache sessions are on an interface this host does not have: it can neither receive nor send one.
    const deaf = join(scratch, 'node-4.yaml');
    writeFileSync(deaf, `deploy:\n  multicast:\n    interface: ${NOT_HERE}\n`);
    await Promise.all(['node-1', 'node-2', 'node-3', 'node-4'].map((name) => {
      const root = join(scratch, 'disks', name);
      mkdirSync(join(root, 'srv'), { recursive: true });
      agents[name] = { root } as (typeof agents)[string];
      return startAgent(name, ['agent', '--name', name, '--credential', pool.issue(name, 'agent'), '--listen', '127.0.0.1:0', '--lease-ms', String(LEASE_MS),
        '--state-dir', join(scratch, 'state', name), '--deploy-root', root, ...(name === 'node-4' ? ['--config', deaf] : [])]);
    }));
    await until('the grand agent sees four FREE nodes', async () => (await api.pool()).nodes.filter((n) => n.lifecycle === 'FREE').length === 4, 20_000, 200);
  });

  after(async () => {
    for (const p of procs) if (p.alive) process.kill(p.pid, 'SIGCONT');
    api?.close();
    await Promise.all(procs.map((p) => p.stop('SIGTERM', 5000)));
    for (const s of [1261, 1262]) for (const pid of sleeping(s)) process.kill(pid, 'SIGKILL');
    await store?.close();
    pool.remove();
  });

  it('a node killed (-9) mid-deployment: the two others finish; one alert, its lease-expired; restarted, it rolls back to FREE and no process of it is left', async () => {
    hold('node-1', 'wait');
    hold('node-2', 'wait');
    hold('node-3', 'victim');
    const run = deploy(['node-1', 'node-2', 'node-3']);
    // All three in their post-mapping scripts at once.
    await until('the three nodes in the map step', async () => (await latest()).nodes.every((n) => n.step === 'map') && sleeping(1261).length === 1, 20_000, 100);
    const [script] = sleeping(1261);
    const [forked] = sleeping(1262);
    const killedAt = Date.now();
    process.kill(agents['node-3'].proc.pid, 'SIGKILL');
    await agents['node-3'].proc.exited;
    // The script's leader dies with its agent (pdeathsig); what it forked waits for the restart's sweep.
    await until('the script to die with its agent', () => sleeping(1261).length === 0, 2000);
    expect(sleeping(1262)).to.deep.equal([forked]);
    hold('node-1');
    hold('node-2');

    const d = await run;
    expect(d.state).to.equal('partial');
    expect(counts(d).slice(0, 2)).to.deep.equal([['node-1', 'complete', 0, FILES], ['node-2', 'complete', 0, FILES]]);
    const dead = d.nodes[2];
    expect(dead).to.include({ node: 'node-3', state: 'failed' });
    expect(dead.reason).to.match(/^the node left the pool/);
    expect(dead.cleanup).to.match(/^failed: /);
    // The deployment's end came after the lease expired; the lease-expired alert after its settle window.
    await until('node-3\'s lease-expired alert', async () => (await api.alerts()).some((a) => a.kind === 'lease-expired' && a.node === 'node-3'), 10_000, 200);
    await sleep(1000);
    const alerts = await api.alerts();
    const aboutIt = alerts.filter((a: Alert) => a.node === 'node-3' || a.nodes?.includes('node-3'));
    expect(aboutIt.map((a) => a.kind)).to.deep.equal(['lease-expired']);
    expect(aboutIt[0].message).to.match(/^node node-3 stopped renewing its lease: it is presumed failed \(it was DEPLOYING \(news@1\)\)$/);
    expect(alerts.filter((a) => a.kind === 'deployment-failed')).to.deep.equal([]);
    expect(Date.now() - killedAt).to.be.lessThan(20_000);

    // Restarted, it sweeps what the killed run left, then rolls the deployment back to FREE by itself.
    hold('node-3');
    const again = await startAgent('node-3', agents['node-3'].args);
    const swept = again.logs.find((l) => l.msg === 'killed processes an earlier run of this agent left behind');
    expect(swept?.pids).to.deep.equal([forked]);
    expect(sleeping(1262)).to.deep.equal([]);
    expect(isRunning(script), 'the script\'s leader').to.equal(false);
    expect(again.logs.some((l) => l.msg === 'lifecycle' && l.state === 'FAILED' && l.reason === 'the agent restarted during the deployment')).to.equal(true);
    const endpoint = String(again.logs.find((l) => l.msg === 'agent running')?.endpoint);
    const status = new AgentClient(endpoint, controller, 10_000, { node: 'node-3' });
    try {
      expect((await status.status()).lifecycle).to.include({ state: 'FREE', site: '' });
    } finally {
      status.close();
    }
    await until('node-3 FREE on its lookup item', async () => (await lifecycleOf('node-3')) === 'FREE', 15_000, 200);
    expect(await lifecycleOf('node-1')).to.equal('OPERATIONAL (news@1)');
  });

  it('a cache session the receiver cannot join, and a cache source that cannot start one: the deployment completes, every file from the store', async () => {
    // node-1 or node-2 multicasts its cache; node-4 cannot join the group on its interface.
    let d = await deploy(['node-4']);
    expect(d.state, d.message).to.equal('complete');
    expect(d.cacheSource).to.be.oneOf(['node-1', 'node-2']);
    expect(counts(d)).to.deep.equal([['node-4', 'complete', 0, FILES]]);
    expect(agents['node-4'].proc.logs.some((l) => /^cache snapshot: could not join the session's group 239\.255\.77\.132:17132 on 192\.0\.2\.1: .*; the rest comes from the store$/.test(String(l.msg)))).to.equal(true);

    // node-4 the only OPERATIONAL node of the site: it is the cache source, and cannot start a session.
    // (Not node-3: its rolled-back deployment kept the verified objects, so it starts warm.)
    expect((await clean(['node-1', 'node-2'])).state).to.equal('complete');
    await until('node-2 FREE on its lookup item', async () => (await lifecycleOf('node-2')) === 'FREE', 10_000, 100);
    d = await deploy(['node-2']);
    expect(d.state, d.message).to.equal('complete');
    expect(d.cacheSource).to.equal(undefined);
    expect(d.message).to.match(/^cache source node-4 could not prepare a snapshot \(.*\): every object comes from the store$/);
    expect(counts(d)).to.deep.equal([['node-2', 'complete', 0, FILES]]);
    // From now on node-2 is the site's only OPERATIONAL node.
    expect((await clean(['node-4'])).state).to.equal('complete');
  });

  it('a deployment asked while the partition brake holds waits, sending nothing, and goes on when it releases', async () => {
    await until('node-1 FREE on its lookup item', async () => (await lifecycleOf('node-1')) === 'FREE', 10_000, 100);
    // Three of the four agents stop renewing at once: a partition, and allocation holds.
    const frozen = ['node-2', 'node-3', 'node-4'];
    for (const n of frozen) process.kill(agents[n].proc.pid, 'SIGSTOP');
    await until('the partition alert', async () => (await api.alerts()).some((a) => a.kind === 'partition'), 15_000, 200);
    const run = deploy(['node-1']);
    await until('the deployment waits', async () => (await latest()).state === 'waiting', 5000, 100);
    const waiting = await latest();
    expect(waiting.message).to.match(/^waiting: partition: 3 nodes expired together \(/);
    // node-1's life cycle lines of this deployment: none until the brake releases.
    const deploying = (): number => agents['node-1'].proc.logs.filter((l) => l.msg === 'lifecycle' && l.state === 'DEPLOYING' && l.deploymentId === waiting.id).length;
    await sleep(2000);
    expect((await latest()).state).to.equal('waiting');
    expect(deploying(), 'no StartDeployment while the brake holds').to.equal(0);
    expect(await lifecycleOf('node-1')).to.equal('FREE');

    // Back: their leases are renewed anew, the partition clears, the deployment goes on.
    for (const n of frozen) process.kill(agents[n].proc.pid, 'SIGCONT');
    const d = await run;
    expect(d.state, d.message).to.equal('complete');
    expect(counts(d).map(([n, s]) => [n, s])).to.deep.equal([['node-1', 'complete']]);
    expect(deploying()).to.be.greaterThan(0);
    const kinds = (await api.alerts()).map((a) => a.kind);
    expect(kinds.slice(kinds.indexOf('partition'))).to.deep.equal(['partition', 'partition-cleared']);
  });

  it('a cache session that ends before the node has everything (the source\'s deadline): the rest comes from the store', async () => {
    expect((await clean(['node-1'])).state).to.equal('complete');
    await until('node-1 FREE on its lookup item', async () => (await lifecycleOf('node-1')) === 'FREE', 10_000, 100);
    const d = await deploy(['node-1']);
    expect(d.state, d.message).to.equal('complete');
    expect(d.cacheSource).to.equal('node-2');
    const [[, , byMulticast, byStore]] = counts(d);
    expect(byMulticast + byStore).to.equal(FILES);
    expect(byStore).to.be.greaterThan(0);
    expect(agents['node-1'].proc.logs.some((l) => /^cache snapshot: the session ended incomplete \(deadline, \d+ files lacking\); the rest comes from the store$/.test(String(l.msg))), 'node-1 says why').to.equal(true);
  });
});
